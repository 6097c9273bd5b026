/**
 * Sample size planning (domain.md §3.10): n₀ = z²·p(1−p)/e², and with a finite
 * population N, n = n₀ / (1 + (n₀ − 1)/N). The correction uses the unrounded
 * n₀; only the final result is rounded up (±5 %, 95 %, p = 0.5: 385; N = 1000: 278).
 */
import { ValidationError } from '../../errors';
import { Z95 } from './stats';

export interface SampleSizeInput {
  /** Margin of error as a proportion, 0 < e < 1 (0.05 = ±5 points). */
  marginOfError: number;
  /** Expected proportion, 0 < p < 1 (default 0.5, the most conservative). */
  proportion?: number;
  /** z for the confidence level (default 1.96, 95 %). */
  z?: number;
  /** Population size N ≥ 1 (customers or cases at the site in the period); omit for an infinite population. */
  population?: number;
}

export interface SampleSize {
  /** Without the finite population correction. */
  infinite: number;
  /** The sample to plan (with the correction when N is given). */
  n: number;
  method: string;
}

// Ceil with a tolerance, so that 100.00000000000001 (a float artefact of an exact 100) stays 100.
function ceilTolerant(x: number): number {
  return Math.ceil(x - 1e-9);
}

export function sampleSize(input: SampleSizeInput): SampleSize {
  const { marginOfError: e, proportion: p = 0.5, z = Z95, population: N } = input;
  if (!(e > 0 && e < 1)) throw new ValidationError('margin of error must be between 0 and 1', 'marginOfError');
  if (!(p > 0 && p < 1)) throw new ValidationError('proportion must be between 0 and 1', 'proportion');
  if (!(Number.isFinite(z) && z > 0)) throw new ValidationError('z must be a number > 0', 'z');
  if (N !== undefined && !(Number.isInteger(N) && N >= 1)) throw new ValidationError('population must be a whole number ≥ 1', 'population');
  const n0 = (z * z * p * (1 - p)) / (e * e);
  const infinite = ceilTolerant(n0);
  if (N === undefined) {
    return { infinite, n: infinite, method: `n = z²·p(1−p)/e² = ${z}²·${p}·${1 - p}/${e}², rounded up.` };
  }
  const n = Math.min(N, ceilTolerant(n0 / (1 + (n0 - 1) / N)));
  return {
    infinite,
    n,
    method: `n₀ = z²·p(1−p)/e² = ${Number(n0.toFixed(2))}; with N = ${N}: n = n₀/(1 + (n₀ − 1)/N), rounded up.`,
  };
}
