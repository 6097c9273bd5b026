/**
 * The one pager: the page counted the same way for every list (services/paging),
 * the `page` field refused with a 400 naming it, and links that keep the list's
 * other query parameters (http/pager).
 */
import { pageWindow } from '../../server/services/paging';
import { pageField, pageHref, pagerView } from '../../server/http/pager';
import { parse } from '../../server/http/validate';
import { ValidationError } from '../../server/errors';
import { z } from 'zod';

describe('pageWindow', () => {
  test('a page in range gives its offset and limit; pages round up', () => {
    expect(pageWindow(120, 2, 50)).toEqual({ page: 2, pages: 3, total: 120, pageSize: 50, offset: 50, limit: 50 });
  });

  test('an empty list is one empty page', () => {
    expect(pageWindow(0, 1, 50)).toMatchObject({ page: 1, pages: 1, offset: 0 });
  });

  test('a page past the end (the list shrank since the link was made) is the last page', () => {
    expect(pageWindow(120, 9, 50)).toMatchObject({ page: 3, pages: 3, offset: 100 });
  });

  test('a page below 1 is the first page', () => {
    expect(pageWindow(120, 0, 50)).toMatchObject({ page: 1, offset: 0 });
  });

  test('a page size that is not a whole number of 1 or more is a programming error', () => {
    expect(() => pageWindow(10, 1, 0)).toThrow(RangeError);
  });
});

describe('the page field', () => {
  const schema = z.object({ page: pageField }).strict();
  test.each([
    ['0', 'page: must be 1 or more'],
    ['x', 'page: must be a page number'],
    ['1.5', 'page: must be a whole page number'],
    ['1000001', 'page: must be at most 1000000'],
  ])('page=%s is a 400 naming the field and the rule', (page, message) => {
    let error: unknown;
    try {
      parse(schema, { page });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ status: 400, field: 'page', message });
  });

  test('blank or absent is the first page (no number); a number is read as one', () => {
    expect(parse(schema, { page: '' }).page).toBeUndefined();
    expect(parse(schema, {}).page).toBeUndefined();
    expect(parse(schema, { page: '3' }).page).toBe(3);
  });
});

describe('pagerView', () => {
  test('one page needs no pager', () => {
    expect(pagerView({ page: 1, pages: 1 }, '/follow-ups')).toBeNull();
  });

  test('previous and next keep the other parameters; page 1 is the list without a page parameter', () => {
    const view = pagerView({ page: 2, pages: 3 }, '/follow-ups', new URLSearchParams('status=open&sort=oldest&page=7'))!;
    expect(view.prev).toBe('/follow-ups?status=open&sort=oldest');
    expect(view.next).toBe('/follow-ups?status=open&sort=oldest&page=3');
  });

  test('empty and absent parameters are left out of the links, and values are encoded', () => {
    expect(pageHref('/campaigns/c1/recipients', { q: '张 三&x', status: undefined, other: '' }, 2)).toBe(
      '/campaigns/c1/recipients?q=%E5%BC%A0+%E4%B8%89%26x&page=2',
    );
  });

  test('the first page has no previous link, the last no next', () => {
    expect(pagerView({ page: 1, pages: 2 }, '/l')).toMatchObject({ prev: null, next: '/l?page=2' });
    expect(pagerView({ page: 2, pages: 2 }, '/l')).toMatchObject({ prev: '/l', next: null });
  });

  test('numbers show the first, the last and two around the current page, with gaps between, the current one marked', () => {
    const view = pagerView({ page: 10, pages: 20 }, '/l')!;
    const shown = view.items.map((i) => ('gap' in i ? '…' : i.current ? `[${i.page}]` : String(i.page)));
    expect(shown).toEqual(['1', '…', '8', '9', '[10]', '11', '12', '…', '20']);
    expect(pagerView({ page: 2, pages: 4 }, '/l')!.items.map((i) => ('gap' in i ? '…' : i.page))).toEqual([1, 2, 3, 4]);
  });
});
