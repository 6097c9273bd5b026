/**
 * A customer's history found by their contact (phone or email, as stored:
 * every channel stores phones in calls/phone.ts's normal form): their other
 * service cases called and each attempt (when, outcome, agent, note), their
 * answers with scores, and the follow-up cases opened for them. The store
 * handle is scoped, so one enterprise never reaches another's customers and
 * a user confined to some sites sees only those sites' history. Notes leave
 * here with phone numbers and emails masked.
 */
import type { FollowUpTask, TaskStatus } from '../alerts/types';
import type { CallAttempt, CallCase, CaseStatus, Outcome } from '../calls/types';
import type { Recipient } from '../campaigns/types';
import type { TenantContext } from '../context';
import { maskContacts } from '../exports/mask';
import type { ResponseDoc } from '../responses/types';
import type { WalkInContact } from './consent';

export interface CustomerContact {
  phones: string[];
  emails: string[];
}

export interface ContactAttempt {
  at: string;
  outcome: Outcome;
  agentName: string;
  note: string;
}

export interface ContactCallCase {
  _id: string;
  caseId: string;
  siteCode: string;
  serviceType: string;
  serviceDate: string;
  status: CaseStatus;
  attempts: ContactAttempt[];
}

export interface ContactAnswer {
  _id: string;
  respondedAt: string;
  channel: ResponseDoc['channel'];
  siteCode: string;
  score: number | null;
}

export interface ContactCase {
  _id: string;
  siteCode: string;
  status: TaskStatus;
  createdAt: string;
  reason: string;
}

export interface ContactHistory {
  callCases: ContactCallCase[];
  responses: ContactAnswer[];
  cases: ContactCase[];
}

/** What is already on the page, and so left out of the history. */
export interface ShownAlready {
  callCaseIds?: string[];
  taskIds?: string[];
  responseIds?: string[];
}

const LIMIT = 20;
const RESPONSE_FIELDS = ['_id', 'respondedAt', 'channel', 'siteCode', 'contribution'];

export async function historyByContact(ctx: TenantContext, contact: CustomerContact, shown: ShownAlready = {}): Promise<ContactHistory> {
  const phones = [...new Set(contact.phones.filter(Boolean))];
  const emails = [...new Set(contact.emails.filter(Boolean))];
  if (!phones.length && !emails.length) return { callCases: [], responses: [], cases: [] };
  const store = ctx.store;
  const none = Promise.resolve([]);
  const [calls, byPhone, byEmail, walkIns] = await Promise.all([
    phones.length ? store.collection<CallCase>('callCases').find({ phone: { $in: phones } }, { sort: { serviceDate: -1 }, limit: LIMIT + 1 }) : none,
    phones.length ? store.collection<Recipient>('recipients').find({ phone: { $in: phones } }, { fields: ['_id', 'caseId', 'responseId'], limit: 50 }) : none,
    emails.length ? store.collection<Recipient>('recipients').find({ email: { $in: emails } }, { fields: ['_id', 'caseId', 'responseId'], limit: 50 }) : none,
    phones.length ? store.collection<WalkInContact>('walkInContacts').find({ phone: { $in: phones } }, { fields: ['_id', 'responseId'], limit: 50 }) : none,
  ]);
  const otherCalls = (calls as CallCase[]).filter((c) => !shown.callCaseIds?.includes(c._id)).slice(0, LIMIT);
  const recipients = [...(byPhone as Recipient[]), ...(byEmail as Recipient[])];
  const responseIds = new Set(
    [
      ...(calls as CallCase[]).map((c) => c.responseId),
      ...recipients.map((r) => r.responseId),
      ...(walkIns as WalkInContact[]).map((w) => w.responseId),
    ].filter((id): id is string => !!id && !shown.responseIds?.includes(id)),
  );
  const keys = [
    ...phones.map((p) => `phone:${p}`),
    ...recipients.map((r) => `recipient:${r._id}`),
    ...[...(calls as CallCase[]).map((c) => c.caseId), ...recipients.map((r) => r.caseId)].filter(Boolean).map((id) => `case:${id}`),
  ];
  const [attempts, answers, tasks] = await Promise.all([
    otherCalls.length
      ? store.collection<CallAttempt>('callAttempts').find({ caseRef: { $in: otherCalls.map((c) => c._id) } }, { sort: { at: -1 }, limit: 100 })
      : Promise.resolve([] as CallAttempt[]),
    responseIds.size
      ? store
          .collection<ResponseDoc>('responses')
          .find({ _id: { $in: [...responseIds] } }, { fields: RESPONSE_FIELDS, sort: { respondedAt: -1 }, limit: LIMIT })
      : Promise.resolve([] as ResponseDoc[]),
    casesOf(ctx, [...new Set(keys)], [...responseIds]),
  ]);
  const agentNames = await namesOf(ctx, [...new Set(attempts.map((a) => a.agentId))]);
  return {
    callCases: otherCalls.map((c) => ({
      _id: c._id,
      caseId: c.caseId,
      siteCode: c.siteCode,
      serviceType: c.serviceType,
      serviceDate: c.serviceDate,
      status: c.status,
      attempts: attempts
        .filter((a) => a.caseRef === c._id)
        .map((a) => ({ at: a.at, outcome: a.outcome, agentName: agentNames.get(a.agentId) ?? '', note: a.note ? maskContacts(a.note) : '' })),
    })),
    responses: answers.map((r) => ({
      _id: r._id,
      respondedAt: r.respondedAt,
      channel: r.channel,
      siteCode: r.siteCode,
      score: r.contribution?.overall ?? r.contribution?.visitScore ?? null,
    })),
    cases: tasks
      .filter((t) => !shown.taskIds?.includes(t._id))
      .slice(0, LIMIT)
      .map((t) => ({ _id: t._id, siteCode: t.siteCode, status: t.status, createdAt: t.createdAt, reason: maskContacts(t.reason ?? '') })),
  };
}

