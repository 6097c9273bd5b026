/**
 * The change of a score between two periods with the 95% CI of the
 * difference (docs/scoring.md §9). Two periods hold different responses, so
 * their estimates are independent and Var(a − b) = Var(a) + Var(b).
 *   a plain mean on both sides (n, SD): Welch's t interval,
 *     d ± t(0.975, ν)·√(SD₁²/n₁ + SD₂²/n₂), ν by Welch–Satterthwaite;
 *   a composite (CPSQ, channel, P(i), item, level) on either side: its SE
 *     comes from its own variance, d ± 1.96·√(SE₁² + SE₂²), the normal
 *     interval the composites themselves use.
 * A change is significant only when its interval excludes 0; without an
 * interval (a side without data or with an undefined variance) it is neither
 * significant nor "not significant": `significant` is null.
 */
import { tQuantile } from './studentT';
import { Z95 } from './stats';

/** What either side of a comparison offers: a score, and for a plain mean its n and SD. */
export interface Comparable {
  score: number | null;
  variance: number | null;
  n?: number;
  sd?: number | null;
}

export interface Difference {
  /** now − before, on the 0–100 scale; null when a side has no score. */
  change: number | null;
  se: number | null;
  /** 95% CI of the difference (not clipped: a change may span −100…100). */
  ci: [number, number] | null;
  /** Welch–Satterthwaite degrees of freedom; null for the normal interval. */
  df: number | null;
  method: 'welch' | 'normal' | null;
  /** true when the CI excludes 0, false when it includes 0, null without a CI. */
  significant: boolean | null;
}

const isPlainMean = (x: Comparable): x is Comparable & { n: number; sd: number } => typeof x.sd === 'number' && typeof x.n === 'number' && x.n >= 2;

function withInterval(change: number, se: number, half: number, df: number | null, method: 'welch' | 'normal'): Difference {
  const ci: [number, number] = [change - half, change + half];
  return { change, se, ci, df, method, significant: ci[0] > 0 || ci[1] < 0 };
}

/** Welch's interval for the difference of two means from their n and SD. */
export function welchDifference(now: { score: number; n: number; sd: number }, before: { score: number; n: number; sd: number }): Difference {
  const change = now.score - before.score;
  const v1 = (now.sd * now.sd) / now.n;
  const v2 = (before.sd * before.sd) / before.n;
  const se = Math.sqrt(v1 + v2);
  // Both samples constant: the difference is known exactly.
  if (se === 0) return withInterval(change, 0, 0, null, 'welch');
  const df = (v1 + v2) ** 2 / (v1 ** 2 / (now.n - 1) + v2 ** 2 / (before.n - 1));
  return withInterval(change, se, tQuantile(0.975, df) * se, df, 'welch');
}

/** The normal interval for the difference of two estimates from their variances. */
export function normalDifference(now: { score: number; variance: number }, before: { score: number; variance: number }): Difference {
  const change = now.score - before.score;
  const se = Math.sqrt(now.variance + before.variance);
  return withInterval(change, se, Z95 * se, null, 'normal');
}

/** The change from `before` to `now` with the interval that fits the two estimates. */
export function differenceOf(now: Comparable, before: Comparable): Difference {
  if (now.score === null || before.score === null) return { change: null, se: null, ci: null, df: null, method: null, significant: null };
  if (isPlainMean(now) && isPlainMean(before))
    return welchDifference({ score: now.score, n: now.n, sd: now.sd }, { score: before.score, n: before.n, sd: before.sd });
  if (now.variance === null || before.variance === null)
    return { change: now.score - before.score, se: null, ci: null, df: null, method: null, significant: null };
  return normalDifference({ score: now.score, variance: now.variance }, { score: before.score, variance: before.variance });
}

/** Standard normal CDF Φ(z), through erfc (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7: ample for p-values). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Two-sided p-value of a difference of two independent estimates, z = d/√(Var₁ + Var₂). */
export function twoSidedP(change: number, se: number): number {
  if (se === 0) return change === 0 ? 1 : 0;
  return Math.min(1, 2 * (1 - normalCdf(Math.abs(change) / se)));
}
