/**
 * "Next case": an agent claims the most urgent due case with one atomic
 * findOneAndUpdate, so two agents never get the same case even at the same
 * instant. A claim lasts 15 minutes (renewed while the agent has the case
 * open); an expired claim returns the case to the pool.
 */
import { ConflictError } from '../../errors';
import type { Filter } from '../../store/types';
import { assertCan } from '../accounts/roles';
import type { TenantContext } from '../context';
import { casesOf, getCase } from './cases';
import { MINUTE } from './clock';
import { NO_CLAIM, type CallCase } from './types';

export const CLAIM_MINUTES = 15;

const expiry = (now: Date) => new Date(now.getTime() + CLAIM_MINUTES * MINUTE).toISOString();

/** The case this agent holds now, if any. */
export async function heldCase(ctx: TenantContext, now = new Date()): Promise<CallCase | null> {
  return casesOf(ctx).findOne({ status: 'open', holderId: ctx.actor.userId, claimExpiresAt: { $gt: now.toISOString() } });
}

/**
 * The agent's current case, or a newly claimed one: callbacks that are due
 * first, then the case waiting longest. Null when no case is left to call now.
 */
export async function claimNext(ctx: TenantContext, options: { callListId?: string; now?: Date } = {}): Promise<{ case: CallCase | null; resumed: boolean }> {
  assertCan(ctx.actor.role, 'calls.work');
  const now = options.now ?? new Date();
  const current = await heldCase(ctx, now);
  if (current) return { case: current, resumed: true };
  const at = now.toISOString();
  const filter: Filter = { status: 'open', dueAt: { $lte: at }, claimExpiresAt: { $lte: at } };
  if (options.callListId) filter.callListId = options.callListId;
  const claimed = await casesOf(ctx).findOneAndUpdate(
    filter,
    { $set: { holderId: ctx.actor.userId, claimExpiresAt: expiry(now), claimedAt: at } },
    // claimExpiresAt only breaks ties, but it makes the order the index's own (no sort pass; see indexes.ts).
    { sort: { priority: 1, dueAt: 1, claimExpiresAt: 1 } },
  );
  return { case: claimed, resumed: false };
}

/** Why this agent may not act on the case: it is closed, not on a list, or held by someone else. */
export function refusal(ctx: TenantContext, c: CallCase): ConflictError {
  if (c.status === 'unsampled') return new ConflictError(`case ${c.caseId} is not on a call list yet`, 'case', 'case_not_sampled');
  if (c.status !== 'open')
    return new ConflictError(`case ${c.caseId} is already closed (${c.status}); no further outcome can be recorded`, 'case', 'case_closed');
  if (c.holderId !== ctx.actor.userId) return new ConflictError(`you do not hold case ${c.caseId}: take it with “next case” first`, 'case', 'case_not_held');
  // The guarded update lost a race the re-read no longer shows.
  return new ConflictError(`case ${c.caseId} changed while you worked on it; reload it`, 'case', 'case_changed');
}

/**
 * Keeps the holder's claim alive while they work the case. Allowed after the
 * claim expired only as long as nobody else has taken the case meanwhile.
 */
export async function renewClaim(ctx: TenantContext, caseRef: string, now = new Date()): Promise<CallCase> {
  assertCan(ctx.actor.role, 'calls.work');
  const c = await getCase(ctx, caseRef);
  const renewed = await casesOf(ctx).findOneAndUpdate({ _id: c._id, status: 'open', holderId: ctx.actor.userId }, { $set: { claimExpiresAt: expiry(now) } });
  if (renewed) return renewed;
  throw refusal(ctx, await getCase(ctx, caseRef));
}

/** Gives a held case back untouched (no attempt is counted). */
export async function releaseCase(ctx: TenantContext, caseRef: string): Promise<CallCase> {
  assertCan(ctx.actor.role, 'calls.work');
  const c = await getCase(ctx, caseRef);
  const released = await casesOf(ctx).findOneAndUpdate(
    { _id: c._id, status: 'open', holderId: ctx.actor.userId },
    { $set: { claimExpiresAt: NO_CLAIM }, $unset: { holderId: true } },
  );
  if (released) return released;
  throw refusal(ctx, await getCase(ctx, caseRef));
}
