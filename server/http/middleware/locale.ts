/**
 * zh-CN first. `?lang=en` switches and is remembered in a cookie; without a
 * choice the browser's `Accept-Language` decides (English variants get
 * English, everything else Chinese), so a customer's first page from an
 * invitation or a counter QR code is already in their language.
 */
import type { NextFunction, Request, Response } from 'express';
import { isLocale, t, type Locale } from '../../i18n';
import { negotiateLocale } from '../../i18n/negotiate';
import { DAY_MS } from '../../services/calendar';

const COOKIE = 'lang';

export function locale(secureCookies: boolean) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const asked = req.query.lang;
    req.localeChosen = true;
    if (isLocale(asked)) {
      rememberLocale(res, asked, secureCookies);
      req.locale = asked;
    } else {
      const remembered = req.cookies?.[COOKIE];
      if (isLocale(remembered)) req.locale = remembered;
      else {
        req.localeChosen = false;
        // Caches must not serve one visitor's language to another.
        res.vary('Accept-Language');
        req.locale = negotiateLocale(req.get('accept-language'));
      }
    }
    res.locals.locale = req.locale;
    res.locals.otherLocale = req.locale === 'en' ? 'zh-CN' : 'en';
    // Only pages show the link; JSON answers never read it, so it is built when a view asks.
    Object.defineProperty(res.locals, 'otherLocaleHref', {
      get: () => otherLanguageHref(req.originalUrl, res.locals.otherLocale as string),
      enumerable: true,
      configurable: true,
    });
    res.locals.t = (key: string, vars?: Record<string, unknown>) => t(req.locale, key, vars);
    next();
  };
}

/** This browser keeps `locale` for a year: a choice made through `?lang=`, or the account's own on signing in. */
export function rememberLocale(res: Response, locale: Locale, secureCookies: boolean): void {
  res.cookie(COOKIE, locale, { httpOnly: true, sameSite: 'lax', secure: secureCookies, maxAge: 365 * DAY_MS });
}

/**
 * The same page in the other language: its query (filters, period, page
 * number) kept and only `lang` changed, so switching language never loses
 * what the person was looking at.
 */
export function otherLanguageHref(originalUrl: string, other: string): string {
  const at = originalUrl.indexOf('?');
  const params = new URLSearchParams(at >= 0 ? originalUrl.slice(at + 1) : '');
  params.set('lang', other);
  return `?${params.toString()}`;
}
