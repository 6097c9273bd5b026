/**
 * Loads the indicator catalogues in surveys/standards/ and checks them: a broken file must stop
 * the server at boot, never surface later as a score that does not add up.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ValidationError } from '../../errors';
import type { Catalogue, CatalogueNode, LoadedCatalogue } from './types';

/** A catalogue file or an override set breaks a rule; names the source, the node and the rule. */
export class CatalogueError extends ValidationError {
  constructor(
    message: string,
    readonly source: string,
    readonly node?: string,
  ) {
    super(message, node, 'invalid_catalogue');
  }
}

const SEGMENT = '[a-z][a-z0-9_]*';
const CODE = new RegExp(`^${SEGMENT}(\\.${SEGMENT})*$`);

const localizedText = z.object({ 'zh-CN': z.string(), en: z.string() }).strict();
const nodeSchema = z
  .object({
    code: z.string(),
    name: localizedText,
    kind: z.enum(['level', 'item', 'indicator']),
    parent: z.string().optional(),
    maxPoints: z.number().finite().nonnegative(),
    pointsSource: z.enum(['published', 'default', 'project']),
    evidence: z.array(z.enum(['onsite', 'perceived'])).optional(),
    dimensions: z.array(z.string()).optional(),
  })
  .strict();
export const catalogueSchema = z
  .object({
    code: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
    version: z.string().regex(/^\d+(\.\d+)*$/),
    name: localizedText,
    description: localizedText,
    totalPoints: z.number().finite().positive(),
    sources: z.array(z.string().min(1)).min(1),
    notes: z.string().optional(),
    dimensions: z.array(z.object({ code: z.string().min(1), name: localizedText }).strict()).optional(),
    nodes: z.array(nodeSchema).min(1),
  })
  .strict();

/** Points in integer hundredths: sums of 0.01-steps compare exactly, free of float drift. */
export function toHundredths(points: number): number {
  return Math.round(points * 100);
}
const show = (hundredths: number): string => String(hundredths / 100);
const article = (kind: string): string => `${kind === 'item' || kind === 'indicator' ? 'an' : 'a'} ${kind}`;

export function catalogueKey(code: string, version: string): string {
  return `${code}@${version}`;
}

/** Orders versions part by part, numerically where both parts are numbers ("1.10.0" > "1.9.2"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const d = Number.isInteger(nx) && Number.isInteger(ny) ? nx - ny : x.localeCompare(y);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** Throws CatalogueError unless the tree holds together; returns it with its lookups. */
export function checkCatalogue(catalogue: Catalogue, source: string): LoadedCatalogue {
  const fail = (node: CatalogueNode | undefined, rule: string): never => {
    const where = node ? ` ${node.kind} "${node.code}":` : '';
    throw new CatalogueError(`${source}:${where} ${rule}`, source, node?.code);
  };
  const byCode = new Map<string, CatalogueNode>();
  const childrenOf = new Map<string, CatalogueNode[]>();
  const dimensionCodes = new Set((catalogue.dimensions ?? []).map((d) => d.code));

  for (const node of catalogue.nodes) {
    if (byCode.has(node.code)) fail(node, 'duplicate code');
    byCode.set(node.code, node);
    if (!CODE.test(node.code)) fail(node, 'code must be lower-case dot-separated words (e.g. "execution.repair")');
    if (!node.name['zh-CN'].trim()) fail(node, 'name lacks a Chinese (zh-CN) text');
    if (!node.name.en.trim()) fail(node, 'name lacks an English text');
    if (Math.abs(node.maxPoints * 100 - toHundredths(node.maxPoints)) > 1e-6) fail(node, 'points must be a multiple of 0.01');
    if (node.kind === 'indicator') {
      if (!node.evidence?.length) fail(node, 'an indicator needs at least one evidence kind (onsite, perceived)');
      if (new Set(node.evidence).size !== node.evidence!.length) fail(node, 'evidence kinds repeat');
    } else if (node.evidence) fail(node, 'only indicators carry evidence kinds');
    for (const d of node.dimensions ?? []) {
      if (!dimensionCodes.has(d)) fail(node, `unknown perception dimension "${d}"`);
    }
  }

  for (const node of catalogue.nodes) {
    if (node.parent === undefined) {
      if (node.kind !== 'level') fail(node, `${article(node.kind)} needs a parent`);
      if (node.code.includes('.')) fail(node, 'a level code is a single word');
      continue;
    }
    const parent = byCode.get(node.parent);
    if (!parent) return fail(node, `parent "${node.parent}" does not exist`);
    // Kinds nest one way only, which also makes a parent cycle impossible.
    const allowed = node.kind === 'item' ? ['level'] : node.kind === 'indicator' ? ['level', 'item'] : [];
    if (!allowed.includes(parent.kind)) fail(node, `${article(node.kind)} cannot sit under ${article(parent.kind)} ("${parent.code}")`);
    // Codes are paths: a code tells where its node sits, so it stays readable in reports.
    if (!node.code.startsWith(`${parent.code}.`)) fail(node, `code must start with its parent's code "${parent.code}."`);
    childrenOf.set(parent.code, [...(childrenOf.get(parent.code) ?? []), node]);
  }

  for (const node of catalogue.nodes) {
    const children = childrenOf.get(node.code) ?? [];
    if (node.kind !== 'indicator' && children.length === 0) fail(node, 'has no children; every branch must end in indicators');
    if (children.length === 0) continue;
    const sum = children.reduce((s, c) => s + toHundredths(c.maxPoints), 0);
    if (sum !== toHundredths(node.maxPoints)) {
      const list = children.map((c) => `${c.code} ${c.maxPoints}`).join(', ');
      fail(node, `points of children of "${node.code}" sum to ${show(sum)}, expected ${node.maxPoints} (${list})`);
    }
  }
  const top = catalogue.nodes.filter((n) => n.parent === undefined);
  const total = top.reduce((s, n) => s + toHundredths(n.maxPoints), 0);
  if (total !== toHundredths(catalogue.totalPoints)) {
    fail(undefined, `points of the levels sum to ${show(total)}, expected totalPoints ${catalogue.totalPoints}`);
  }

  return {
    ...catalogue,
    byCode,
    childrenOf,
    indicators: catalogue.nodes.filter((n) => n.kind === 'indicator'),
  };
}

