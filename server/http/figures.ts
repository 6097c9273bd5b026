/**
 * The one display rule for figures on pages, PDFs and display exports: a score
 * (CPSQ, channel, site, indicator, audit score) shows one decimal; every figure
 * is cut, never rounded up, to the digits shown, so 79.96 against a gate of 80
 * reads 79.9, and 89.96 never reads as the four-star 90.0. The API keeps full
 * precision. The browser applies the same rule (client/js/dashboard-format.js).
 */

export const SCORE_DIGITS = 1;

/** A number cut to `digits` decimals ("79.5" for 79.58); '—' for no number. */
export function cutFixed(value: unknown, digits = SCORE_DIGITS): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  const scale = 10 ** digits;
  // The epsilon keeps 79.6 (stored as 79.59999…) from being cut to 79.5.
  const cut = Math.floor(value * scale + 1e-7) / scale;
  return (Object.is(cut, -0) ? 0 : cut).toFixed(digits);
}

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
