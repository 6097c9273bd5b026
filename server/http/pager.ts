/**
 * The pager of every paged list page: the `page` query field (a bad value is a
 * 400 naming it), and the view the `pager` partial draws: previous and next
 * links, numbered links around the current page, each link keeping the list's
 * other query parameters (filters, search, sort) so paging never drops them.
 * Counting the page itself is services/paging.ts (pageWindow).
 */
import { z } from 'zod';

/** Far past any list's end (the audit log at 100 a page holds 100 million entries by then); a page past the end shows the last. */
export const MAX_PAGE = 1_000_000;

/** The `page` query field: blank or absent is the first page. */
export const pageField = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.coerce
    .number({ message: 'must be a page number' })
    .int('must be a whole page number')
    .min(1, 'must be 1 or more')
    .max(MAX_PAGE, `must be at most ${MAX_PAGE}`)
    .optional(),
);

/** A numbered link, or a gap (…) between numbers. */
export type PagerItem = { page: number; href: string; current: boolean } | { gap: true };

export interface PagerView {
  page: number;
  pages: number;
  prev: string | null;
  next: string | null;
  items: PagerItem[];
}

/** The other query parameters, as the list's links should keep them; empty values are left out. */
export type QueryParams = Record<string, string | undefined> | URLSearchParams;

/** The list's address for one page: page 1 has no `page` parameter, so its link is the list's own. */
export function pageHref(path: string, params: QueryParams, page: number): string {
  const query = new URLSearchParams();
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [key, value] of entries) if (key !== 'page' && value !== undefined && value !== '') query.append(key, value);
  if (page > 1) query.set('page', String(page));
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Pages shown by number: the first, the last, and two on each side of the current one. */
function numbered(page: number, pages: number): number[] {
  const shown = new Set([1, pages]);
  for (let p = page - 2; p <= page + 2; p++) if (p >= 1 && p <= pages) shown.add(p);
  return [...shown].sort((a, b) => a - b);
}

/** The pager for one page of a list at `path`; null when the list fits on one page (nothing to draw). */
export function pagerView(window: { page: number; pages: number }, path: string, params: QueryParams = {}): PagerView | null {
  const { page, pages } = window;
  if (pages <= 1) return null;
  const href = (p: number) => pageHref(path, params, p);
  const items: PagerItem[] = [];
  let last = 0;
  for (const p of numbered(page, pages)) {
    if (p > last + 1) items.push({ gap: true });
    items.push({ page: p, href: href(p), current: p === page });
    last = p;
  }
  return { page, pages, prev: page > 1 ? href(page - 1) : null, next: page < pages ? href(page + 1) : null, items };
}
