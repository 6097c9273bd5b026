/**
 * Pages and their JSON in English show enterprises and sites by their English
 * names. Services return both (`name` and `nameEn`, `siteName` and
 * `siteNameEn`); this walk, at the edge, puts the English one in the field the
 * views and scripts read when the language is English and one exists. Chinese
 * pages, and places without an English name, keep the Chinese name.
 */
import type { Locale } from '../i18n';

const EN_SUFFIX = 'En';
const isNameKey = (key: string) => key.endsWith('nameEn') || key.endsWith('NameEn');

function walk(value: unknown, seen: Set<object>): unknown {
  if (!value || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, seen));
  // Only plain records are copied: dates, maps and the like pass through untouched.
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  const out: Record<string, unknown> = {};
  const source = value as Record<string, unknown>;
  for (const [key, v] of Object.entries(source)) out[key] = walk(v, seen);
  for (const [key, v] of Object.entries(source)) {
    const base = key.slice(0, -EN_SUFFIX.length);
    if (isNameKey(key) && typeof v === 'string' && v && typeof source[base] === 'string') out[base] = v;
  }
  return out;
}

/** A copy of `value` with English names in place of Chinese ones when `locale` is English; `value` itself when not. */
export function namesIn<T>(value: T, locale: Locale | string): T {
  return locale === 'en' ? (walk(value, new Set()) as T) : value;
}
