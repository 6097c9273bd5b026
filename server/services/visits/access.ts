/**
 * Who may see a visit. The visit is looked up in the caller's enterprise first
 * (another enterprise's id is a plain 404); a shopper sees only the visits
 * assigned to them, and anything else looks absent to them too.
 */
import { NotFoundError } from '../../errors';
import type { TenantContext } from '../context';
import { allowed, assertAllowed } from '../policy';
import type { Filter } from '../../store/types';
import type { Visit, VisitPlan, VisitState } from './types';

export type VisitPurpose = 'work' | 'review' | 'manage' | 'read';

export const visits = (ctx: TenantContext) => ctx.store.collection<Visit>('visits');
export const plans = (ctx: TenantContext) => ctx.store.collection<VisitPlan>('visitPlans');

/** Shoppers see their own visits; reviewers and planners see all of the enterprise's. */
export function mayRead(ctx: TenantContext, visit: Visit): boolean {
  if (allowed(ctx.actor, 'visits', 'readReport')) return true;
  return allowed(ctx.actor, 'visits', 'work') && visit.shopperId === ctx.actor.userId;
}

export async function getVisit(ctx: TenantContext, id: string, purpose: VisitPurpose): Promise<Visit> {
  const visit = await visits(ctx).findOne({ _id: id });
  if (!visit) throw new NotFoundError('visit');
  if (purpose === 'read') {
    if (!mayRead(ctx, visit)) throw new NotFoundError('visit');
    return visit;
  }
  assertAllowed(ctx.actor, 'visits', purpose);
  // Another shopper's assignment looks absent: a shopper sees only their own.
  if (purpose === 'work' && visit.shopperId !== ctx.actor.userId) throw new NotFoundError('visit');
  return visit;
}

export async function getPlan(ctx: TenantContext, id: string): Promise<VisitPlan> {
  const plan = await plans(ctx).findOne({ _id: id });
  if (!plan) throw new NotFoundError('visit plan');
  return plan;
}

/** Reviewers and planners list the visits of the sites they see; shoppers (and anyone else) only their own assignments. */
export async function listVisits(ctx: TenantContext, q: { state?: VisitState; planId?: string }): Promise<Visit[]> {
  const filter: Filter = {};
  if (q.state) filter.state = q.state;
  if (q.planId) filter.planId = q.planId;
  if (allowed(ctx.actor, 'visits', 'readReport')) return visits(ctx).find(filter, { sort: { updatedAt: -1 }, limit: 500 });
  // A shopper's own list, soonest deadline first (as on their page).
  return visits(ctx).find({ ...filter, shopperId: ctx.actor.userId }, { sort: { 'window.to': 1 }, limit: 500 });
}
