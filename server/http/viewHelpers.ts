/** Handlebars helpers. `t` reads the locale the request put on the render context. */
import type { HelperOptions } from 'handlebars';
import { DEFAULT_LOCALE, isLocale, t } from '../i18n';

export const viewHelpers = {
  t(key: string, options: HelperOptions): string {
    const locale = options.data?.root?.locale;
    return t(isLocale(locale) ? locale : DEFAULT_LOCALE, key, options.hash ?? {});
  },
  eq(a: unknown, b: unknown): boolean {
    return a === b;
  },
  json(value: unknown): string {
    // For data-* attributes read by client scripts; Handlebars escapes the quotes.
    return JSON.stringify(value ?? null);
  },
};
