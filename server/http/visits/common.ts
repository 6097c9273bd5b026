/** Shared by the visit pages: the section menu, as the policy allows it. */
import type { NextFunction, Request, Response } from 'express';
import { allowed } from '../../services/policy';

/** The visits menu, shown on every visit page (the main navigation is the layout's). */
export function visitMenu(req: Request, res: Response, next: NextFunction): void {
  const actor = req.actor;
  if (actor) {
    res.locals.visitMenu = {
      plans: allowed(actor, 'visits', 'manage'),
      shoppers: allowed(actor, 'visits', 'manage'),
      mine: allowed(actor, 'visits', 'work'),
      review: allowed(actor, 'visits', 'review'),
      rates: allowed(actor, 'scores', 'read'),
    };
  }
  next();
}
