/**
 * Message catalogues: all UI text lives in server/i18n/<locale>/*.json, one
 * file per feature so features do not edit each other's text. zh-CN is the
 * first language; a key missing in English falls back to zh-CN, and a key
 * missing everywhere shows the key so the gap is visible (a test checks that
 * both languages have the same keys).
 *
 * Plurals: a message that shows a count may have a variant per plural category
 * of its language (`<key>.one`, `<key>.few` …, see Intl.PluralRules), chosen by
 * the `count` variable (else `n`); the plain key is the `other` form. zh-CN has
 * one form, so it needs no variants; English adds `.one` ("1 call", "2 calls").
 * A message that counts with another variable, or counts two things, says so
 * inline as ICU MessageFormat does: `{open, plural, one {# has} other {# have}}`.
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

const pluralRules: Record<Locale, Intl.PluralRules> = { 'zh-CN': new Intl.PluralRules('zh-CN'), en: new Intl.PluralRules('en') };

/** The count a message's plural form follows: `count`, else `n`, as a number or a string of digits. */
function countOf(vars: Record<string, unknown>): number | undefined {
  return countValue(vars.count ?? vars.n);
}

function countValue(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** The key's variant for the count's plural category in `locale` (`calls.agent.myCalls.one`), when the catalogue has one. */
function pluralVariant(locale: Locale, key: string, vars: Record<string, unknown>): string | undefined {
  const count = countOf(vars);
  if (count === undefined) return undefined;
  const category = pluralRules[locale].select(count);
  return category === 'other' ? undefined : catalogues[locale][`${key}.${category}`];
}

/** Plural category suffixes (`.one`, `.few` …): variants of a key, present only in the languages that have the category. */
export const PLURAL_SUFFIX = /\.(zero|one|two|few|many)$/;

/** `{name, plural, one {# pair} other {# pairs}}`: the options (category, then text in braces) of one inline plural. */
const INLINE_PLURAL = /\{(\w+), plural,((?:\s*\w+\s*\{[^{}]*\})+)\s*\}/g;
const PLURAL_OPTION = /(\w+)\s*\{([^{}]*)\}/g;

/** Each inline plural replaced by the option for its variable's category (`other` when it is not a number), `#` by the value. */
function inlinePlurals(locale: Locale, text: string, vars: Record<string, unknown>): string {
  if (!text.includes(', plural,')) return text;
  return text.replace(INLINE_PLURAL, (whole, name: string, body: string) => {
    if (!(name in vars)) return whole;
    const options = new Map([...body.matchAll(PLURAL_OPTION)].map((m) => [m[1]!, m[2]!]));
    const count = countValue(vars[name]);
    const chosen = (count === undefined ? undefined : options.get(pluralRules[locale].select(count))) ?? options.get('other') ?? '';
    return chosen.replace(/#/g, String(vars[name]));
  });
}

/** Translates a key; {name} placeholders are filled from vars; a count in `count` (or `n`), or an inline plural, picks the plural form. */
export function t(locale: Locale, key: string, vars: Record<string, unknown> = {}): string {
  const text = pluralVariant(locale, key, vars) ?? catalogues[locale][key] ?? catalogues[DEFAULT_LOCALE][key] ?? key;
  return inlinePlurals(locale, text, vars).replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function catalogueKeys(locale: Locale): string[] {
  return Object.keys(catalogues[locale]);
}
