/**
 * zh-CN first. `?lang=en` switches and is remembered in a cookie; without a
 * choice every page is Chinese, whatever the browser says.
 */
import type { NextFunction, Request, Response } from 'express';
import { DEFAULT_LOCALE, isLocale, t } from '../../i18n';

const COOKIE = 'lang';

export function locale(secureCookies: boolean) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const asked = req.query.lang;
    if (isLocale(asked)) {
      res.cookie(COOKIE, asked, { httpOnly: true, sameSite: 'lax', secure: secureCookies, maxAge: 365 * 86400_000 });
      req.locale = asked;
    } else {
      const remembered = req.cookies?.[COOKIE];
      req.locale = isLocale(remembered) ? remembered : DEFAULT_LOCALE;
    }
    res.locals.locale = req.locale;
    res.locals.otherLocale = req.locale === 'en' ? 'zh-CN' : 'en';
    res.locals.t = (key: string, vars?: Record<string, unknown>) => t(req.locale, key, vars);
    next();
  };
}