const TASK_FIELDS = ['_id', 'siteCode', 'status', 'createdAt', 'reason'];

/** Follow-up cases of these customers, or opened by these answers, newest first. */
async function casesOf(ctx: TenantContext, customerKeys: string[], responseIds: string[]): Promise<FollowUpTask[]> {
  const tasks = ctx.store.collection<FollowUpTask>('followUpTasks');
  const options = { fields: TASK_FIELDS, sort: { createdAt: -1 as const }, limit: LIMIT + 1 };
  const [byKey, byResponse] = await Promise.all([
    customerKeys.length ? tasks.find({ customerKey: { $in: customerKeys } }, options) : Promise.resolve([]),
    responseIds.length ? tasks.find({ responseId: { $in: responseIds } }, options) : Promise.resolve([]),
  ]);
  const byId = new Map([...byKey, ...byResponse].map((t) => [t._id, t]));
  return [...byId.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

/** Agents by id, named as the users list names them (users are the enterprise's, not a site's). */
export async function namesOf(ctx: TenantContext, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const users = await ctx.store.collection<{ _id: string; name: string }>('users').find({ _id: { $in: ids } }, { fields: ['_id', 'name'] });
  return new Map(users.map((u) => [u._id, u.name]));
}

/** The contact a follow-up case knows its customer by: the invited recipient, the called service case, the walk-in phone. */
export async function contactOfTask(ctx: TenantContext, task: FollowUpTask): Promise<CustomerContact> {
  const phones: string[] = [];
  const emails: string[] = [];
  if (task.recipientId) {
    const r = await ctx.store.collection<Recipient>('recipients').findOne({ _id: task.recipientId }, { fields: ['_id', 'email', 'phone'] });
    if (r?.phone) phones.push(r.phone);
    if (r?.email) emails.push(r.email);
  }
  if (task.serviceCase) {
    const calls = await ctx.store.collection<CallCase>('callCases').find({ caseId: task.serviceCase }, { fields: ['_id', 'phone'] });
    phones.push(...calls.map((c) => c.phone));
  }
  if (task.customerKey?.startsWith('phone:')) phones.push(task.customerKey.slice('phone:'.length));
  return { phones, emails };
}
