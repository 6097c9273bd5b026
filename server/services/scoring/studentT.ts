/**
 * Student's t distribution, written out so that scoring needs no dependency.
 * CDF through the regularized incomplete beta function (Lentz continued
 * fraction, Numerical Recipes §6.4); quantile by safeguarded Newton on the upper
 * tail, which converges to double precision (far inside the 1e-6 we promise).
 */
import { ValidationError } from '../../errors';

// Lanczos approximation (g = 7, n = 9): |relative error| < 1e-15 for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for I_x(a, b); converges quickly for x < (a+1)/(a+b+2). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-16) return h;
  }
  return h;
}

/** ln Γ(a+b) − ln Γ(a) for large a, by Stirling's series (avoids cancelling two huge numbers). */
function lnGammaRatio(a: number, b: number): number {
  const c = a + b;
  return b * Math.log(a) + (c - 0.5) * Math.log1p(b / a) - b + (1 / c - 1 / a) / 12 - (1 / (c * c * c) - 1 / (a * a * a)) / 360;
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a+b). */
function lnBeta(a: number, b: number): number {
  const big = Math.max(a, b);
  const small = Math.min(a, b);
  if (big > 1e4) return lnGamma(small) - lnGammaRatio(big, small);
  return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
}

/**
 * Regularized incomplete beta I_x(a, b), a, b > 0, 0 ≤ x ≤ 1. `y` = 1 − x may be
 * passed when the caller knows it more precisely than 1 − x (x close to 1).
 */
export function incompleteBeta(a: number, b: number, x: number, y = 1 - x): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const lnX = x > 0.5 ? Math.log1p(-y) : Math.log(x);
  const lnY = y > 0.5 ? Math.log1p(-x) : Math.log(y);
  const front = Math.exp(a * lnX + b * lnY - lnBeta(a, b));
  // Use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) where the fraction converges fast.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, y)) / b;
}

/** P(T > t) for t ≥ 0 with df degrees of freedom: ½·I_{df/(df+t²)}(df/2, ½). */
function upperTail(t: number, df: number): number {
  const t2 = t * t;
  return 0.5 * incompleteBeta(df / 2, 0.5, df / (df + t2), t2 / (df + t2));
}

const HUGE_DF = 1e7;

function checkDf(df: number): void {
  // NaN fails too; Infinity is allowed (the normal limit).
  if (!(df > 0)) throw new ValidationError('degrees of freedom must be a number > 0', 'df');
}

/** Cumulative distribution function P(T ≤ t). */
export function studentTCdf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) throw new ValidationError('t must be a number', 't');
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  return t >= 0 ? 1 - upperTail(t, df) : upperTail(-t, df);
}

/**
 * Quantile: the t with P(T ≤ t) = p, e.g. tQuantile(0.975, 10) = 2.2281.
 * Newton steps on the upper tail (monotone in t), kept inside a shrinking bracket.
 */
export function tQuantile(p: number, df: number): number {
  checkDf(df);
  if (!(p > 0 && p < 1)) throw new ValidationError('probability must be strictly between 0 and 1', 'p');
  // Dashboards ask for the same few (p, df) again and again: remember them.
  // Keyed by the numbers themselves: a score query asks thousands of times, and building a string key each time showed in its profile.
  let byDf = quantileMemo.get(p);
  if (!byDf) quantileMemo.set(p, (byDf = new Map()));
  const known = byDf.get(df);
  if (known !== undefined) return known;
  if (byDf.size >= 4096) byDf.clear();
  const t = computeQuantile(p, df);
  byDf.set(df, t);
  return t;
}

/** p → df → t. */
const quantileMemo = new Map<number, Map<number, number>>();

function computeQuantile(p: number, df: number): number {
  if (p === 0.5) return 0;
  if (p < 0.5) return -computeQuantile(1 - p, df);
  // Beyond 1e7 the beta function loses digits; the first Cornish–Fisher term
  // t ≈ z + (z³+z)/(4·df) carries the value from df = 1e7 on (error < 1e-12).
  if (df > HUGE_DF) {
    const t0 = computeQuantile(p, HUGE_DF);
    return t0 - ((t0 * t0 * t0 + t0) / 4) * (1 / HUGE_DF - 1 / df);
  }
  const tail = 1 - p;
  let lo = 0;
  let hi = 1;
  while (upperTail(hi, df) > tail) {
    lo = hi;
    hi *= 2;
  }
  // Safeguarded Newton: a Newton step (d tail/dt = −density) when it stays inside
  // the bracket [lo, hi], bisection otherwise; the bracket shrinks every time.
  const half = df / 2;
  const lnC = (half > 1e4 ? lnGammaRatio(half, 0.5) : lnGamma(half + 0.5) - lnGamma(half)) - 0.5 * Math.log(df * Math.PI);
  let t = (lo + hi) / 2;
  for (let i = 0; i < 200; i++) {
    const f = upperTail(t, df) - tail;
    if (f === 0) return t;
    if (f > 0) lo = t;
    else hi = t;
    const density = Math.exp(lnC - (half + 0.5) * Math.log1p((t * t) / df));
    const newton = t + f / density;
    const next = newton > lo && newton < hi ? newton : (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * t || hi - lo <= 1e-15 * hi) return next;
    t = next;
  }
  return t;
}
