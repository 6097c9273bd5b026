/** Distributions over the seeded generator (server/services/random.ts), so two benchmark runs generate the same responses and compare. */

export type Rand = () => number;

/** A normal deviate (Box–Muller). */
export function normal(rand: Rand, mean = 0, sd = 1): number {
  const u = 1 - rand();
  const v = rand();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** An index drawn in proportion to `weights` (cumulative sums precomputed by `cumulative`). */
export function pickIndex(rand: Rand, cumulativeWeights: readonly number[]): number {
  const target = rand() * cumulativeWeights[cumulativeWeights.length - 1]!;
  let lo = 0;
  let hi = cumulativeWeights.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulativeWeights[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function cumulative(weights: readonly number[]): number[] {
  let total = 0;
  return weights.map((w) => (total += w));
}
