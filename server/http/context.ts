/**
 * What the HTTP layer attaches to a request: the caller, the tenant context and
 * the locale. Declared once here so handlers get types instead of casts.
 */
import type { Locale } from '../i18n';
import type { Actor, TenantContext } from '../services/context';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      actor?: Actor;
      ctx?: TenantContext;
      locale: Locale;
      /** True when the person chose the language (`?lang=`, or the cookie a choice left), not the browser's Accept-Language. */
      localeChosen: boolean;
    }
  }
}

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    /** Set on login; a change of password or role can invalidate older sessions later. */
    loginAt?: string;
    /** The user's sessionVersion at login: once the user's is raised (deactivation, a new password), this session is over. */
    sessionVersion?: number;
    flash?: { kind: 'ok' | 'error'; text: string };
    /** A scheme the operator tried to publish, kept for correction after a refusal. */
    schemeDraft?: string;
  }
}

export {};
