/**
 * Visit plans: for one site and date window, how many visits, on which
 * mystery checklist version and in which time slots. Creating a plan creates
 * its visits, each with its share of the window and a slot, in one transaction.
 */
import crypto from 'node:crypto';
import { ValidationError } from '../../errors';
import { assertCan } from '../accounts/roles';
import { getSite } from '../accounts/sites';
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { assertUsableTemplate } from '../templates/lifecycle';
import { getVersion } from '../templates/versions';
import { plans, visits } from './access';
import { splitWindow, spreadSlots } from './slots';
import { DEFAULT_REVISIT_DAYS, SLOTS, type Slot, type Visit, type VisitPlan, type VisitState } from './types';
import { daysBetween } from '../calendar';

export const MAX_PLAN_VISITS = 500;
export const MAX_WINDOW_DAYS = 366;

export interface PlanInput {
  siteId: string;
  name?: string;
  from: string;
  to: string;
  visits: number;
  templateId: string;
  /** Defaults to the template's live version. */
  templateVersion?: number;
  slots: Slot[];
  revisitDays?: number;
}

export async function createPlan(ctx: TenantContext, input: PlanInput): Promise<VisitPlan> {
  assertCan(ctx.actor.role, 'visits.manage');
  const site = await getSite(ctx, input.siteId);
  const version = await getVersion(ctx, input.templateId, input.templateVersion);
  await assertUsableTemplate(ctx, input.templateId);
  if (version.content.channel !== 'mystery')
    throw new ValidationError(`templateId: a visit plan needs a mystery checklist, not a ${version.content.channel} template`, 'templateId');
  const slots = SLOTS.filter((s) => input.slots.includes(s));
  if (!slots.length) throw new ValidationError('slots: choose at least one time slot', 'slots');
  if (daysBetween(input.from, input.to) + 1 > MAX_WINDOW_DAYS) throw new ValidationError(`to: the window may span at most ${MAX_WINDOW_DAYS} days`, 'to');
  const windows = splitWindow(input.from, input.to, input.visits);
  const slotOfVisit = spreadSlots(windows, slots);
  const now = nowIso();
  const plan: VisitPlan = {
    _id: crypto.randomUUID(),
    enterpriseId: ctx.actor.enterpriseId,
    siteId: site._id,
    name: input.name?.trim() || `${site.code} ${input.from}–${input.to}`,
    from: input.from,
    to: input.to,
    visits: input.visits,
    templateId: input.templateId,
    templateVersion: version.version,
    slots,
    revisitDays: input.revisitDays ?? DEFAULT_REVISIT_DAYS,
    createdAt: now,
    createdBy: ctx.actor.userId,
  };
  const docs: Visit[] = windows.map((window, i) => ({
    _id: crypto.randomUUID(),
    enterpriseId: ctx.actor.enterpriseId,
    planId: plan._id,
    siteId: site._id,
    templateId: plan.templateId,
    templateVersion: plan.templateVersion,
    seq: i + 1,
    slot: slotOfVisit[i],
    window,
    revisitDays: plan.revisitDays,
    state: 'open',
    declinedBy: [],
    revision: 0,
    createdAt: now,
    updatedAt: now,
  }));
  await withTenantTransaction(ctx, async (tx) => {
    await plans(tx).insertOne(plan);
    await visits(tx).insertMany(docs);
    await recordAudit(tx, 'visitPlan.create', 'visitPlans', plan._id, {
      after: { siteId: plan.siteId, from: plan.from, to: plan.to, visits: plan.visits, slots, revisitDays: plan.revisitDays },
    });
  });
  return plan;
}

export async function listPlans(ctx: TenantContext): Promise<VisitPlan[]> {
  return plans(ctx).find({}, { sort: { from: -1 }, limit: 500 });
}

export async function planVisits(ctx: TenantContext, planId: string): Promise<Visit[]> {
  return visits(ctx).find({ planId }, { sort: { seq: 1 } });
}

/** How many visits of each plan are in each state. */
export async function planProgress(ctx: TenantContext, planIds: string[]): Promise<Map<string, Partial<Record<VisitState, number>>>> {
  const out = new Map<string, Partial<Record<VisitState, number>>>();
  if (!planIds.length) return out;
  for await (const v of visits(ctx).iterate({ planId: { $in: planIds } })) {
    const counts = out.get(v.planId) ?? {};
    counts[v.state] = (counts[v.state] ?? 0) + 1;
    out.set(v.planId, counts);
  }
  return out;
}
