/**
 * Who the customer behind a follow-up task is, when the response came from a
 * personal survey link (the campaign's recipient) or a follow-up call (the call
 * case): name, phone, email and the service case number. Everyone who may read
 * the task sees them masked; only the task's owner (its assignee) may reveal
 * them in full, and each reveal goes in the audit log.
 */
import { ForbiddenError } from '../../errors';
import { recordAudit } from '../auditLog';
import type { Recipient } from '../campaigns/types';
import type { CallCase } from '../calls/types';
import { withTenantTransaction, type TenantContext } from '../context';
import { maskEmail, maskName, maskPhone } from '../exports/mask';
import type { ResponseDoc } from '../responses/types';
import { getTask } from './tasks';
import type { FollowUpTask } from './types';

export interface TaskContact {
  name?: string;
  phone?: string;
  email?: string;
  caseId?: string;
  /** True while phone, email and name are masked. */
  masked: boolean;
  /** The reader owns the task, so a "show" click may reveal it. */
  mayReveal: boolean;
}

type Contact = Pick<TaskContact, 'name' | 'phone' | 'email' | 'caseId'>;

async function contactOf(ctx: TenantContext, task: FollowUpTask): Promise<Contact | null> {
  const response = await ctx.store.collection<ResponseDoc>('responses').findOne({ _id: task.responseId }, { fields: ['refs'] });
  const refs = response?.refs ?? {};
  if (refs.recipientId) {
    const r = await ctx.store.collection<Recipient>('recipients').findOne({ _id: refs.recipientId });
    // A recipient's contacts are purged after the campaign: then there is nothing to show.
    if (r && (r.name || r.phone || r.email || r.caseId)) return { name: r.name, phone: r.phone, email: r.email, caseId: r.caseId };
  }
  if (refs.caseId) {
    const c = await ctx.store.collection<CallCase>('callCases').findOne({ _id: refs.caseId });
    if (c) return { name: c.customerName, phone: c.phone, caseId: c.caseId };
  }
  return null;
}

const ownsTask = (ctx: TenantContext, task: FollowUpTask) => task.assigneeId === ctx.actor.userId;

/** The customer as the task page shows them at first: masked for every reader. */
export async function maskedTaskContact(ctx: TenantContext, task: FollowUpTask): Promise<TaskContact | null> {
  const c = await contactOf(ctx, task);
  if (!c) return null;
  return {
    name: maskName(c.name),
    phone: maskPhone(c.phone),
    email: maskEmail(c.email),
    caseId: c.caseId,
    masked: true,
    mayReveal: ownsTask(ctx, task) && Boolean(c.phone || c.email || c.name),
  };
}

/** The full contact, for the task's owner only; the reveal is recorded. */
export async function revealTaskContact(ctx: TenantContext, taskId: string): Promise<TaskContact | null> {
  const task = await getTask(ctx, taskId);
  if (!ownsTask(ctx, task)) throw new ForbiddenError('only the person the task is assigned to may see the customer’s full contact');
  const c = await contactOf(ctx, task);
  if (!c) return null;
  const fields = (['name', 'phone', 'email'] as const).filter((k) => c[k]);
  await withTenantTransaction(ctx, (tx) => recordAudit(tx, 'contact.reveal', 'followUpTasks', task._id, { responseId: task.responseId, fields }));
  return { ...c, masked: false, mayReveal: true };
}
