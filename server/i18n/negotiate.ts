/**
 * The language a browser asks for in `Accept-Language`, narrowed to ours:
 * any English variant gets English, anything else (Chinese of any region,
 * a language we do not have, no header) gets the default, zh-CN.
 */
import { DEFAULT_LOCALE, type Locale } from './index';

interface Range {
  tag: string;
  quality: number;
  order: number;
}

function parseRanges(header: string): Range[] {
  return header
    .split(',')
    .map((part, order) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), quality: Number.isFinite(quality) ? quality : 0, order };
    })
    .filter((r) => r.tag && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
}

function localeOf(tag: string): Locale | null {
  if (tag === 'en' || tag.startsWith('en-')) return 'en';
  if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
  return null;
}

export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  for (const range of parseRanges(acceptLanguage ?? '')) {
    const found = localeOf(range.tag);
    if (found) return found;
  }
  return DEFAULT_LOCALE;
}
