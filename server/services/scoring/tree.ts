/**
 * Rolling indicator scores up the catalogue tree (indicator → item → level, or
 * indicator → level directly): a node's score is the maxPoints-weighted mean of
 * its children with data, with the composite variance rule (composite.ts).
 */
import type { CatalogueNode } from '../catalogues/types';
import { combine, compositeScore, CORRELATION_NOTE, type CompositeScore, type Estimate } from './composite';

/** What scoring needs of a catalogue: its identity and nodes (a LoadedCatalogue fits). */
export interface CatalogueLike {
  code: string;
  version: string;
  nodes: readonly CatalogueNode[];
}

export type NodeScore = CompositeScore & { kind: CatalogueNode['kind']; children: string[] };

export function childrenByParent(nodes: readonly CatalogueNode[]): Map<string, CatalogueNode[]> {
  const out = new Map<string, CatalogueNode[]>();
  for (const n of nodes) {
    if (n.parent === undefined) continue;
    const list = out.get(n.parent);
    if (list) list.push(n);
    else out.set(n.parent, [n]);
  }
  return out;
}

/**
 * Scores of the item and level nodes from indicator estimates.
 * `weightOf` gives each child's weight (maxPoints unless the project overrides it).
 */
export function rollUpTree(
  nodes: readonly CatalogueNode[],
  indicatorEstimates: ReadonlyMap<string, Estimate>,
  weightOf: (node: CatalogueNode) => number,
): Record<string, NodeScore> {
  const children = childrenByParent(nodes);
  const memo = new Map<string, Estimate>();
  const out: Record<string, NodeScore> = {};

  const estimateOf = (node: CatalogueNode, path: Set<string>): Estimate => {
    const known = memo.get(node.code);
    if (known) return known;
    if (node.kind === 'indicator') return indicatorEstimates.get(node.code) ?? { score: null, variance: null };
    if (path.has(node.code)) throw new Error(`catalogue cycle at ${node.code}`);
    const kids = children.get(node.code) ?? [];
    const inner = new Set(path).add(node.code);
    const combined = combine(kids.map((k) => ({ key: k.code, weight: weightOf(k), estimate: estimateOf(k, inner) })));
    memo.set(node.code, combined);
    const method =
      `${node.code} = Σ w·score / Σ w over its children with data (${combined.used.length} of ${kids.length}), ` +
      `w = maximum points; Var = Σ w²·Var / (Σ w)², 95% CI = ±1.96·√Var. ${CORRELATION_NOTE}`;
    out[node.code] = { ...compositeScore(combined, method), kind: node.kind, children: kids.map((k) => k.code) };
    return combined;
  };

  for (const node of nodes) if (node.kind !== 'indicator') estimateOf(node, new Set());
  return out;
}
