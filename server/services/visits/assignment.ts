/**
 * Assigning visits to shoppers, by hand or automatically, always under the
 * revisit rule: the same shopper never visits the same site twice within the
 * plan's N days. Shoppers accept or decline; a declined visit goes back to the
 * pool and is offered to someone else.
 */
import { ConflictError, ValidationError } from '../../errors';
import type { Store } from '../../store/types';
import { assertCan } from '../accounts/roles';
import { getSite } from '../accounts/sites';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { getPlan, getVisit, visits } from './access';
import { briefToAccept } from './brief';
import { removeVisitEvidence } from './evidence';
import { recordVisitHistory } from './history';
import { getShopper, listPool, type PoolMember } from './shoppers';
import { gapDays } from './slots';
import { HELD_STATES, type Visit } from './types';

/** Where a visit can fall: its logged date once reported, else its share of the plan window. */
export function visitSpan(v: Visit): { from: string; to: string } {
  const date = v.report?.startedAt ? v.report.visitDate : undefined;
  return date ? { from: date, to: date } : v.window;
}

/** The shopper's other visit at the same site that is too close to `visit`, if any. */
export async function revisitConflict(store: Store, visit: Visit, shopperId: string): Promise<Visit | null> {
  const others = await store.collection<Visit>('visits').find({ siteId: visit.siteId, shopperId, state: { $in: HELD_STATES } });
  for (const other of others) {
    if (other._id === visit._id) continue;
    // Two plans may set different windows: the stricter one protects both.
    if (gapDays(visitSpan(visit), visitSpan(other)) < Math.max(visit.revisitDays, other.revisitDays)) return other;
  }
  return null;
}

/**
 * Check and claim in one transaction that first bumps a per-site lock document,
 * so two assignments at the same site cannot both pass the check (the embedded
 * store serialises transactions; MongoDB aborts one on the write conflict).
 */
async function claim(ctx: TenantContext, visitId: string, shopperId: string): Promise<Visit> {
  return withTenantTransaction(ctx, async (tctx) => {
    const tx = tctx.store;
    const current = await tx.collection<Visit>('visits').findOne({ _id: visitId });
    if (!current) throw new ConflictError('visit: no longer exists', 'visitId');
    await tx.collection('visitLocks').updateOne({ _id: `site:${current.siteId}` }, { $inc: { n: 1 } }, { upsert: true });
    if (current.state !== 'open') throw new ConflictError(`visit: already ${current.state}; only an open visit can be assigned`, 'visitId', 'visit_state');
    if (current.declinedBy.includes(shopperId))
      throw new ConflictError('shopperId: this shopper declined this visit; assign someone else', 'shopperId', 'declined');
    const other = await revisitConflict(tx, current, shopperId);
    if (other) {
      const days = Math.max(current.revisitDays, other.revisitDays);
      throw new ConflictError(
        `shopperId: revisit rule — this shopper has visit #${other.seq} at this site (${visitSpan(other).from}–${visitSpan(other).to}) within ${days} days`,
        'shopperId',
        'revisit_rule',
      );
    }
    const now = nowIso();
    const updated = await tx
      .collection<Visit>('visits')
      .findOneAndUpdate({ _id: visitId, state: 'open' }, { $set: { state: 'assigned', shopperId, assignedAt: now, updatedAt: now } });
    await recordVisitHistory(tctx, current, 'assigned', { shopperId });
    return updated!;
  });
}

export async function assignVisit(ctx: TenantContext, visitId: string, shopperId: string): Promise<Visit> {
  await getVisit(ctx, visitId, 'manage');
  await getShopper(ctx, shopperId);
  return claim(ctx, visitId, shopperId);
}

export interface AutoAssignResult {
  assigned: Array<{ visitId: string; seq: number; shopperId: string }>;
  unassigned: Array<{ visitId: string; seq: number; reason: 'no_shopper' | 'revisit_rule' }>;
}

/**
 * Offers every open visit of the plan to an eligible shopper: covers the site's
 * city, available in the visit's slot, has not declined it, and passes the
 * revisit rule. Among those, the one with the fewest visits in this plan, then
 * the fewest open assignments overall, so work spreads across the pool.
 */
