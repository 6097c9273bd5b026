/**
 * Mystery-channel answers count only once a reviewer approved them, whatever
 * their entry point (domain.md §3.3). Visits get there through QA review
 * (visits/review.ts); a mystery response posted by an integration either waits,
 * stored but uncounted, in the reviewer's queue of pending responses, or is
 * approved in the same request by a caller holding the reviewer permission.
 * Each approval commits with its rollup increments and its audit-log entry.
 */
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import { getEnterprise } from '../accounts/enterprises';
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { domainEvents } from '../events';
import { assertAllowed } from '../policy';
import { incrementsOfStored } from '../scores/rebuild';
import { noteFirstRollups } from '../scores/layout';
import { enqueueJob } from '../jobs/queue';
import { getVersion } from '../templates/versions';
import { applyRollupIncrements, countingJobs, submitResponse, type SubmitInput, type SubmitResult } from './submit';
import type { ResponseDoc } from './types';

const responses = (ctx: TenantContext) => ctx.store.collection<ResponseDoc>('responses');

/** Entry points whose mystery responses wait for a reviewer here (visits have their own QA review). */
const REVIEWED_HERE: readonly string[] = ['api', 'import'];
/** Uncounted mystery responses from the API or an import, never un-counted ones (a corrected visit's old revision). */
const PENDING = { channel: 'mystery', source: { $in: [...REVIEWED_HERE] }, countedAt: { $exists: false }, approvedAt: { $exists: false } };

/**
 * The ingestion API's submission: a survey or call response counts at once; a
 * mystery response counts only with `approved` from a reviewer, else it waits.
 */
export async function ingestResponse(ctx: TenantContext, input: Omit<SubmitInput, 'counted' | 'approvedBy'>, approved: boolean): Promise<SubmitResult> {
  if (input.channel !== 'mystery') {
    if (approved) throw new ValidationError('approved: only mystery-channel responses are approved; other channels count at once', 'approved');
    assertAllowed(ctx.actor, 'responses', 'write');
    return submitResponse(ctx, input);
  }
  if (!approved) return submitResponse(ctx, { ...input, counted: false });
  assertAllowed(ctx.actor, 'visits', 'review');
  return withTenantTransaction(ctx, async (tx) => {
    const result = await submitResponse(tx, { ...input, counted: true, approvedBy: ctx.actor.userId });
    if (!result.replayed)
      await recordAudit(tx, 'response.approved', 'responses', result.response._id, { siteCode: result.response.siteCode, via: 'submission' });
    return result;
  });
}

/** The reviewer's queue of mystery responses that arrived through the API, oldest first. */
export async function pendingMysteryResponses(ctx: TenantContext): Promise<ResponseDoc[]> {
  assertAllowed(ctx.actor, 'visits', 'review');
  return responses(ctx).find(PENDING, { sort: { submittedAt: 1 }, limit: 500 });
}

/** Approves a waiting mystery response: it starts counting. Approving it again changes nothing. */
export async function approveMysteryResponse(ctx: TenantContext, responseId: string): Promise<ResponseDoc> {
  // Looked up first: another enterprise's response is a plain 404 whoever asks.
  const found = await responses(ctx).findOne({ _id: responseId });
  if (!found) throw new NotFoundError('response');
  assertAllowed(ctx.actor, 'visits', 'review');
  if (found.approvedAt) return found;
  if (found.channel !== 'mystery' || !REVIEWED_HERE.includes(found.source) || found.countedAt) {
    throw new ConflictError('response: only a mystery-channel response waiting for review can be approved', 'responseId', 'response_state');
  }
  const { tzOffsetMinutes } = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  const now = nowIso();
  // Counted from now on: its alert and webhook jobs commit with the approval, as a counted submission's do with it.
  const { content } = await getVersion(ctx, found.templateId, found.templateVersion);
  const effects = await countingJobs(ctx, content, { ...found, countedAt: found.respondedAt, approvedAt: now, approvedBy: ctx.actor.userId });
  const approved = await withTenantTransaction(ctx, async (tx) => {
    const updated = await responses(tx).findOneAndUpdate(
      { _id: responseId, ...PENDING },
      { $set: { countedAt: found.respondedAt, approvedAt: now, approvedBy: ctx.actor.userId } },
    );
    if (!updated) throw new ConflictError('response: changed meanwhile; reload and try again', 'responseId', 'response_state');
    await noteFirstRollups(tx.store, ctx.actor.enterpriseId);
    await applyRollupIncrements(tx.store, incrementsOfStored(updated, tzOffsetMinutes));
    await recordAudit(tx, 'response.approved', 'responses', responseId, { siteCode: updated.siteCode, via: 'review' });
    for (const job of effects) await enqueueJob(tx.store, job);
    return updated;
  });
  domainEvents.emit('response.counted', {
    enterpriseId: ctx.actor.enterpriseId,
    siteId: approved.siteId,
    channel: 'mystery',
    responseId,
    at: approved.respondedAt,
  });
  return approved;
}
