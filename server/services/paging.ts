/**
 * Which rows one page of a list shows: the page asked for, kept inside the
 * list (a page past the end, because the list shrank since the link was made,
 * shows the last one), and the offset and limit a store query takes. Every
 * paged list (follow-up cases, campaign recipients, the audit log) counts the
 * same way; http/pager.ts parses the page number and builds the links.
 */

export interface PageWindow {
  /** 1-based, within 1..pages. */
  page: number;
  /** At least 1: an empty list is one empty page. */
  pages: number;
  total: number;
  pageSize: number;
  /** Rows to skip, and at most how many to read, for this page. */
  offset: number;
  limit: number;
}

export function pageWindow(total: number, requestedPage: number, pageSize: number): PageWindow {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a whole number of 1 or more, not ${pageSize}`);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(requestedPage) || 1), pages);
  return { page, pages, total, pageSize, offset: (page - 1) * pageSize, limit: pageSize };
}
