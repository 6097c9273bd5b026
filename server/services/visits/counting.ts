/**
 * An approved visit counts in the scores through the one path every channel
 * uses, `submitResponse`, with the key visit:<id>:v<revision>. When a reviewer
 * corrects an approved visit, the old revision's response is un-counted (its
 * increments negated in the same transaction that clears its countedAt) and the
 * corrected one counted, so the rollups always equal a rebuild from responses.
 * Every step is idempotent: running sync again after a crash finishes the job.
 */
import { getEnterprise } from '../accounts/enterprises';
import { nowIso, type TenantContext } from '../context';
import { applyRollupIncrements, submitResponse } from '../responses/submit';
import type { ResponseDoc } from '../responses/types';
import { incrementsOfStored } from '../scores/rebuild';
import { negateIncrements } from '../scoring/rollup';
import { visits } from './access';
import type { SubmittedReport, Visit } from './types';

export const visitResponseKey = (visitId: string, revision: number) => `visit:${visitId}:v${revision}`;

/** Stops counting one response; false when it had already stopped (a retry). */
async function uncount(ctx: TenantContext, responseId: string, tzOffsetMinutes: number): Promise<boolean> {
  return ctx.store.withTransaction(async (tx) => {
    const before = await tx
      .collection<ResponseDoc>('responses')
      .findOneAndUpdate(
        { _id: responseId, countedAt: { $exists: true } },
        { $unset: { countedAt: true }, $set: { uncountedAt: nowIso() } },
        { returnDocument: 'before' },
      );
    if (!before) return false;
    await applyRollupIncrements(tx, negateIncrements(incrementsOfStored(before, tzOffsetMinutes)));
    return true;
  });
}

/**
 * Makes the scores hold exactly the approved visit's current revision (nothing, if it is not approved).
 * `written`: the visit as the caller's transaction just wrote it, so it is not read again.
 * `firstApproval`: that transaction took it from submitted to approved. An approved visit never goes back
 * to submitted, and a resubmission takes a new revision, so no response holds this revision's key yet
 * (a racing twin would still meet the unique key and replay).
 */
export async function syncVisitCount(ctx: TenantContext, visitId: string, written?: Visit, firstApproval = false): Promise<Visit | null> {
  const visit = written?._id === visitId ? written : await visits(ctx).findOne({ _id: visitId });
  if (!visit || visit.state !== 'approved' || !visit.report) return visit;
  const { tzOffsetMinutes } = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  const counted = await ctx.store.collection<ResponseDoc>('responses').find({ 'refs.visitId': visitId, countedAt: { $exists: true } });
  for (const response of counted) {
    if (response.refs?.revision !== String(visit.revision)) await uncount(ctx, response._id, tzOffsetMinutes);
  }
  const report = visit.report as SubmittedReport;
  const { response } = await submitResponse(ctx, {
    templateId: visit.templateId,
    templateVersion: visit.templateVersion,
    siteId: visit.siteId,
    channel: 'mystery',
    answers: report.answers,
    source: 'visit',
    respondedAt: report.startedAt,
    idempotencyKey: visitResponseKey(visitId, visit.revision),
    known: { tzOffsetMinutes },
    keyUnused: firstApproval,
    refs: { visitId, revision: String(visit.revision) },
  });
  // Only if no newer correction landed meanwhile; that one's own sync records itself.
  const recorded = await visits(ctx).findOneAndUpdate(
    { _id: visitId, revision: visit.revision },
    { $set: { countedRevision: visit.revision, responseId: response._id } },
  );
  return recorded ?? visits(ctx).findOne({ _id: visitId });
}
