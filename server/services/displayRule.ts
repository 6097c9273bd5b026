/**
 * The one display rule for figures on pages, PDFs and display exports: a score
 * (CPSQ, channel, site, indicator, audit score) shows one decimal; every figure
 * is cut, never rounded up, to the digits shown, so 79.96 against a gate of 80
 * reads 79.9, and 89.96 never reads as the four-star 90.0. The API keeps full
 * precision. It lives in services so that exports, built here, apply the same
 * rule as the pages (server/http/figures.ts) and the browser
 * (client/js/dashboard-format.js).
 */

export const SCORE_DIGITS = 1;

/** A number cut to `digits` decimals, as a number (79.5 for 79.58); null for no number. */
export function cutNumber(value: unknown, digits = SCORE_DIGITS): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const scale = 10 ** digits;
  // The epsilon keeps 79.6 (stored as 79.59999…) from being cut to 79.5.
  const cut = Math.floor(value * scale + 1e-7) / scale;
  return Object.is(cut, -0) ? 0 : cut;
}

/** A number cut to `digits` decimals ("79.5" for 79.58); '—' for no number. */
export function cutFixed(value: unknown, digits = SCORE_DIGITS): string {
  const cut = cutNumber(value, digits);
  return cut === null ? '—' : cut.toFixed(digits);
}
