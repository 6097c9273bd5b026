/**
 * QA review: the reviewer's queue; approve (the visit starts counting), return
 * to the shopper with comments, or correct an answer, keeping the before and
 * after in the visit's history. Only approved visits count in scores.
 */
import { ConflictError, ValidationError } from '../../errors';
import { assertCan } from '../accounts/roles';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { visitScore } from '../scoring/visit';
import { validateAnswers } from '../templates/answers';
import { getVersion } from '../templates/versions';
import { getVisit, visits } from './access';
import { syncVisitCount } from './counting';
import { recordVisitHistory } from './history';
import type { SubmittedReport, Visit } from './types';

const MAX_REVIEW_TEXT = 2000;

export async function reviewQueue(ctx: TenantContext): Promise<{ waiting: Visit[]; recent: Visit[] }> {
  assertCan(ctx.actor.role, 'visits.review');
  const waiting = await visits(ctx).find({ state: 'submitted' }, { sort: { submittedAt: 1 }, limit: 500 });
  const recent = await visits(ctx).find({ state: { $in: ['approved', 'returned'] } }, { sort: { updatedAt: -1 }, limit: 20 });
  return { waiting, recent };
}

function reviewText(value: string | undefined, field: string, required: boolean): string | undefined {
  const text = value?.trim() ?? '';
  if (required && !text) throw new ValidationError(`${field}: is required`, field);
  if ([...text].length > MAX_REVIEW_TEXT) throw new ValidationError(`${field}: must be at most ${MAX_REVIEW_TEXT} characters`, field);
  return text || undefined;
}

export async function approveVisit(ctx: TenantContext, visitId: string): Promise<Visit> {
  const visit = await getVisit(ctx, visitId, 'review');
  if (visit.state === 'approved') return (await syncVisitCount(ctx, visitId))!; // a repeated approval only finishes counting
  if (visit.state !== 'submitted') throw new ConflictError(`visit: ${visit.state}; only a submitted visit can be approved`, 'visitId', 'visit_state');
  const now = nowIso();
  // Approved and counted together: a crash between the two must not leave an approved visit uncounted.
  return withTenantTransaction(ctx, async (tx) => {
    const approved = await visits(tx).findOneAndUpdate(
      { _id: visitId, state: 'submitted', revision: visit.revision },
      { $set: { state: 'approved', approvedAt: now, approvedBy: ctx.actor.userId, updatedAt: now } },
    );
    if (!approved) throw new ConflictError('visit: changed meanwhile; reload and try again', 'visitId', 'visit_state');
    await recordVisitHistory(tx, visit, 'approved', { revision: visit.revision });
    return (await syncVisitCount(tx, visitId, approved, true))!;
  });
}

export async function returnVisit(ctx: TenantContext, visitId: string, comments: string): Promise<Visit> {
  const visit = await getVisit(ctx, visitId, 'review');
  if (visit.state !== 'submitted') throw new ConflictError(`visit: ${visit.state}; only a submitted visit can be returned`, 'visitId', 'visit_state');
  const text = reviewText(comments, 'comments', true)!;
  return withTenantTransaction(ctx, async (tx) => {
    const updated = await visits(tx).findOneAndUpdate(
      { _id: visitId, state: 'submitted', revision: visit.revision },
      { $set: { state: 'returned', returnComments: text, updatedAt: nowIso() } },
    );
    if (!updated) throw new ConflictError('visit: changed meanwhile; reload and try again', 'visitId', 'visit_state');
    await recordVisitHistory(tx, visit, 'returned', { comments: text, revision: visit.revision });
    return updated;
  });
}

export interface Correction {
  questionId: string;
  value: unknown;
  reason: string;
}

/** A reviewer's edit of one answer; an approved visit is re-counted with the corrected answers. */
export async function correctAnswer(ctx: TenantContext, visitId: string, input: Correction): Promise<Visit> {
  const visit = await getVisit(ctx, visitId, 'review');
  if (visit.state !== 'submitted' && visit.state !== 'approved')
    throw new ConflictError(`visit: ${visit.state}; only a submitted or approved report can be corrected`, 'visitId', 'visit_state');
  const reason = reviewText(input.reason, 'reason', true)!;
  const { content } = await getVersion(ctx, visit.templateId, visit.templateVersion);
  const question = content.sections.flatMap((s) => s.questions).find((q) => q.id === input.questionId);
  if (!question) throw new ValidationError(`questionId: ${input.questionId} is not a question of this checklist`, 'questionId');
  if (question.type === 'photo') throw new ValidationError('questionId: photos are evidence and cannot be edited', 'questionId');
  const report = visit.report as SubmittedReport;
  const answers = validateAnswers(content, { ...report.answers, [question.id]: input.value });
  const before = report.answers[question.id] ?? null;
  const after = answers[question.id] ?? null;
  if (JSON.stringify(before) === JSON.stringify(after))
    throw new ValidationError(`value: the answer to ${question.id} is already ${JSON.stringify(after)}`, 'value', 'unchanged');
  const revision = visit.revision + 1;
  // The correction and the re-count of an approved visit commit together.
  return withTenantTransaction(ctx, async (tx) => {
    const updated = await visits(tx).findOneAndUpdate(
      { _id: visitId, state: visit.state, revision: visit.revision },
      { $set: { 'report.answers': answers, revision, score: visitScore(content, answers), updatedAt: nowIso() } },
    );
    if (!updated) throw new ConflictError('visit: changed meanwhile; reload and try again', 'visitId', 'visit_state');
    await recordVisitHistory(tx, visit, 'corrected', { questionId: question.id, before, after, reason, revision });
    return visit.state === 'approved' ? (await syncVisitCount(tx, visitId, updated))! : updated;
  });
}
