/**
 * Forbids import cycles between our own TypeScript modules (a small stand-in for
 * eslint-plugin-import's import/no-cycle, which does not support ESLint 10 and
 * re-resolves the graph per file). The graph is built once per lint run from the
 * files on disk: relative imports and re-exports that exist at run time count;
 * `import type`, `export type` and imports whose every name is `type` are erased
 * by the compiler and do not. Dynamic import() loads lazily and does not count.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const EXTENSIONS = ['.ts', '/index.ts'];
const graphs = new Map();

/** A top-level import or re-export starts a line: `import … from '…'`, `import '…'`, `export … from '…'`. */
const IMPORT_AT_LINE_START = /^(?:import|export)\b[^;]*?\bfrom\s*['"][^'"\n]*['"]|^import\s*['"][^'"\n]*['"]/gm;

/** The text up to the end of the last import: parsing only that keeps the rule fast (bodies are most of the text). */
function importHeader(text) {
  let end = 0;
  for (const m of text.matchAll(IMPORT_AT_LINE_START)) end = m.index + m[0].length;
  return text.slice(0, end);
}

/** The relative specifiers a file loads at run time. */
function runtimeImports(file) {
  const source = ts.createSourceFile(file, importHeader(fs.readFileSync(file, 'utf8')), ts.ScriptTarget.Latest, false);
  const out = [];
  for (const statement of source.statements) {
    let spec;
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      const onlyTypes = clause && !clause.name && named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      if (onlyTypes) continue;
      spec = statement.moduleSpecifier;
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      if (statement.isTypeOnly) continue;
      const named = statement.exportClause;
      if (named && ts.isNamedExports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly)) continue;
      spec = statement.moduleSpecifier;
    } else if (ts.isImportEqualsDeclaration(statement) && !statement.isTypeOnly && ts.isExternalModuleReference(statement.moduleReference)) {
      spec = statement.moduleReference.expression;
    }
    if (spec && ts.isStringLiteral(spec) && spec.text.startsWith('.')) out.push(spec.text);
  }
  return out;
}

export function resolveRelative(fromFile, spec) {
  const base = path.resolve(path.dirname(fromFile), spec);
  if (base.endsWith('.ts') && fs.existsSync(base)) return base;
  for (const ext of EXTENSIONS) if (fs.existsSync(base + ext)) return base + ext;
  return null;
}

function listTs(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) listTs(full, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
}

/** Tarjan's strongly connected components: every file in a component of two or more sits on a cycle. */
function components(edges) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const componentOf = new Map();
  let next = 0;
  const visit = (root) => {
    // Iterative, so a deep import chain cannot overflow the call stack.
    const work = [[root, 0]];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1];
      const [node, i] = frame;
      const targets = edges.get(node) ?? [];
      if (i < targets.length) {
        frame[1] = i + 1;
        const target = targets[i];
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push([target, 0]);
        } else if (onStack.has(target)) low.set(node, Math.min(low.get(node), index.get(target)));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(node)));
      }
      if (low.get(node) === index.get(node)) {
        const members = new Set();
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          members.add(member);
        } while (member !== node);
        for (const m of members) componentOf.set(m, members);
      }
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return componentOf;
}

function graphFor(roots) {
  const key = roots.join('\0');
  if (graphs.has(key)) return graphs.get(key);
  const files = [];
  for (const root of roots) if (fs.existsSync(root)) listTs(root, files);
  const edges = new Map();
  for (const file of files) {
    const targets = runtimeImports(file)
      .map((spec) => resolveRelative(file, spec))
      .filter(Boolean);
    edges.set(file, [...new Set(targets)]);
  }
  const graph = { edges, componentOf: components(edges) };
  graphs.set(key, graph);
  return graph;
}

/** The shortest way back from `from` to `to` inside one component, for the message. */
function pathBack(edges, component, from, to) {
  const previous = new Map([[from, null]]);
  const queue = [from];
  while (queue.length) {
    const node = queue.shift();
    if (node === to) break;
    for (const target of edges.get(node) ?? []) {
      if (!component.has(target) || previous.has(target)) continue;
      previous.set(target, node);
      queue.push(target);
    }
  }
  const steps = [];
  for (let node = to; node; node = previous.get(node)) steps.unshift(node);
  return steps;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'forbid import cycles between our own modules (type-only imports excepted)' },
    schema: [{ type: 'object', properties: { roots: { type: 'array', items: { type: 'string' } } }, additionalProperties: false }],
    messages: { cycle: 'import cycle: {{chain}}' },
  },
  create(context) {
    const cwd = context.cwd;
    const roots = (context.options[0]?.roots ?? ['server', 'scripts', 'test']).map((r) => path.resolve(cwd, r));
    const file = context.physicalFilename;
    const { edges, componentOf } = graphFor(roots);
    const component = componentOf.get(file);
    if (!component || component.size < 2) return {};
    const check = (node) => {
      if (!node.source || typeof node.source.value !== 'string' || !node.source.value.startsWith('.')) return;
      if (node.importKind === 'type' || node.exportKind === 'type') return;
      const target = resolveRelative(file, node.source.value);
      if (!target || !component.has(target) || !(edges.get(file) ?? []).includes(target)) return;
      const chain = [file, ...pathBack(edges, component, target, file)].map((f) => path.relative(cwd, f)).join(' → ');
      context.report({ node: node.source, messageId: 'cycle', data: { chain } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};
