/**
 * The shopper pool: users with the shopper role, each with a profile of the
 * cities they cover and the time slots they are available in. Automatic
 * assignment reads it; a shopper without a profile is offered nothing.
 */
import { NotFoundError, ValidationError } from '../../errors';
import { assertCan } from '../accounts/roles';
import type { Site } from '../accounts/sites';
import type { User } from '../accounts/users';
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { SLOTS, type ShopperProfile, type Slot } from './types';

export interface PoolMember {
  id: string;
  name: string;
  email: string;
  regions: string[];
  availability: Slot[];
}

const profiles = (ctx: TenantContext) => ctx.store.collection<ShopperProfile>('shopperProfiles');

export async function listPool(ctx: TenantContext): Promise<PoolMember[]> {
  const users = await ctx.store.collection<User>('users').find({ role: 'shopper' }, { sort: { name: 1 } });
  const byId = new Map((await profiles(ctx).find({})).map((p) => [p._id, p]));
  return users
    .filter((u) => !u.disabled)
    .map((u) => ({ id: u._id, name: u.name, email: u.email, regions: byId.get(u._id)?.regions ?? [], availability: byId.get(u._id)?.availability ?? [] }));
}

export async function getShopper(ctx: TenantContext, userId: string): Promise<User> {
  const user = await ctx.store.collection<User>('users').findOne({ _id: userId, role: 'shopper' });
  if (!user || user.disabled) throw new NotFoundError('shopper');
  return user;
}

/** The cities the enterprise has sites in: the regions a shopper can cover. */
export async function siteCities(ctx: TenantContext): Promise<string[]> {
  const cities = await ctx.store.collection<Site>('sites').distinct('city', {});
  return cities.map(String).sort();
}

export async function updateProfile(ctx: TenantContext, userId: string, input: { regions: string[]; availability: Slot[] }): Promise<ShopperProfile> {
  assertCan(ctx.actor.role, 'visits.manage');
  await getShopper(ctx, userId);
  const cities = new Set(await siteCities(ctx));
  input.regions.forEach((city, i) => {
    if (!cities.has(city)) throw new ValidationError(`regions.${i}: no site of this enterprise is in ${city}`, `regions.${i}`);
  });
  const before = await profiles(ctx).findOne({ _id: userId });
  const regions = [...new Set(input.regions)].sort();
  const availability = SLOTS.filter((s) => input.availability.includes(s));
  return withTenantTransaction(ctx, async (tx) => {
    const after = await profiles(tx).findOneAndUpdate({ _id: userId }, { $set: { regions, availability, updatedAt: nowIso() } }, { upsert: true });
    await recordAudit(tx, 'shopper.profile', 'shopperProfiles', userId, {
      before: before ? { regions: before.regions, availability: before.availability } : null,
      after: { regions, availability },
    });
    return after!;
  });
}
