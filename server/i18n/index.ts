/**
 * Message catalogues: all UI text lives in server/i18n/<locale>/*.json, one
 * file per feature so features do not edit each other's text. zh-CN is the
 * first language; a key missing in English falls back to zh-CN, and a key
 * missing everywhere shows the key so the gap is visible (a test checks that
 * both languages have the same keys).
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../paths';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

function loadLocale(locale: Locale): Record<string, string> {
  const dir = path.join(repoRoot, 'server', 'i18n', locale);
  const merged: Record<string, string> = {};
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const entries = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, string>;
    for (const [key, text] of Object.entries(entries)) {
      if (key in merged) throw new Error(`i18n: key ${key} is defined twice (${locale}/${file})`);
      merged[key] = text;
    }
  }
  return merged;
}

const catalogues: Record<Locale, Record<string, string>> = { 'zh-CN': loadLocale('zh-CN'), en: loadLocale('en') };

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
