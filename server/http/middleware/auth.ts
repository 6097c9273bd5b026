/**
 * Who is calling: a bearer token (integrations) or the session cookie (people).
 * `requireTenant` is mounted once in front of every enterprise route, so no
 * handler can forget it; handlers then use req.ctx, whose store is scoped.
 */
import type { NextFunction, Request, Response } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../../errors';
import { actorForToken } from '../../services/accounts/apiTokens';
import { rememberLanguage } from '../../services/accounts/language';
import { actorOf, findUserById, sessionIsCurrent } from '../../services/accounts/users';
import { isLocale } from '../../i18n';
import { tenantContext } from '../../services/context';
import { assertAllowed, type Resource, type Verb } from '../../services/policy';
import type { Store } from '../../store/types';

export function identify(store: Store) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    try {
      const header = req.get('authorization');
      if (header) {
        const match = /^Bearer (\S+)$/.exec(header);
        const actor = match ? await actorForToken(store, match[1]) : null;
        if (!actor) throw new UnauthenticatedError('the API token is invalid or revoked');
        req.actor = actor;
      } else if (req.session?.userId) {
        const user = await findUserById(store, req.session.userId);
        if (user && sessionIsCurrent(user, req.session)) {
          req.actor = actorOf(user);
          // A language switched to while signed in is the person's from now on (their mails follow it too).
          if (isLocale(req.query.lang)) await rememberLanguage(store, user, req.query.lang);
        } else delete req.session.userId;
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** Pages send people to the login page; the API answers 401. */
function unauthenticated(req: Request, res: Response, next: NextFunction): void {
  if (req.originalUrl.startsWith('/api/')) return next(new UnauthenticatedError());
  res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
}

export function requireLogin(req: Request, res: Response, next: NextFunction): void {
  if (!req.actor) return unauthenticated(req, res, next);
  next();
}

export function requireTenant(store: Store) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.actor) return unauthenticated(req, res, next);
    if (!req.actor.enterpriseId) return next(new ForbiddenError('this page belongs to an enterprise; the operator has none'));
    req.ctx = tenantContext(store, req.actor);
    next();
  };
}

/** Lets the request through when the policy allows the caller this action on this resource (403 otherwise). */
export function allow<R extends Resource>(resource: R, verb: Verb<R>) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.actor) return unauthenticated(req, res, next);
    try {
      assertAllowed(req.actor, resource, verb);
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** The tenant context of a request that passed requireTenant. */
export function ctxOf(req: Request) {
  if (!req.ctx) throw new Error('route mounted without requireTenant');
  return req.ctx;
}
