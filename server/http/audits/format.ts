/** How audit numbers are shown: a score as its level reads it, points needed never rounded down. */
import { levelScore } from '../../services/scoring/levels';

/** Catalogue points: at most two decimals, no trailing zeros (3.35, 40). */
export function points(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/**
 * A score with two decimals, rounded half up as its level is read
 * (scoring/levels.ts): 89.996 shows 90.00 and is four stars; 89.994 shows 89.99 and is three.
 */
export function score(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  return levelScore(x).toFixed(2);
}

/** CPSQ and intervals as every page shows them (one decimal, cut: 79.96 never reads as the gate's 80.0). */
export { scoreText as cpsq, intervalText as interval } from '../figures';

export function percent(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

/** Points still needed, rounded up: showing 0.60 when 0.604 is missing would promise a level that 0.60 does not reach. */
export function needed(x: number | null): string {
  if (x === null) return '—';
  return (Math.ceil(x * 100 - 1e-7) / 100).toFixed(2);
}
