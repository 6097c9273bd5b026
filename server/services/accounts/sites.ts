/**
 * Sites (多场所): the service points of one enterprise. Each is audited and
 * scored; every response, visit and call belongs to one. A user limited to
 * some sites sees only those: the scoped store confines every query here.
 */
import crypto from 'node:crypto';
import { ConflictError, NotFoundError } from '../../errors';
import { DuplicateKeyError, type Doc } from '../../store/types';
import { recordAudit } from '../auditLog';
import type { TenantContext } from '../context';
import { nowIso, withTenantTransaction } from '../context';
import { assertAllowed } from '../policy';

export interface Site extends Doc {
  enterpriseId: string;
  code: string;
  name: string;
  /** English name, shown on English pages, emails and PDFs (names.ts). */
  nameEn?: string;
  city: string;
  address?: string;
  managerEmail?: string;
  createdAt: string;
}

/** What a caller gives to create or edit a site: everything but its ids and stamps. */
export type SiteInput = Pick<Site, 'code' | 'name' | 'nameEn' | 'city' | 'address' | 'managerEmail'>;

export async function listSites(ctx: TenantContext): Promise<Site[]> {
  return ctx.store.collection<Site>('sites').find({}, { sort: { code: 1 } });
}

export async function getSite(ctx: TenantContext, id: string): Promise<Site> {
  const site = await ctx.store.collection<Site>('sites').findOne({ _id: id });
  if (!site) throw new NotFoundError('site');
  return site;
}

export async function getSiteByCode(ctx: TenantContext, code: string): Promise<Site> {
  const site = await ctx.store.collection<Site>('sites').findOne({ code });
  if (!site) throw new NotFoundError(`site ${code}`);
  return site;
}

export async function createSite(ctx: TenantContext, input: SiteInput): Promise<Site> {
  assertAllowed(ctx.actor, 'sites', 'manage');
  const site: Site = { _id: crypto.randomUUID(), enterpriseId: ctx.actor.enterpriseId, ...input, createdAt: nowIso() };
  try {
    await withTenantTransaction(ctx, async (tx) => {
      await tx.store.collection<Site>('sites').insertOne(site);
      await recordAudit(tx, 'site.create', 'sites', site._id, { after: input });
    });
  } catch (err) {
    if (err instanceof DuplicateKeyError) throw new ConflictError(`code: site ${input.code} already exists`, 'code');
    throw err;
  }
  return site;
}

export async function updateSite(ctx: TenantContext, id: string, changes: Partial<Omit<SiteInput, 'code'>>): Promise<Site> {
  assertAllowed(ctx.actor, 'sites', 'manage');
  return withTenantTransaction(ctx, async (tx) => {
    const before = await getSite(tx, id);
    const after = await tx.store.collection<Site>('sites').findOneAndUpdate({ _id: id }, { $set: changes });
    if (!after) throw new NotFoundError('site');
    const changed = Object.keys(changes) as (keyof SiteInput)[];
    await recordAudit(tx, 'site.update', 'sites', id, {
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: changes,
    });
    return after;
  });
}
