/**
 * Follow-up tasks: opened by alerts (idempotently), then assigned, called
 * back and resolved. Every change is a compare-and-set on `rev` and `status`,
 * so a stale page or a second click gets a 409 instead of a lost update.
 */
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import { DuplicateKeyError, type Filter } from '../../store/types';
import { assertCan, can } from '../accounts/roles';
import { getSite } from '../accounts/sites';
import { findUserById } from '../accounts/users';
import type { AuditAction } from '../auditActions';
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import type { ResponseDoc } from '../responses/types';
import type { Trigger } from './evaluate';
import { type CallbackOutcome, type FollowUpTask, taskId, type TaskStatus } from './types';

const tasks = (ctx: TenantContext) => ctx.store.collection<FollowUpTask>('followUpTasks');

/** Opens the task of a response and rule, or returns the one already open: {created: false}. */
export async function openTask(ctx: TenantContext, response: ResponseDoc, trigger: Trigger, notifyTo: string[], options: { mail?: boolean } = {}): Promise<{ task: FollowUpTask; created: boolean }> {
  const now = nowIso();
  const task: FollowUpTask = {
    _id: taskId(response._id, trigger.rule),
    enterpriseId: ctx.actor.enterpriseId,
    responseId: response._id,
    siteId: response.siteId,
    siteCode: response.siteCode,
    channel: response.channel,
    rule: trigger.rule,
    detail: trigger.detail,
    reason: trigger.reason,
    respondedAt: response.respondedAt,
    status: 'open',
    callbacks: [],
    // Demo data opens tasks without mailing anyone ('skipped'); alerts always mail ('pending').
    notify: { state: options.mail === false ? 'skipped' : 'pending', to: notifyTo },
    createdAt: now,
    updatedAt: now,
    rev: 1,
  };
  try {
    await withTenantTransaction(ctx, async (tx) => {
      await tasks(tx).insertOne(task);
      await recordAudit(tx, 'followUp.open', 'followUpTasks', task._id, { rule: trigger.rule, responseId: response._id });
    });
  } catch (err) {
    if (!(err instanceof DuplicateKeyError)) throw err;
    const existing = await tasks(ctx).findOne({ _id: task._id });
    if (!existing) throw err;
    return { task: existing, created: false };
  }
  return { task, created: true };
}

export async function getTask(ctx: TenantContext, id: string): Promise<FollowUpTask> {
  assertCan(ctx.actor.role, 'followUps.read');
  const task = await tasks(ctx).findOne({ _id: id });
  if (!task) throw new NotFoundError('follow-up task');
  return task;
}

/** One page of the visible tasks, newest first, and how many match in all. */
export async function listTasks(ctx: TenantContext, q: { status?: TaskStatus; siteId?: string; limit?: number; skip?: number } = {}): Promise<{ tasks: FollowUpTask[]; total: number }> {
  assertCan(ctx.actor.role, 'followUps.read');
  const filter: Filter = {};
  if (q.status) filter.status = q.status;
  if (q.siteId) filter.siteId = q.siteId;
  // The id breaks ties, so tasks opened in the same millisecond keep their page.
  const [page, total] = await Promise.all([
    tasks(ctx).find(filter, { sort: { createdAt: -1, _id: 1 }, limit: q.limit ?? 200, skip: q.skip ?? 0 }),
    tasks(ctx).count(filter),
  ]);
  return { tasks: page, total };
}

/** Applies a change to a task in one of the given states, at the revision the caller saw. */
async function transition(ctx: TenantContext, id: string, from: TaskStatus[], rev: number | undefined, set: (t: FollowUpTask) => Partial<FollowUpTask>, action: AuditAction): Promise<FollowUpTask> {
  assertCan(ctx.actor.role, 'followUps.work');
  const current = await getTask(ctx, id);
  if (!from.includes(current.status)) throw new ConflictError(`status: a ${current.status} task cannot be changed this way`, 'status', 'wrong_status');
  if (rev !== undefined && rev !== current.rev) throw new ConflictError('rev: the task changed meanwhile; reload it', 'rev', 'stale');
  const changes = { ...set(current), updatedAt: nowIso(), rev: current.rev + 1 };
  return withTenantTransaction(ctx, async (tx) => {
    const after = await tasks(tx).findOneAndUpdate({ _id: id, rev: current.rev, status: current.status }, { $set: changes });
    if (!after) throw new ConflictError('rev: the task changed meanwhile; reload it', 'rev', 'stale');
    await recordAudit(tx, action, 'followUpTasks', id, { before: { status: current.status }, after: { status: after.status } });
    return after;
  });
}

async function nameOf(ctx: TenantContext, userId: string): Promise<string> {
  return (await findUserById(ctx.root, userId))?.name ?? userId;
}

export async function assignTask(ctx: TenantContext, id: string, assigneeId: string, rev?: number): Promise<FollowUpTask> {
  const task = await getTask(ctx, id);
  const assignee = await ctx.store.collection<{ _id: string; role: Parameters<typeof can>[0]; name: string; disabled?: boolean; siteIds?: string[] }>('users').findOne({ _id: assigneeId });
  if (!assignee || assignee.disabled || !can(assignee.role, 'followUps.work')) throw new ValidationError('assigneeId: must be an active user who may work follow-ups', 'assigneeId');
  if (assignee.siteIds?.length && !assignee.siteIds.includes(task.siteId)) throw new ValidationError('assigneeId: this user may not see the task’s site', 'assigneeId');
  await getSite(ctx, task.siteId);
  return transition(ctx, id, ['open', 'assigned', 'called'], rev, (t) => ({
    status: t.status === 'open' ? 'assigned' : t.status,
    assigneeId,
    assigneeName: assignee.name,
    assignedAt: nowIso(),
  }), 'followUp.assign');
}

export async function recordCallback(ctx: TenantContext, id: string, input: { outcome: CallbackOutcome; note: string }, rev?: number): Promise<FollowUpTask> {
  const byName = await nameOf(ctx, ctx.actor.userId);
  const at = nowIso();
  return transition(ctx, id, ['assigned', 'called'], rev, (t) => ({
    status: 'called',
    calledAt: at,
    callbacks: [...t.callbacks, { at, by: ctx.actor.userId, byName, outcome: input.outcome, note: input.note }],
  }), 'followUp.callback');
}

export async function resolveTask(ctx: TenantContext, id: string, input: { note: string }, rev?: number): Promise<FollowUpTask> {
  const byName = await nameOf(ctx, ctx.actor.userId);
  const at = nowIso();
  return transition(ctx, id, ['called'], rev, (t) => ({
    status: 'resolved',
    resolvedAt: at,
    hoursToResolve: Math.round(((Date.parse(at) - Date.parse(t.createdAt)) / 3_600_000) * 1000) / 1000,
    resolution: { note: input.note, at, by: ctx.actor.userId, byName },
  }), 'followUp.resolve');
}

/** Active users of the enterprise who may work follow-ups, for the assign form. */
export async function assignableUsers(ctx: TenantContext): Promise<Array<{ _id: string; name: string; email: string }>> {
  const users = await ctx.store.collection<{ _id: string; role: Parameters<typeof can>[0]; name: string; email: string; disabled?: boolean }>('users').find({}, { sort: { name: 1 } });
  return users.filter((u) => !u.disabled && can(u.role, 'followUps.work')).map((u) => ({ _id: u._id, name: u.name, email: u.email }));
}
