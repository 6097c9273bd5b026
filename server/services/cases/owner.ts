/**
 * Who owns a new case: the owner configured for its site, else the site's
 * manager (a user with the siteManager role confined to that site), else
 * nobody (the case waits unassigned). Users who left (disabled) never own one.
 */
import type { Site } from '../accounts/sites';
import type { User } from '../accounts/users';
import type { TenantContext } from '../context';
import type { CaseSettings } from './settings';

export const SITE_MANAGER_ROLE = 'siteManager';

export type Owner = Pick<User, '_id' | 'name' | 'email'>;

/** The active site managers of a site, by name. */
export async function siteManagers(ctx: TenantContext, siteId: string): Promise<Owner[]> {
  const managers = await ctx.store
    .collection<User>('users')
    .find({ role: SITE_MANAGER_ROLE }, { sort: { name: 1 }, fields: ['_id', 'name', 'email', 'siteIds', 'disabled'] });
  return managers.filter((u) => !u.disabled && (u.siteIds ?? []).includes(siteId));
}

export async function defaultOwner(ctx: TenantContext, site: Pick<Site, '_id'>, settings: Pick<CaseSettings, 'siteOwners'>): Promise<Owner | null> {
  const configured = settings.siteOwners[site._id];
  if (configured) {
    const user = await ctx.store.collection<User>('users').findOne({ _id: configured }, { fields: ['_id', 'name', 'email', 'disabled'] });
    if (user && !user.disabled) return user;
  }
  return (await siteManagers(ctx, site._id))[0] ?? null;
}

/** The addresses of a site's manager level: its owner and managers, else the manager address the site record holds. */
export async function siteManagerEmails(
  ctx: TenantContext,
  site: Pick<Site, '_id' | 'managerEmail'>,
  settings: Pick<CaseSettings, 'siteOwners'>,
): Promise<string[]> {
  const owner = await defaultOwner(ctx, site, settings);
  const emails = new Set([...(owner ? [owner.email] : []), ...(await siteManagers(ctx, site._id)).map((u) => u.email)]);
  if (!emails.size && site.managerEmail) emails.add(site.managerEmail);
  return [...emails];
}

export async function adminEmails(ctx: TenantContext): Promise<string[]> {
  const admins = await ctx.store.collection<User>('users').find({ role: 'admin' }, { sort: { email: 1 }, fields: ['email', 'disabled'] });
  return admins.filter((u) => !u.disabled).map((u) => u.email);
}
