/**
 * The shopper's report: saved as a draft while it is written, then submitted
 * for QA. A "no" on a checklist item needs a comment; the visit must lie in
 * its window and not in the future; a first submission more than 24 hours
 * after the visit ended is flagged late. A re-sent submission changes nothing.
 */
import { ConflictError, ValidationError } from '../../errors';
import { getEnterprise } from '../accounts/enterprises';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { visitScore } from '../scoring/visit';
import { MAX_TEXT_LENGTH, validateAnswers } from '../templates/answers';
import type { Answers, TemplateContent } from '../templates/types';
import { getVersion } from '../templates/versions';
import { getVisit, visits } from './access';
import { EDITABLE_STATES, listEvidence, type VisitEvidence } from './evidence';
import { recordVisitHistory } from './history';
import { localToIso, slotAt } from './slots';
import { REPORT_DUE_HOURS, type SubmittedReport, type Visit, type VisitReport } from './types';
import { isDay } from '../calendar';

export const MAX_COMMENTS_LENGTH = 4000;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export interface ReportInput {
  visitDate?: string;
  startTime?: string;
  endTime?: string;
  answers?: Record<string, unknown>;
  itemComments?: Record<string, string>;
  comments?: string;
}

const questionsOf = (content: TemplateContent) => content.sections.flatMap((s) => s.questions);

function tooLong(value: string, max: number): boolean {
  return [...value].length > max;
}

/** The draft as stored: known questions only, photo answers left to the evidence records. */
export function normaliseDraft(content: TemplateContent, input: ReportInput): VisitReport {
  const byId = new Map(questionsOf(content).map((q) => [q.id, q]));
  const answers: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(input.answers ?? {})) {
    const q = byId.get(id);
    if (!q) throw new ValidationError(`answers.${id}: unknown question`, `answers.${id}`);
    if (q.type === 'photo') continue;
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'string' && tooLong(v, MAX_TEXT_LENGTH)))
      throw new ValidationError(`answers.${id}: must be at most ${MAX_TEXT_LENGTH} characters`, `answers.${id}`);
    if (values.some((v) => v !== null && !['string', 'number', 'boolean'].includes(typeof v)))
      throw new ValidationError(`answers.${id}: must be a value or a list of values`, `answers.${id}`);
    answers[id] = value;
  }
  const itemComments: Record<string, string> = {};
  for (const [id, text] of Object.entries(input.itemComments ?? {})) {
    if (byId.get(id)?.type !== 'checklist') throw new ValidationError(`itemComments.${id}: not a checklist item of this visit`, `itemComments.${id}`);
    if (typeof text !== 'string') throw new ValidationError(`itemComments.${id}: must be text`, `itemComments.${id}`);
    if (tooLong(text.trim(), MAX_TEXT_LENGTH))
      throw new ValidationError(`itemComments.${id}: must be at most ${MAX_TEXT_LENGTH} characters`, `itemComments.${id}`);
    if (text.trim()) itemComments[id] = text.trim();
  }
  const comments = input.comments?.trim();
  if (comments && tooLong(comments, MAX_COMMENTS_LENGTH)) throw new ValidationError(`comments: must be at most ${MAX_COMMENTS_LENGTH} characters`, 'comments');
  const report: VisitReport = { answers, itemComments };
  if (input.visitDate?.trim()) report.visitDate = input.visitDate.trim();
  if (input.startTime?.trim()) report.startTime = input.startTime.trim().slice(0, 5);
  if (input.endTime?.trim()) report.endTime = input.endTime.trim().slice(0, 5);
  if (comments) report.comments = comments;
  return report;
}

/** Photo questions are answered by the evidence uploaded for them. */
export function withPhotoAnswers(content: TemplateContent, answers: Record<string, unknown>, evidence: VisitEvidence[]): Record<string, unknown> {
  const out = { ...answers };
  for (const q of questionsOf(content)) {
    if (q.type === 'photo') out[q.id] = evidence.filter((e) => e.questionId === q.id).map((e) => e._id);
  }
  return out;
}

/** Every checklist "no" needs the shopper's comment on what they saw. */
export function checkNoComments(content: TemplateContent, answers: Answers, itemComments: Record<string, string>): void {
  for (const q of questionsOf(content)) {
    if (q.type === 'checklist' && answers[q.id] === 'no' && !itemComments[q.id]) {
      throw new ValidationError(`itemComments.${q.id}: a "no" needs a comment saying what you saw`, `itemComments.${q.id}`, 'comment_required');
    }
  }
}

/** Visit date and times: inside the visit's window, not in the future, end after start. */
export function visitTimes(visit: Visit, report: VisitReport, tzOffsetMinutes: number, now: string): { startedAt: string; endedAt: string } {
  const { visitDate, startTime, endTime } = report;
  if (!visitDate || !isDay(visitDate)) throw new ValidationError('visitDate: must be a date as YYYY-MM-DD', 'visitDate', 'invalid_date');
  if (visitDate < visit.window.from || visitDate > visit.window.to)
    throw new ValidationError(`visitDate: must be within the visit window ${visit.window.from} to ${visit.window.to}`, 'visitDate', 'outside_window');
  if (!startTime || !TIME.test(startTime)) throw new ValidationError('startTime: must be a time as HH:MM', 'startTime', 'invalid_time');
  if (!endTime || !TIME.test(endTime)) throw new ValidationError('endTime: must be a time as HH:MM', 'endTime', 'invalid_time');
  if (endTime <= startTime) throw new ValidationError('endTime: must be after the start time', 'endTime', 'end_before_start');
  const startedAt = localToIso(visitDate, startTime, tzOffsetMinutes);
  const endedAt = localToIso(visitDate, endTime, tzOffsetMinutes);
  if (endedAt > now) throw new ValidationError('endTime: the visit cannot end in the future', 'endTime', 'future');
  return { startedAt, endedAt };
}

