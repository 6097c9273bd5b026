/**
 * Call lists: per site and period, a quota (from the sample-size planner or set
 * by hand) and a random sample of the eligible cases: service date in the
 * period and not sampled before. The seed and a hash of the population are
 * recorded so the draw can be re-run and checked (see draw.ts).
 */
import crypto from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import type { Filter } from '../../store/types';
import { assertCan } from '../accounts/roles';
import { getSite, type Site } from '../accounts/sites';
import { recordAudit } from '../auditLog';
import { withTenantTransaction, type TenantContext } from '../context';
import { sampleSize } from '../scoring/sampleSize';
import { getTemplate, getVersion, listTemplates } from '../templates/versions';
import { collections, NO_CLAIM, type CallCase, type CallList, type QuotaPlan } from './types';
import { drawSample, newSeed, populationHash } from './sampling';
import { daysInRange } from '../calendar';

export const DEFAULT_MAX_ATTEMPTS = 4;
const MAX_PERIOD_DAYS = 366;
const lists = (ctx: TenantContext) => ctx.store.collection<CallList>(collections.lists);

export interface PlanInput {
  siteId: string;
  from: string;
  to: string;
  mode: 'planner' | 'manual';
  /** Planner: margin of error (0.05 = ±5 points), expected proportion, z. */
  e?: number;
  p?: number;
  z?: number;
  /** Manual: completed calls wanted. */
  quota?: number;
}

export interface Plan {
  site: Site;
  from: string;
  to: string;
  plan: QuotaPlan;
  quota: number;
}

function checkPeriod(from: string, to: string): void {
  if (from > to) throw new ValidationError('from: must not be after to', 'from');
  const days = daysInRange(from, to);
  if (days > MAX_PERIOD_DAYS) throw new ValidationError(`to: a period is at most ${MAX_PERIOD_DAYS} days`, 'to');
}

export const eligibleFilter = (siteId: string, from: string, to: string): Filter => ({ siteId, status: 'unsampled', serviceDate: { $gte: from, $lte: to } });

/** The quota for a population of N eligible cases, with every figure the page shows. */
export function quotaFor(input: Omit<PlanInput, 'siteId' | 'from' | 'to'>, N: number): { plan: QuotaPlan; quota: number } {
  if (input.mode === 'manual') {
    if (input.quota === undefined) throw new ValidationError('quota: is required when the quota is set by hand', 'quota');
    return { plan: { mode: 'manual', N }, quota: Math.min(input.quota, N) };
  }
  const base = { marginOfError: input.e ?? 0.05, proportion: input.p ?? 0.5, z: input.z ?? 1.96 };
  const infinite = sampleSize(base);
  const finite = N > 0 ? sampleSize({ ...base, population: N }) : { n: 0, method: infinite.method };
  const plan: QuotaPlan = {
    mode: 'planner',
    z: base.z,
    p: base.proportion,
    e: base.marginOfError,
    N,
    nInfinite: infinite.infinite,
    nFpc: finite.n,
    method: finite.method,
  };
  return { plan, quota: finite.n };
}

export async function planQuota(ctx: TenantContext, input: PlanInput): Promise<Plan> {
  checkPeriod(input.from, input.to);
  const site = await getSite(ctx, input.siteId);
  const N = await ctx.store.collection<CallCase>(collections.cases).count(eligibleFilter(site._id, input.from, input.to));
  return { site, from: input.from, to: input.to, ...quotaFor(input, N) };
}

export interface ListInput extends PlanInput {
  expectedResponseRate?: number;
  maxAttempts?: number;
  templateId?: string;
  /** To repeat a published draw; a fresh random seed otherwise. */
  seed?: number;
}

/** The call script: the given template, else the enterprise's first published call template. */
async function scriptFor(ctx: TenantContext, templateId?: string): Promise<{ templateId: string; templateVersion: number }> {
  if (templateId) {
    const template = await getTemplate(ctx, templateId);
    if (template.channel !== 'call') throw new ValidationError('templateId: must be a follow-up call template', 'templateId');
    const version = await getVersion(ctx, templateId);
    return { templateId, templateVersion: version.version };
  }
  const published = (await listTemplates(ctx, { channel: 'call' })).find((t) => t.publishedVersion !== null);
  if (!published) throw new ConflictError('templateId: publish a follow-up call template first; it is the agents’ script', 'templateId');
  return { templateId: published._id, templateVersion: published.publishedVersion! };
}

export async function createList(ctx: TenantContext, input: ListInput, now = new Date()): Promise<CallList> {
  assertCan(ctx.actor.role, 'calls.manage');
  checkPeriod(input.from, input.to);
  const site = await getSite(ctx, input.siteId);
  const script = await scriptFor(ctx, input.templateId);
  const rate = input.expectedResponseRate ?? 1;
  const seed = input.seed ?? newSeed();
  const drawnAt = now.toISOString();
  return withTenantTransaction(ctx, async (tctx) => {
    const tx = tctx.store;
    const cases = tx.collection<CallCase>(collections.cases);
    // Read inside the transaction: a concurrent draw cannot take the same cases.
    const population = await cases.find(eligibleFilter(site._id, input.from, input.to));
    if (!population.length) throw new ConflictError('from: no unsampled case of this site has a service date in the period', 'from');
    const { plan, quota } = quotaFor(input, population.length);
    const size = Math.min(population.length, Math.ceil(quota / rate - 1e-9));
    const ids = population.map((c) => c.caseId);
    const drawn = drawSample(ids, size, seed);
    const record: CallList = {
      _id: crypto.randomUUID(),
      enterpriseId: ctx.actor.enterpriseId,
      siteId: site._id,
      siteCode: site.code,
      periodFrom: input.from,
      periodTo: input.to,
      quota,
      plan,
      expectedResponseRate: rate,
      sampleSize: drawn.length,
      seed,
      populationHash: populationHash(ids),
      drawnAt,
      maxAttempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      ...script,
      createdBy: ctx.actor.userId,
      createdAt: drawnAt,
    };
    await tx.collection<CallList>(collections.lists).insertOne(record);
    const byCaseId = new Map(population.map((c) => [c.caseId, c._id]));
    for (const caseId of drawn) {
      const { matched } = await cases.updateOne(
        { _id: byCaseId.get(caseId)!, status: 'unsampled' },
        { $set: { status: 'open', callListId: record._id, sampledAt: drawnAt, dueAt: drawnAt, priority: 1, claimExpiresAt: NO_CLAIM } },
      );
      if (!matched) throw new ConflictError('from: another list drew some of these cases at the same moment; try again', 'from');
    }
    await recordAudit(tctx, 'callList.create', collections.lists, record._id, {
      siteCode: site.code,
      from: input.from,
      to: input.to,
      quota: record.quota,
      sampleSize: record.sampleSize,
      seed,
    });
    return record;
  });
}

export async function getList(ctx: TenantContext, id: string): Promise<CallList> {
  const list = await lists(ctx).findOne({ _id: id });
  if (!list) throw new NotFoundError('call list');
  return list;
}

export async function listLists(ctx: TenantContext, q: { siteId?: string; from?: string; to?: string } = {}): Promise<CallList[]> {
  const filter: Filter = {};
  if (q.siteId) filter.siteId = (await getSite(ctx, q.siteId))._id;
  // Lists whose period overlaps [from, to].
  if (q.to) filter.periodFrom = { $lte: q.to };
  if (q.from) filter.periodTo = { $gte: q.from };
  return lists(ctx).find(filter, { sort: { periodFrom: -1, siteCode: 1 } });
}
