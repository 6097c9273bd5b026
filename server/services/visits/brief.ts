/**
 * The shopper's brief of a visit plan: a scenario per visit type (what to
 * ask, what to buy or request, what to observe), the fee paid per visit, and
 * (from the site) the address. Visits of the plan take the scenarios in turn
 * by their position, so a plan with an enquiry and a repair scenario sends
 * every other shopper with each.
 */
import { ValidationError } from '../../errors';
import { assertCan } from '../accounts/roles';
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { getPlan, plans } from './access';
import type { BriefInput, Scenario, VisitBrief, VisitType } from './briefTypes';
import type { Visit, VisitPlan } from './types';

/** Stands in for a whole plan's brief before one is written. */
export const NO_BRIEF: Pick<VisitBrief, 'scenarios'> = { scenarios: [] };

export const briefOf = (plan: VisitPlan): Pick<VisitBrief, 'scenarios' | 'feeFen'> => plan.brief ?? NO_BRIEF;

/** The scenario this visit carries: the one its shopper accepted, else the plan's scenarios in turn by the visit's position. */
export function scenarioOf(plan: VisitPlan, visit: Pick<Visit, 'seq' | 'acceptedBrief'>): Scenario | undefined {
  if (visit.acceptedBrief) return visit.acceptedBrief.scenario;
  const { scenarios } = briefOf(plan);
  return scenarios.length ? scenarios[(visit.seq - 1) % scenarios.length] : undefined;
}

/** The fee this visit pays: the one its shopper accepted, else the plan's. */
export function feeOf(plan: VisitPlan, visit: Pick<Visit, 'acceptedBrief'>): number | undefined {
  return visit.acceptedBrief ? visit.acceptedBrief.feeFen : briefOf(plan).feeFen;
}

/** The brief a shopper accepts for this visit now, to keep with it. */
export function briefToAccept(plan: VisitPlan, visit: Pick<Visit, 'seq'>): NonNullable<Visit['acceptedBrief']> {
  const scenario = scenarioOf(plan, { seq: visit.seq });
  const feeFen = briefOf(plan).feeFen;
  return { ...(scenario ? { scenario } : {}), ...(feeFen !== undefined ? { feeFen } : {}) };
}

export async function setPlanBrief(ctx: TenantContext, planId: string, input: BriefInput): Promise<VisitPlan> {
  assertCan(ctx.actor.role, 'visits.manage');
  const seen = new Set<VisitType>();
  input.scenarios.forEach((s, i) => {
    if (seen.has(s.type)) throw new ValidationError(`scenarios.${i}.type: each visit type at most once`, `scenarios.${i}.type`);
    seen.add(s.type);
  });
  return withTenantTransaction(ctx, async (tx) => {
    const before = await getPlan(tx, planId);
    const brief: VisitBrief = { scenarios: input.scenarios, updatedAt: nowIso(), updatedBy: ctx.actor.userId };
    if (input.feeFen !== undefined) brief.feeFen = input.feeFen;
    const after = await plans(tx).findOneAndUpdate({ _id: before._id }, { $set: { brief } });
    await recordAudit(tx, 'visitPlan.brief', 'visitPlans', before._id, {
      before: { scenarios: before.brief?.scenarios ?? [], feeFen: before.brief?.feeFen ?? null },
      after: { scenarios: brief.scenarios, feeFen: brief.feeFen ?? null },
    });
    return after!;
  });
}
