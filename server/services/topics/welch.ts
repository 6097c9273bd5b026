/**
 * The difference of two means with its 95 % interval by Welch's t (unequal
 * variances, Welch–Satterthwaite degrees of freedom): how much lower or higher
 * responses that mention a topic score than those that do not.
 */
import { welchDifference as meanDifference } from '../scoring/difference';

export interface Sample {
  n: number;
  sum: number;
  sumSquares: number;
}

export const emptySample = (): Sample => ({ n: 0, sum: 0, sumSquares: 0 });

export function addTo(sample: Sample, value: number): void {
  sample.n++;
  sample.sum += value;
  sample.sumSquares += value * value;
}

export const meanOfSample = (s: Sample): number | null => (s.n ? s.sum / s.n : null);

function varianceOfSample(s: Sample): number {
  // Clamped: rounding can leave a tiny negative for identical values.
  return Math.max(0, (s.sumSquares - (s.sum * s.sum) / s.n) / (s.n - 1));
}

export interface Difference {
  /** Mean of a minus mean of b. */
  difference: number;
  ci: [number, number];
  /** The interval excludes 0. */
  significant: boolean;
}

/** null when either side has fewer than two values, or neither varies (no interval to state). */
export function welchDifference(a: Sample, b: Sample): Difference | null {
  if (a.n < 2 || b.n < 2) return null;
  // The interval itself is the scoring engine's Welch interval, the one the dashboard's changes use.
  const asMean = (s: Sample) => ({ score: s.sum / s.n, n: s.n, sd: Math.sqrt(varianceOfSample(s)) });
  const d = meanDifference(asMean(a), asMean(b));
  if (!d.ci || !((d.se ?? 0) > 0)) return null;
  return { difference: d.change!, ci: d.ci, significant: d.ci[0] > 0 || d.ci[1] < 0 };
}
