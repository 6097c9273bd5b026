/** How audit numbers are shown: scores never rounded up across a level threshold. */

/** Catalogue points: at most two decimals, no trailing zeros (3.35, 40). */
export function points(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/** Scores and intervals as every page shows them (one decimal, cut: 89.96 never reads as four stars). */
export { scoreText as score, intervalText as interval } from '../figures';

export function percent(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

/** Points still needed, rounded up: showing 0.60 when 0.604 is missing would promise a level that 0.60 does not reach. */
export function needed(x: number | null): string {
  if (x === null) return '—';
  return (Math.ceil(x * 100 - 1e-7) / 100).toFixed(2);
}
