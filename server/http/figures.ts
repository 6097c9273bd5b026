/**
 * The one display rule for figures on pages, PDFs and display exports: a score
 * (CPSQ, channel, site, indicator, audit score) shows one decimal; every figure
 * is cut, never rounded up, to the digits shown, so 79.96 against a gate of 80
 * reads 79.9, and 89.96 never reads as the four-star 90.0. The API keeps full
 * precision. The browser applies the same rule (client/js/dashboard-format.js).
 */

import { cutFixed, SCORE_DIGITS } from '../services/displayRule';

// The rule itself lives in services, where the exports apply it too.
export { cutFixed, SCORE_DIGITS };

/** A 0–100 score as every page shows it. */
export function scoreText(value: number | null | undefined): string {
  return cutFixed(value, SCORE_DIGITS);
}

/** A confidence interval as "72.4–81.0". */
export function intervalText(ci: readonly [number, number] | null | undefined): string {
  return ci ? `${scoreText(ci[0])}–${scoreText(ci[1])}` : '—';
}

/**
 * An interval, or why there is none (domain.md §3.3): with a score but no
 * interval, the sample or a part of the composite has n = 1, so no SD exists;
 * that is said in words, never drawn as 0 or a zero-width interval. Without a
 * score there is nothing to explain: '—'.
 */
export function intervalOrReason(ci: readonly [number, number] | null | undefined, score: unknown, undefinedText: string): string {
  if (ci) return intervalText(ci);
  return typeof score === 'number' && Number.isFinite(score) ? `— (${undefinedText})` : '—';
}
