/** What the page chrome needs: the user and which menu entries their role may see. */
import type { NextFunction, Request, Response } from 'express';
import { can } from '../services/accounts/roles';

export function navLocals(req: Request, res: Response, next: NextFunction): void {
  const actor = req.actor;
  res.locals.user = actor ? { id: actor.userId, role: actor.role } : null;
  if (actor) {
    res.locals.nav = {
      enterprises: can(actor.role, 'enterprises.manage'),
      sites: can(actor.role, 'sites.manage'),
      users: can(actor.role, 'users.manage'),
      tokens: can(actor.role, 'tokens.manage'),
      outbox: can(actor.role, 'outbox.read'),
      auditLog: can(actor.role, 'auditLog.read'),
    };
  }
  if (req.session?.flash) {
    res.locals.flash = req.session.flash;
    delete req.session.flash;
  }
  next();
}
