/** Shared by the visit pages: the section menu by permission, and display names of sites and people. */
import type { NextFunction, Request, Response } from 'express';
import { can } from '../../services/accounts/roles';
import { listSites } from '../../services/accounts/sites';
import type { User } from '../../services/accounts/users';
import type { TenantContext } from '../../services/context';

/** The visits menu, shown on every visit page (the main navigation is the layout's). */
export function visitMenu(req: Request, res: Response, next: NextFunction): void {
  const role = req.actor?.role;
  if (role) {
    res.locals.visitMenu = {
      plans: can(role, 'visits.manage'),
      shoppers: can(role, 'visits.manage'),
      mine: can(role, 'visits.work'),
      review: can(role, 'visits.review'),
      rates: can(role, 'scores.read'),
    };
  }
  next();
}

/** Site id → "CODE name" and user id → name, for tables. */
export async function displayNames(ctx: TenantContext): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const s of await listSites(ctx)) names.set(s._id, `${s.code} ${s.name}`);
  for (const u of await ctx.store.collection<User>('users').find({ role: { $in: ['shopper', 'reviewer', 'admin'] } })) names.set(u._id, u.name);
  return names;
}
