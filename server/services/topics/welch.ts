/**
 * The difference of two means with its 95 % interval by Welch's t (unequal
 * variances, Welch–Satterthwaite degrees of freedom): how much lower or higher
 * responses that mention a topic score than those that do not.
 */
import { tQuantile } from '../scoring/studentT';

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
export function welchDifference(a: Sample, b: Sample, confidence = 0.95): Difference | null {
  if (a.n < 2 || b.n < 2) return null;
  const va = varianceOfSample(a) / a.n;
  const vb = varianceOfSample(b) / b.n;
  const se = Math.sqrt(va + vb);
  if (!(se > 0)) return null;
  const df = (va + vb) ** 2 / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const half = tQuantile(1 - (1 - confidence) / 2, df) * se;
  const difference = a.sum / a.n - b.sum / b.n;
  const ci: [number, number] = [difference - half, difference + half];
  return { difference, ci, significant: ci[0] > 0 || ci[1] < 0 };
}
