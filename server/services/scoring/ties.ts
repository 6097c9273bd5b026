/**
 * Statistical ties in a ranking (docs/scoring.md §10): every pair of sites is
 * tested (difference of two independent estimates, z = d/√(Var₁ + Var₂)), the
 * p-values are corrected for the number of pairs by Holm's step-down method
 * (family-wise error 5%), and the verdicts become a compact letter display:
 * sites sharing a letter are not significantly different; sites with no
 * letter in common are. Letters come from Piepho's insert-and-absorb
 * algorithm (2004), named in ranking order, so the leader's group is "a".
 */
import { twoSidedP } from './difference';

export const FAMILY_ALPHA = 0.05;

/** Holm-adjusted p-values in the input order: p₍ₖ₎·(m − k + 1), made monotone, capped at 1. */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, p * (m - k)));
    adjusted[i] = running;
  });
  return adjusted;
}

export interface RankedEstimate {
  key: string;
  score: number | null;
  variance: number | null;
}

export interface TieGroups {
  /** Site key → its letters ("a", "ab"); sites without a variance are left out. */
  letters: Record<string, string>;
  /** Pairs tested (m of the correction). */
  comparisons: number;
  /** Pairs that differ after the correction. */
  differing: Array<[string, string]>;
  correction: 'holm';
  alpha: number;
}

/** Letters from the significant pairs (insert-and-absorb); `keys` in ranking order. */
export function letterDisplay(keys: readonly string[], differing: ReadonlyArray<readonly [string, string]>): Record<string, string> {
  let columns: Array<Set<string>> = keys.length ? [new Set(keys)] : [];
  for (const [x, y] of differing) {
    const next: Array<Set<string>> = [];
    for (const column of columns) {
      if (column.has(x) && column.has(y)) {
        next.push(new Set([...column].filter((k) => k !== x)), new Set([...column].filter((k) => k !== y)));
      } else next.push(column);
    }
    // Absorb: a column inside another adds nothing.
    columns = next.filter((c, i) => !next.some((d, j) => j !== i && [...c].every((k) => d.has(k)) && (d.size > c.size || j < i)));
  }
  const rank = new Map(keys.map((k, i) => [k, i]));
  const firstOf = (c: Set<string>) => Math.min(...[...c].map((k) => rank.get(k)!));
  columns.sort((a, b) => firstOf(a) - firstOf(b));
  const letters: Record<string, string> = Object.fromEntries(keys.map((k) => [k, '']));
  columns.forEach((column, i) => {
    const letter = String.fromCharCode(97 + (i % 26)).repeat(1 + Math.floor(i / 26));
    for (const k of keys) if (column.has(k)) letters[k] += letter;
  });
  return letters;
}

/** Tie groups of the estimates, given in ranking order (best first). */
export function tieGroups(ranked: readonly RankedEstimate[], alpha = FAMILY_ALPHA): TieGroups {
  const tested = ranked.filter((r): r is RankedEstimate & { score: number; variance: number } => r.score !== null && r.variance !== null);
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < tested.length; i++) for (let j = i + 1; j < tested.length; j++) pairs.push([i, j]);
  const p = pairs.map(([i, j]) => twoSidedP(tested[i].score - tested[j].score, Math.sqrt(tested[i].variance + tested[j].variance)));
  const adjusted = holmAdjust(p);
  const differing = pairs.filter((_, k) => adjusted[k] < alpha).map(([i, j]) => [tested[i].key, tested[j].key] as [string, string]);
  return {
    letters: letterDisplay(
      tested.map((r) => r.key),
      differing,
    ),
    comparisons: pairs.length,
    differing,
    correction: 'holm',
    alpha,
  };
}
