/** Route guards shared by the call routes. */
import type { NextFunction, Request, Response } from 'express';
import { ForbiddenError } from '../../errors';
import { can, type Permission } from '../../services/accounts/roles';
import { requireLogin } from '../middleware/auth';

/** Case details are for agents (who work them) and supervisors (who read them masked), not for every role. */
export function requireAnyPermission(...permissions: Permission[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.actor) return requireLogin(req, res, next);
    if (permissions.some((p) => can(req.actor!.role, p))) return next();
    next(new ForbiddenError(`the ${req.actor.role} role may not do this (${permissions.join(' or ')})`));
  };
}

/** ?lang= is read by the locale middleware; query schemas need not know it. */
export function queryOf(req: Request): Record<string, unknown> {
  const { lang: _lang, ...rest } = req.query as Record<string, unknown>;
  return rest;
}