/** Refuses a report change unless the shopper accepted the visit and QA has not taken it yet. */
function assertEditable(visit: Visit): Visit {
  if (visit.state === 'assigned') throw new ConflictError('visit: accept the visit before writing its report', 'visitId', 'visit_state');
  if (!EDITABLE_STATES.includes(visit.state))
    throw new ConflictError(`visit: already ${visit.state}; the report can no longer be changed`, 'visitId', 'visit_state');
  return visit;
}

const editable = async (ctx: TenantContext, visitId: string) => assertEditable(await getVisit(ctx, visitId, 'work'));

export async function saveDraft(ctx: TenantContext, visitId: string, input: ReportInput): Promise<Visit> {
  const visit = await editable(ctx, visitId);
  const { content } = await getVersion(ctx, visit.templateId, visit.templateVersion);
  const report = normaliseDraft(content, input);
  const updated = await visits(ctx).findOneAndUpdate(
    { _id: visitId, shopperId: ctx.actor.userId, state: visit.state },
    { $set: { report, updatedAt: nowIso() } },
  );
  if (!updated) throw new ConflictError('visit: changed meanwhile; reload and try again', 'visitId', 'visit_state');
  return updated;
}

/** The complete, validated report the shopper would submit now. */
export async function completeReport(ctx: TenantContext, visit: Visit, content: TemplateContent, input: ReportInput): Promise<SubmittedReport> {
  const draft = normaliseDraft(content, input);
  const { tzOffsetMinutes } = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  const times = visitTimes(visit, draft, tzOffsetMinutes, nowIso());
  const answers = validateAnswers(content, withPhotoAnswers(content, draft.answers, await listEvidence(ctx, visit._id)));
  checkNoComments(content, answers, draft.itemComments);
  const itemComments = Object.fromEntries(Object.entries(draft.itemComments).filter(([id]) => answers[id] !== undefined && answers[id] !== null));
  return { ...draft, visitDate: draft.visitDate!, startTime: draft.startTime!, endTime: draft.endTime!, ...times, answers, itemComments };
}

const sameReport = (a: VisitReport | undefined, b: VisitReport) =>
  !!a &&
  JSON.stringify([a.visitDate, a.startTime, a.endTime, a.answers, a.itemComments, a.comments ?? null]) ===
    JSON.stringify([b.visitDate, b.startTime, b.endTime, b.answers, b.itemComments, b.comments ?? null]);

/**
 * `read`: the visit as the caller already read it in this request with getVisit(ctx, visitId, 'work'),
 * so it is not read again; the guarded update below still refuses a visit that changed since.
 */
export async function submitReport(ctx: TenantContext, visitId: string, input: ReportInput, read?: Visit): Promise<{ visit: Visit; replayed: boolean }> {
  const visit = read?._id === visitId ? read : await getVisit(ctx, visitId, 'work');
  const { content } = await getVersion(ctx, visit.templateId, visit.templateVersion);
  if (visit.state === 'submitted' || visit.state === 'approved') {
    // A re-sent submit (double tap, retry after a timeout) returns the stored visit and stores nothing.
    const resent = await completeReport(ctx, { ...visit, state: 'accepted' }, content, input).catch(() => null);
    if (resent && sameReport(visit.report, resent)) return { visit, replayed: true };
    throw new ConflictError(`visit: already ${visit.state}; the report can no longer be changed`, 'visitId', 'visit_state');
  }
  assertEditable(visit);
  const report = await completeReport(ctx, visit, content, input);
  const now = nowIso();
  const firstSubmittedAt = visit.firstSubmittedAt ?? now;
  const late = Date.parse(firstSubmittedAt) - Date.parse(report.endedAt) > REPORT_DUE_HOURS * 3600_000;
  const revision = visit.revision + 1;
  return withTenantTransaction(ctx, async (tx) => {
    const updated = await visits(tx).findOneAndUpdate(
      { _id: visitId, shopperId: ctx.actor.userId, state: visit.state, revision: visit.revision },
      {
        $set: {
          state: 'submitted',
          report,
          revision,
          submittedAt: now,
          firstSubmittedAt,
          late,
          offSlot: slotAt(report.visitDate, report.startTime) !== visit.slot,
          score: visitScore(content, report.answers),
          updatedAt: now,
        },
        $unset: { returnComments: true },
      },
    );
    if (!updated) throw new ConflictError('visit: changed meanwhile; reload and try again', 'visitId', 'visit_state');
    await recordVisitHistory(tx, visit, 'submitted', { revision, late, resubmission: visit.state === 'returned' });
    return { visit: updated, replayed: false };
  });
}
