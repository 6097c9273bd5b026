/**
 * Additive sufficient statistics for a mean and its confidence interval.
 *
 * Moments are kept in FIXED POINT: every value v (0–100) enters as the integer
 * round(v × MOMENT_SCALE), so `sum` and `sumSq` are integers. Integer sums are
 * exact in a double up to 2^53, which makes merging (and a store's atomic $inc)
 * associative and commutative to the last bit: a rollup rebuilt in any order
 * equals the live one. With MOMENT_SCALE = 1000 a value is kept to 0.001 point
 * (a response's rounding moves a mean by at most 0.0005) and sumSq stays exact
 * for up to 900,000 values of 100 in one aggregate (10^10 each).
 */
import { ValidationError } from '../../errors';
import { tQuantile } from './studentT';

export const MOMENT_SCALE = 1000;
/** Below this many responses a score is flagged "low sample". */
export const LOW_SAMPLE_N = 30;
/** The normal quantile the domain model uses for composite CIs (domain.md §3.5). */
export const Z95 = 1.96;

/** n, Σ round(v·SCALE), Σ round(v·SCALE)². Merge = field-wise addition. */
export interface Moments {
  n: number;
  sum: number;
  sumSq: number;
}

/** A score with its uncertainty, as shown next to every number. */
export interface ScoreSummary {
  /** Mean on 0–100; null without data. */
  score: number | null;
  n: number;
  /** Sample SD (n − 1); null when n < 2 (undefined, not 0, so no CI is falsely narrow). */
  sd: number | null;
  /** Standard error √Var of the score; null when the variance is undefined. */
  se: number | null;
  /** Var of the score (SD²/n for a mean); null when undefined. */
  variance: number | null;
  /** Confidence interval clipped to 0–100 for display; null when the variance is undefined. */
  ci: [number, number] | null;
  /** The same interval before clipping (may leave 0–100 for small samples). */
  ciUnclipped: [number, number] | null;
  /** n < 30. */
  lowSample: boolean;
}

export function emptyMoments(): Moments {
  return { n: 0, sum: 0, sumSq: 0 };
}

/** The fixed-point integer a 0–100 value is stored as. */
export function toFixedPoint(value: number): number {
  if (!Number.isFinite(value)) throw new ValidationError('a score must be a finite number', 'value');
  return Math.round(value * MOMENT_SCALE);
}

export function addValue(m: Moments, value: number): Moments {
  const v = toFixedPoint(value);
  return { n: m.n + 1, sum: m.sum + v, sumSq: m.sumSq + v * v };
}

export function momentsOf(values: readonly number[]): Moments {
  return values.reduce(addValue, emptyMoments());
}

export function mergeMoments(...parts: readonly Moments[]): Moments {
  const out = emptyMoments();
  for (const m of parts) {
    out.n += m.n;
    out.sum += m.sum;
    out.sumSq += m.sumSq;
  }
  return out;
}

/** Mean on the value scale (0–100); null when n = 0. */
export function meanOf(m: Moments): number | null {
  return m.n > 0 ? m.sum / m.n / MOMENT_SCALE : null;
}

/**
 * Sample variance Σ(v − v̄)²/(n − 1) = (n·Σv² − (Σv)²) / (n(n − 1)); null when n < 2.
 * The numerator is computed in BigInt while the sums are exact integers, so no
 * cancellation can make it negative or noisy.
 */
export function sampleVariance(m: Moments): number | null {
  if (m.n < 2) return null;
  let numerator: number;
  const nSumSq = m.n * m.sumSq;
  const sumSquared = m.sum * m.sum;
  if (Number.isSafeInteger(m.sum) && Number.isSafeInteger(m.sumSq) && Number.isSafeInteger(m.n)) {
    // Products of integers that stay below 2^53 are exact in a double: the BigInt result without its cost (a score query computes thousands).
    numerator =
      Number.isSafeInteger(nSumSq) && Number.isSafeInteger(sumSquared)
        ? nSumSq - sumSquared
        : Number(BigInt(m.n) * BigInt(m.sumSq) - BigInt(m.sum) * BigInt(m.sum));
  } else {
    numerator = Math.max(0, nSumSq - sumSquared);
  }
  return numerator / (m.n * (m.n - 1)) / (MOMENT_SCALE * MOMENT_SCALE);
}

export function sampleSd(m: Moments): number | null {
  const v = sampleVariance(m);
  return v === null ? null : Math.sqrt(v);
}

/** Var of the mean, SD²/n; null when n < 2. */
export function varianceOfMean(m: Moments): number | null {
  const v = sampleVariance(m);
  return v === null ? null : v / m.n;
}

/** Clip an interval to the 0–100 score scale (display only). */
export function clipInterval(lo: number, hi: number): [number, number] {
  return [Math.min(100, Math.max(0, lo)), Math.min(100, Math.max(0, hi))];
}

/** A mean with its t-interval: S ± t(1−α/2, n−1)·SD/√n. */
export function scoreFromMoments(m: Moments, confidence = 0.95): ScoreSummary {
  if (!(confidence > 0 && confidence < 1)) throw new ValidationError('confidence must be between 0 and 1', 'confidence');
  const score = meanOf(m);
  const sampleVar = sampleVariance(m);
  const sd = sampleVar === null ? null : Math.sqrt(sampleVar);
  const variance = sampleVar === null ? null : sampleVar / m.n;
  const lowSample = m.n < LOW_SAMPLE_N;
  if (score === null || sd === null || variance === null) {
    return { score, n: m.n, sd, se: null, variance, ci: null, ciUnclipped: null, lowSample };
  }
  const se = Math.sqrt(variance);
  const half = tQuantile(1 - (1 - confidence) / 2, m.n - 1) * se;
  const raw: [number, number] = [score - half, score + half];
  return { score, n: m.n, sd, se, variance, ci: clipInterval(raw[0], raw[1]), ciUnclipped: raw, lowSample };
}

/** A score from an estimate and its variance with the normal interval ±z·√Var (composites). */
export function summaryFromVariance(score: number | null, variance: number | null, n: number, z = Z95): ScoreSummary {
  const lowSample = n < LOW_SAMPLE_N;
  if (score === null || variance === null) {
    return { score, n, sd: null, se: null, variance, ci: null, ciUnclipped: null, lowSample };
  }
  const se = Math.sqrt(variance);
  const raw: [number, number] = [score - z * se, score + z * se];
  return { score, n, sd: null, se, variance, ci: clipInterval(raw[0], raw[1]), ciUnclipped: raw, lowSample };
}

/**
 * Wilson score interval of a proportion (successes of n), 0–1: unlike the
 * normal approximation it stays inside 0–1 and behaves at small n and at
 * shares near 0 or 1, which is where recovery rates of one site sit.
 */
export function wilsonInterval(successes: number, n: number, z = Z95): [number, number] | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