/** Parses one catalogue document (already JSON-decoded); `source` names it in errors. */
export function parseCatalogue(raw: unknown, source: string): LoadedCatalogue {
  const parsed = catalogueSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path;
    const nodes = (raw as { nodes?: Array<{ code?: unknown }> } | null)?.nodes;
    const code = path[0] === 'nodes' && typeof path[1] === 'number' ? nodes?.[path[1]]?.code : undefined;
    const where = typeof code === 'string' ? ` node "${code}":` : '';
    const rule = issue.code === 'unrecognized_keys' ? `unknown field "${issue.keys[0]}"` : `${path.join('.') || 'file'}: ${issue.message}`;
    throw new CatalogueError(`${source}:${where} ${rule}`, source, typeof code === 'string' ? code : undefined);
  }
  return checkCatalogue(parsed.data as Catalogue, source);
}

/** Walks up from `from` to the first folder holding surveys/standards: works from server/ and dist/server/. */
export function findSurveysDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'surveys', 'standards'))) return join(dir, 'surveys');
    if (dirname(dir) === dir) throw new Error(`no surveys/standards folder above ${from}`);
  }
}

/** Every *.json catalogue of `dir`, keyed "code@version". */
export function loadCatalogues(dir: string = join(findSurveysDir(), 'standards')): Map<string, LoadedCatalogue> {
  const catalogues = new Map<string, LoadedCatalogue>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (err) {
      throw new CatalogueError(`${file}: not valid JSON (${(err as Error).message})`, file);
    }
    const catalogue = parseCatalogue(raw, file);
    const key = catalogueKey(catalogue.code, catalogue.version);
    if (catalogues.has(key)) throw new CatalogueError(`${file}: ${key} is defined twice`, file);
    catalogues.set(key, catalogue);
  }
  return catalogues;
}

/** The catalogue `code` at `version`, or its latest version when none is given. */
export function findCatalogue(catalogues: ReadonlyMap<string, LoadedCatalogue>, code: string, version?: string): LoadedCatalogue | undefined {
  if (version !== undefined) return catalogues.get(catalogueKey(code, version));
  let latest: LoadedCatalogue | undefined;
  for (const c of catalogues.values()) {
    if (c.code === code && (!latest || compareVersions(c.version, latest.version) > 0)) latest = c;
  }
  return latest;
}

/**
 * A copy of `catalogue` where a certification project sets some points (indicators or items)
 * over our defaults. Published budgets stay fixed, and every parent must still add up.
 */
export function withPointOverrides(catalogue: LoadedCatalogue, overrides: Record<string, number>): LoadedCatalogue {
  const source = `${catalogueKey(catalogue.code, catalogue.version)} with project overrides`;
  for (const [code, points] of Object.entries(overrides)) {
    const node = catalogue.byCode.get(code);
    if (!node) throw new CatalogueError(`${source}: unknown code "${code}"`, source, code);
    const where = `${source}: ${node.kind} "${code}":`;
    if (node.pointsSource === 'published') {
      throw new CatalogueError(`${where} its points are published in the standard and cannot be overridden`, source, code);
    }
    if (typeof points !== 'number' || !Number.isFinite(points) || points < 0) {
      throw new CatalogueError(`${where} points must be a number ≥ 0, got ${String(points)}`, source, code);
    }
  }
  const nodes = catalogue.nodes.map((n) =>
    Object.hasOwn(overrides, n.code) ? { ...n, maxPoints: overrides[n.code]!, pointsSource: 'project' as const } : { ...n },
  );
  const { byCode: _b, childrenOf: _c, indicators: _i, pointOverrides: previous, ...plain } = catalogue;
  const checked = checkCatalogue({ ...plain, nodes }, source);
  return { ...checked, pointOverrides: { ...previous, ...overrides } };
}
