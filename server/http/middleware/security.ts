/**
 * Protections that every request passes: security headers, CSRF on forms,
 * JSON-only writes on the API, and per-IP limits on login.
 */
import type { NextFunction, Request, Response } from 'express';
import rateLimit from 'express-rate-limit';
import helmet from 'helmet';
import { csrfSync } from 'csrf-sync';
import { AppError, RateLimitedError } from '../../errors';
import { sharedHits } from './sharedHits';
import type { Store } from '../../store/types';

export const securityHeaders = helmet({
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      // Plain-HTTP development servers must not force https for their own assets.
      upgradeInsecureRequests: null,
    },
  },
});

/** Synchroniser tokens kept in the session; forms post them as `_csrf`, scripts as X-CSRF-Token. */
const csrf = csrfSync({
  getTokenFromRequest: (req) => (req.body?._csrf as string | undefined) ?? req.get('x-csrf-token'),
});

/**
 * Checks the form token. Page routes get it before any handler; upload routes
 * (multipart, mounted under /upload) must call it after parsing the body.
 */
export const csrfProtection = csrf.csrfSynchronisedProtection;

export function exposeCsrfToken(req: Request, res: Response, next: NextFunction): void {
  if (req.session) res.locals.csrfToken = csrf.generateToken(req);
  next();
}

/**
 * The API accepts a session cookie, so a cross-site form must not be able to
 * post to it: only JSON bodies are accepted, which browsers send cross-origin
 * only after a CORS preflight that we never grant.
 */
export function jsonOnlyWrites(req: Request, _res: Response, next: NextFunction): void {
  const writes = req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH' || req.method === 'DELETE';
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  // A declared type counts even without a body: a cross-site form posts text/plain with nothing in it.
  const declared = req.get('content-type') !== undefined;
  if (writes && (hasBody || declared) && !req.is('application/json')) {
    return next(new AppError(415, 'unsupported_media_type', 'send the body as application/json'));
  }
  next();
}

export function loginRateLimit(store: Store) {
  return rateLimit({
    store: sharedHits(store, 'login:'),
    windowMs: 15 * 60 * 1000,
    limit: 30,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Only POSTs count, and only failed ones: an office of colleagues logging in is no attack.
    skip: (req) => req.method !== 'POST',
    skipSuccessfulRequests: true,
    handler: (_req, _res, next) => next(new RateLimitedError('too many login attempts from this address, try again in 15 minutes')),
  });
}

/** Reset mails on demand: a few per address and quarter hour, so nobody is flooded with them. */
export function resetRateLimit() {
  return rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: 10,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new RateLimitedError('too many reset requests from this address, try again in 15 minutes')),
  });
}
