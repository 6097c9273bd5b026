/**
 * What else we know of a case's customer: their responses (those of this case
 * and of earlier cases of the same customer, and any other answer linked by
 * their recipient or service case), the follow-up calls made on their service
 * case, and the phone a walk-in customer left with the consent question.
 * Phone numbers leave here masked with the exports' helper; revealing
 * contact details is the contact module's job, logged there.
 */
import type { FollowUpTask } from '../alerts/types';
import type { CallAttempt, CallCase, Outcome } from '../calls/types';
import type { TenantContext } from '../context';
import { maskPhones } from '../exports/mask';
import type { ResponseDoc } from '../responses/types';
import { walkInContactOf } from './consent';
import { namesOf } from './contactHistory';

/** One follow-up call on the customer's service case, as a case page lists it. */
export interface CallAttemptRow {
  at: string;
  outcome: Outcome;
  note: string;
  responseId: string | null;
  /** Who made the call (empty for an agent since removed). */
  agentName: string;
}

export interface HistoryResponse {
  _id: string;
  respondedAt: string;
  channel: ResponseDoc['channel'];
  siteCode: string;
  score: number | null;
  /** Part of this case (not an earlier one). */
  inCase: boolean;
  caseId: string | null;
}

export interface CaseHistory {
  responses: HistoryResponse[];
  calls: CallAttemptRow[];
  /** The walk-in customer's phone (with consent), masked. */
  walkInPhone: string | null;
  /** Our ids of the service case's call cases, whose calls are listed above. */
  callCaseIds: string[];
}

const RESPONSE_FIELDS = ['_id', 'respondedAt', 'channel', 'siteCode', 'contribution', 'refs'];

export async function caseHistory(ctx: TenantContext, task: FollowUpTask): Promise<CaseHistory> {
  const responses = ctx.store.collection<ResponseDoc>('responses');
  const inCase = new Set(task.responseIds ?? [task.responseId]);
  const caseOf = new Map<string, string>([...inCase].map((id) => [id, task._id]));
  if (task.customerKey && !task.customerKey.startsWith('response:')) {
    const earlier = await ctx.store
      .collection<FollowUpTask>('followUpTasks')
      .find({ customerKey: task.customerKey }, { fields: ['_id', 'responseId', 'responseIds'] });
    for (const c of earlier) for (const id of c.responseIds ?? [c.responseId]) if (!caseOf.has(id)) caseOf.set(id, c._id);
  }
  const linked: ResponseDoc[] = [];
  if (task.recipientId) linked.push(...(await responses.find({ 'refs.recipientId': task.recipientId }, { fields: RESPONSE_FIELDS, limit: 50 })));
  const callCases = task.serviceCase
    ? await ctx.store.collection<CallCase>('callCases').find({ caseId: task.serviceCase }, { fields: ['_id', 'responseId'] })
    : [];
  const callResponseIds = callCases.flatMap((c) => (c.responseId ? [c.responseId] : []));
  const ids = [...new Set([...caseOf.keys(), ...callResponseIds])];
  const found = ids.length ? await responses.find({ _id: { $in: ids } }, { fields: RESPONSE_FIELDS }) : [];
  const byId = new Map([...found, ...linked].map((r) => [r._id, r]));
  const attempts = callCases.length
    ? await ctx.store.collection<CallAttempt>('callAttempts').find({ caseRef: { $in: callCases.map((c) => c._id) } }, { sort: { at: -1 }, limit: 50 })
    : [];
  const contact = await walkInContactOf(ctx, task.responseId);
  const agents = await namesOf(ctx, [...new Set(attempts.map((a) => a.agentId))]);
  return {
    responses: [...byId.values()]
      .sort((a, b) => (a.respondedAt < b.respondedAt ? 1 : -1))
      .map((r) => ({
        _id: r._id,
        respondedAt: r.respondedAt,
        channel: r.channel,
        siteCode: r.siteCode,
        score: r.contribution?.overall ?? r.contribution?.visitScore ?? null,
        inCase: inCase.has(r._id),
        caseId: caseOf.get(r._id) ?? null,
      })),
    calls: attempts.map((a) => ({
      at: a.at,
      outcome: a.outcome,
      note: a.note ? maskPhones(a.note) : '',
      responseId: a.responseId ?? null,
      agentName: agents.get(a.agentId) ?? '',
    })),
    walkInPhone: contact ? maskPhones(contact.phone) : null,
    callCaseIds: callCases.map((c) => c._id),
  };
}
