/**
 * The outcome of one call attempt, recorded by the agent holding the case.
 * Each outcome moves the case on: completed stores the answers through
 * submitResponse (the one path into scoring) in the same transaction; no
 * answer or busy schedules the next attempt in another part of the day until
 * the list's attempt limit closes the case as non-contact; a callback brings
 * the case back at the agreed time.
 */
import crypto from 'node:crypto';
import { ValidationError } from '../../errors';
import type { Update } from '../../store/types';
import { assertCan } from '../accounts/roles';
import { recordAudit } from '../auditLog';
import { withTenantTransaction, type TenantContext } from '../context';
import { submitResponse } from '../responses/submit';
import { validateAnswers } from '../templates/answers';
import { getVersion } from '../templates/versions';
import { getCase } from './cases';
import { refusal } from './claims';
import { MINUTE, tzOffsetOf } from './clock';
import { getList } from './lists';
import { daypartOf, nextAttempt } from './schedule';
import { collections, NO_CLAIM, type CallAttempt, type CallCase, type CallList, type Outcome } from './types';

export const MAX_CALLBACK_DAYS = 30;

export interface OutcomeInput {
  outcome: Outcome;
  /** completed: the script's answers. */
  answers?: unknown;
  /** callback: when the customer asked to be called again. */
  callbackAt?: Date;
  note?: string;
}

// A note is no place for a phone number: digit runs long enough to be one are masked on the way in.
const scrubNote = (note: string) => note.replace(/\d[\d\s-]{5,}\d/g, (run) => `${run.slice(0, 3)}****${run.slice(-4)}`);

/** The case fields an outcome sets, besides the attempt bookkeeping. */
function transition(c: CallCase, list: CallList, input: OutcomeInput, now: Date, tz: number, daypart: CallCase['dayparts'][number]): Record<string, unknown> {
  const at = now.toISOString();
  const closed = (status: CallCase['status'], contacted: boolean) => ({ status, closedAt: at, contacted: c.contacted || contacted });
  switch (input.outcome) {
    case 'completed':
      return closed('completed', true);
    case 'refused':
      return closed('refused', true);
    case 'wrong_number':
      return closed('wrong_number', false);
    case 'callback':
      return { dueAt: input.callbackAt!.toISOString(), callbackAt: input.callbackAt!.toISOString(), priority: 0, contacted: true };
    case 'no_answer':
    case 'busy': {
      if (c.attempts + 1 >= list.maxAttempts) return closed('non_contact', false);
      return { dueAt: nextAttempt([...c.dayparts, daypart], now, tz).at.toISOString(), priority: 1 };
    }
  }
}

function checkInput(input: OutcomeInput, now: Date): void {
  if (input.outcome !== 'callback') return;
  if (!input.callbackAt) throw new ValidationError('callbackAt: is required for a callback', 'callbackAt');
  if (input.callbackAt <= now) throw new ValidationError('callbackAt: must be in the future', 'callbackAt');
  if (input.callbackAt.getTime() > now.getTime() + MAX_CALLBACK_DAYS * 1440 * MINUTE) {
    throw new ValidationError(`callbackAt: must be within ${MAX_CALLBACK_DAYS} days`, 'callbackAt');
  }
}

/**
 * `read`: the case as the caller already read it in this request with getCase(ctx, caseRef), so it is
 * not read again; the guarded update below still refuses a case that changed since.
 */
export async function recordOutcome(
  ctx: TenantContext,
  caseRef: string,
  input: OutcomeInput,
  now = new Date(),
  read?: CallCase,
): Promise<{ case: CallCase; attempt: CallAttempt }> {
  assertCan(ctx.actor.role, 'calls.work');
  const c = read?._id === caseRef ? read : await getCase(ctx, caseRef);
  if (c.status !== 'open' || c.holderId !== ctx.actor.userId) throw refusal(ctx, c);
  checkInput(input, now);
  const list = await getList(ctx, c.callListId!);
  const script = input.outcome === 'completed' ? (await getVersion(ctx, list.templateId, list.templateVersion)).content : null;
  // Answers are checked before anything is written, so a bad form changes nothing.
  const answers = script ? validateAnswers(script, input.answers ?? {}) : undefined;
  const tz = await tzOffsetOf(ctx);
  const daypart = daypartOf(now, tz);
  const at = now.toISOString();
  const attempt: CallAttempt = {
    _id: crypto.randomUUID(),
    enterpriseId: ctx.actor.enterpriseId,
    caseRef: c._id,
    callListId: list._id,
    siteId: c.siteId,
    agentId: ctx.actor.userId,
    at,
    outcome: input.outcome,
    daypart,
    number: c.attempts + 1,
    ...(input.callbackAt ? { callbackAt: input.callbackAt.toISOString() } : {}),
    ...(input.note?.trim() ? { note: scrubNote(input.note.trim()) } : {}),
  };
  const update: Update = {
    $set: {
      ...transition(c, list, input, now, tz, daypart),
      attempts: c.attempts + 1,
      dayparts: [...c.dayparts, daypart],
      lastOutcome: input.outcome,
      lastAttemptAt: at,
      claimExpiresAt: NO_CLAIM,
    },
    $unset: { holderId: true },
  };

  // One transaction for the case, the attempt and (when completed) the response and its rollups.
  const updated = await withTenantTransaction(ctx, async (tx) => {
    if (answers) {
      const { response } = await submitResponse(tx, {
        templateId: list.templateId,
        templateVersion: list.templateVersion,
        siteId: c.siteId,
        channel: 'call',
        answers,
        source: 'call',
        idempotencyKey: `call:${c._id}`,
        // The case is still open, and a completed outcome closes it in the transaction that stores its
        // response: no response holds this key yet (a racing twin meets the unique key and replays).
        keyUnused: true,
        known: { tzOffsetMinutes: tz },
        respondedAt: at,
        refs: { caseId: c._id, callListId: list._id },
      });
      attempt.responseId = response._id;
      update.$set!.responseId = response._id;
    }
    // Guarded on what was read: a concurrent outcome or a new holder makes this match nothing.
    const after = await tx.store
      .collection<CallCase>(collections.cases)
      .findOneAndUpdate({ _id: c._id, status: 'open', holderId: ctx.actor.userId, attempts: c.attempts }, update);
    if (!after) throw refusal(ctx, (await tx.store.collection<CallCase>(collections.cases).findOne({ _id: c._id })) ?? c);
    await tx.store.collection<CallAttempt>(collections.attempts).insertOne(attempt);
    await recordAudit(tx, 'callCase.outcome', collections.cases, c._id, { outcome: input.outcome, attempt: attempt.number, status: after.status });
    return after;
  });
  return { case: updated, attempt };
}
