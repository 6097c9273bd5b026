/**
 * Message catalogues: all UI text lives in zh-CN.json and en.json beside this
 * file. zh-CN is the first language; a key missing in English falls back to
 * zh-CN, and a key missing everywhere shows the key so the gap is visible.
 */
import en from './en.json';
import zhCN from './zh-CN.json';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

const catalogues: Record<Locale, Record<string, string>> = { 'zh-CN': zhCN, en };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Translates a key; {name} placeholders are filled from vars. */
export function t(locale: Locale, key: string, vars: Record<string, unknown> = {}): string {
  const text = catalogues[locale][key] ?? catalogues[DEFAULT_LOCALE][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function catalogueKeys(locale: Locale): string[] {
  return Object.keys(catalogues[locale]);
}
