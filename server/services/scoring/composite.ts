/**
 * Weighted composites of independent estimates (domain.md §3.4–3.6):
 * S = Σ w·Sₖ / Σ w over parts with data, Var(S) = Σ w²·Var(Sₖ) / (Σ w)²,
 * CI = S ± 1.96·√Var. Correlation between the parts is ignored.
 *
 * Choice: when any part that enters the composite has an undefined variance
 * (n = 1), the composite's variance and CI are null. Treating that part's
 * variance as 0 would make the interval falsely narrow.
 */
import { clipInterval, Z95 } from './stats';

/** A score with the variance of its estimate (null = undefined). */
export interface Estimate {
  score: number | null;
  variance: number | null;
  lowSample?: boolean;
}

export interface CompositeScore {
  score: number | null;
  variance: number | null;
  se: number | null;
  /** ±1.96·√Var, clipped to 0–100 for display; null when the variance is undefined. */
  ci: [number, number] | null;
  ciUnclipped: [number, number] | null;
  /** Some part that entered the composite has n < 30. */
  lowSample: boolean;
  /** The formula in words, printed next to the number. */
  method: string;
}

export interface Combined<K extends string> extends Estimate {
  /** Parts that entered, with their effective (renormalised) weight. */
  used: Array<{ key: K; weight: number }>;
  /** Parts with a positive weight but no data. */
  dropped: K[];
  lowSample: boolean;
}

export const CORRELATION_NOTE = 'Correlation between indicators is ignored.';

export function combine<K extends string>(parts: ReadonlyArray<{ key: K; weight: number; estimate: Estimate }>): Combined<K> {
  const withData = parts.filter((p) => p.weight > 0 && p.estimate.score !== null);
  const dropped = parts.filter((p) => p.weight > 0 && p.estimate.score === null).map((p) => p.key);
  const total = withData.reduce((s, p) => s + p.weight, 0);
  if (total === 0) return { score: null, variance: null, used: [], dropped, lowSample: false };
  let score = 0;
  let variance: number | null = 0;
  for (const p of withData) {
    score += p.weight * (p.estimate.score as number);
    variance = variance === null || p.estimate.variance === null ? null : variance + p.weight * p.weight * p.estimate.variance;
  }
  return {
    score: score / total,
    variance: variance === null ? null : variance / (total * total),
    used: withData.map((p) => ({ key: p.key, weight: p.weight / total })),
    dropped,
    lowSample: withData.some((p) => p.estimate.lowSample === true),
  };
}

/** The composite as reported: the normal interval ±1.96·√Var (clipped copy for display). */
export function compositeScore(estimate: Estimate, method: string): CompositeScore {
  const { score, variance } = estimate;
  const lowSample = estimate.lowSample === true;
  if (score === null || variance === null) {
    const why = score === null ? '' : ' No CI: a part has n = 1, so its variance is undefined.';
    return { score, variance, se: null, ci: null, ciUnclipped: null, lowSample, method: method + why };
  }
  const se = Math.sqrt(variance);
  const raw: [number, number] = [score - Z95 * se, score + Z95 * se];
  return { score, variance, se, ci: clipInterval(raw[0], raw[1]), ciUnclipped: raw, lowSample, method };
}

/** "survey 0.571, call 0.429" for method strings. */
export function describeWeights(used: ReadonlyArray<{ key: string; weight: number }>): string {
  return used.map((u) => `${u.key} ${Number(u.weight.toFixed(3))}`).join(', ');
}