export async function autoAssign(ctx: TenantContext, planId: string): Promise<AutoAssignResult> {
  assertCan(ctx.actor.role, 'visits.manage');
  const plan = await getPlan(ctx, planId);
  const site = await getSite(ctx, plan.siteId);
  const pool = await listPool(ctx);
  const open = await visits(ctx).find({ planId, state: 'open' }, { sort: { seq: 1 } });
  const planLoad = new Map<string, number>();
  const activeLoad = new Map<string, number>();
  for (const v of await visits(ctx).find({ state: { $in: ['assigned', 'accepted', 'submitted', 'returned'] } })) {
    if (v.shopperId) activeLoad.set(v.shopperId, (activeLoad.get(v.shopperId) ?? 0) + 1);
  }
  for (const v of await visits(ctx).find({ planId, state: { $in: HELD_STATES } })) {
    if (v.shopperId) planLoad.set(v.shopperId, (planLoad.get(v.shopperId) ?? 0) + 1);
  }
  const rank = (s: PoolMember) => [planLoad.get(s.id) ?? 0, activeLoad.get(s.id) ?? 0];
  const result: AutoAssignResult = { assigned: [], unassigned: [] };
  for (const visit of open) {
    const eligible = pool
      .filter((s) => s.regions.includes(site.city) && s.availability.includes(visit.slot) && !visit.declinedBy.includes(s.id))
      .sort((a, b) => {
        const [ra, rb] = [rank(a), rank(b)];
        return ra[0] - rb[0] || ra[1] - rb[1] || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
      });
    let chosen: string | undefined;
    for (const shopper of eligible) {
      try {
        await claim(ctx, visit._id, shopper.id);
        chosen = shopper.id;
        break;
      } catch (err) {
        if (!(err instanceof ConflictError) || err.code !== 'revisit_rule') throw err;
      }
    }
    if (!chosen) {
      result.unassigned.push({ visitId: visit._id, seq: visit.seq, reason: eligible.length ? 'revisit_rule' : 'no_shopper' });
      continue;
    }
    planLoad.set(chosen, (planLoad.get(chosen) ?? 0) + 1);
    activeLoad.set(chosen, (activeLoad.get(chosen) ?? 0) + 1);
    result.assigned.push({ visitId: visit._id, seq: visit.seq, shopperId: chosen });
  }
  return result;
}

export async function acceptVisit(ctx: TenantContext, visitId: string): Promise<Visit> {
  const visit = await getVisit(ctx, visitId, 'work');
  if (visit.state === 'accepted') return visit; // a repeated tap changes nothing
  const now = nowIso();
  return withTenantTransaction(ctx, async (tx) => {
    const acceptedBrief = briefToAccept(await getPlan(tx, visit.planId), visit);
    const updated = await visits(tx).findOneAndUpdate(
      { _id: visitId, shopperId: ctx.actor.userId, state: 'assigned' },
      { $set: { state: 'accepted', acceptedAt: now, updatedAt: now, acceptedBrief } },
    );
    if (!updated) throw new ConflictError(`visit: already ${visit.state}; only an assigned visit can be accepted`, 'visitId', 'visit_state');
    await recordVisitHistory(tx, visit, 'accepted');
    return updated;
  });
}

/** Back to the pool; the shopper's draft and uploads go with them, so the next shopper starts clean. */
export async function declineVisit(ctx: TenantContext, visitId: string, reason?: string): Promise<Visit> {
  const visit = await getVisit(ctx, visitId, 'work');
  if (visit.state !== 'assigned' && visit.state !== 'accepted') {
    throw new ConflictError(`visit: already ${visit.state}; only an assigned or accepted visit can be declined`, 'visitId', 'visit_state');
  }
  if (reason !== undefined && [...reason].length > 500) throw new ValidationError('reason: must be at most 500 characters', 'reason');
  return withTenantTransaction(ctx, async (tx) => {
    const updated = await visits(tx).findOneAndUpdate(
      { _id: visitId, shopperId: ctx.actor.userId, state: visit.state },
      {
        $set: { state: 'open', declinedBy: [...visit.declinedBy, ctx.actor.userId], updatedAt: nowIso() },
        $unset: { shopperId: true, assignedAt: true, acceptedAt: true, acceptedBrief: true, report: true },
      },
    );
    if (!updated) throw new ConflictError('visit: changed meanwhile; reload and try again', 'visitId', 'visit_state');
    await removeVisitEvidence(tx, visitId);
    await recordVisitHistory(tx, visit, 'declined', reason ? { reason } : undefined);
    return updated;
  });
}

/** The shopper's own visits, soonest deadline first. */
export async function myVisits(ctx: TenantContext): Promise<Visit[]> {
  return visits(ctx).find({ shopperId: ctx.actor.userId }, { sort: { 'window.to': 1 }, limit: 500 });
}
