/**
 * Follow-up cases, once open (cases/open.ts): read, assigned, called back,
 * resolved with a root cause and an action, or closed with a reason. Every
 * change is a compare-and-set on `rev` and `status` that commits with its
 * audit-log entry, so a stale page or a second click gets a 409 instead of a
 * lost update.
 */
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import type { Filter } from '../../store/types';
import { assertCan, can } from '../accounts/roles';
import { getSite, listSites } from '../accounts/sites';
import { findUserById } from '../accounts/users';
import type { AuditAction } from '../auditActions';
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { announceCaseChange } from '../cases/announce';
import { releaseCustomer } from '../cases/open';
import { getCaseSettings } from '../cases/settings';
import { ACTIVE_STATUSES, type CallbackOutcome, type FollowUpTask, type TaskStatus } from './types';

const tasks = (ctx: TenantContext) => ctx.store.collection<FollowUpTask>('followUpTasks');

/** Site-limited users see the cases of their sites only (the scoped store also confines them; this keeps the filter explicit in counts). */
export async function visibleFilter(ctx: TenantContext): Promise<Filter> {
  return ctx.actor.siteIds?.length ? { siteId: { $in: (await listSites(ctx)).map((s) => s._id) } } : {};
}

export async function getTask(ctx: TenantContext, id: string): Promise<FollowUpTask> {
  assertCan(ctx.actor.role, 'followUps.read');
  const task = await tasks(ctx).findOne({ _id: id });
  if (!task) throw new NotFoundError('follow-up task');
  return task;
}

/** Applies a change to a case in one of the given states, at the revision the caller saw; the audit entry commits with it. */
async function transition(
  ctx: TenantContext,
  id: string,
  from: readonly TaskStatus[],
  rev: number | undefined,
  set: (t: FollowUpTask) => Partial<FollowUpTask>,
  action: AuditAction,
): Promise<FollowUpTask> {
  assertCan(ctx.actor.role, 'followUps.work');
  const current = await getTask(ctx, id);
  if (!from.includes(current.status)) throw new ConflictError(`status: a ${current.status} task cannot be changed this way`, 'status', 'wrong_status');
  if (rev !== undefined && rev !== current.rev) throw new ConflictError('rev: the task changed meanwhile; reload it', 'rev', 'stale');
  const changes = { ...set(current), updatedAt: nowIso(), rev: current.rev + 1 };
  return withTenantTransaction(ctx, async (tx) => {
    const after = await tasks(tx).findOneAndUpdate({ _id: id, rev: current.rev, status: current.status }, { $set: changes });
    if (!after) throw new ConflictError('rev: the task changed meanwhile; reload it', 'rev', 'stale');
    if (after.status === 'resolved' || after.status === 'closed') await releaseCustomer(tx, after);
    await recordAudit(tx, action, 'followUpTasks', id, {
      before: { status: current.status, assigneeId: current.assigneeId ?? null },
      after: { status: after.status, assigneeId: after.assigneeId ?? null },
    });
    announceCaseChange(tx, after);
    return after;
  });
}

async function nameOf(ctx: TenantContext, userId: string): Promise<string> {
  return (await findUserById(ctx.root, userId))?.name ?? userId;
}

export async function assignTask(ctx: TenantContext, id: string, assigneeId: string, rev?: number): Promise<FollowUpTask> {
  const task = await getTask(ctx, id);
  const assignee = await ctx.store
    .collection<{ _id: string; role: Parameters<typeof can>[0]; name: string; disabled?: boolean; siteIds?: string[] }>('users')
    .findOne({ _id: assigneeId });
  if (!assignee || assignee.disabled || !can(assignee.role, 'followUps.work'))
    throw new ValidationError('assigneeId: must be an active user who may work follow-ups', 'assigneeId');
  if (assignee.siteIds?.length && !assignee.siteIds.includes(task.siteId))
    throw new ValidationError('assigneeId: this user may not see the task’s site', 'assigneeId');
  await getSite(ctx, task.siteId);
  return transition(
    ctx,
    id,
    ACTIVE_STATUSES,
    rev,
    (t) => ({
      status: t.status === 'open' ? 'assigned' : t.status,
      assigneeId,
      assigneeName: assignee.name,
      assignedAt: nowIso(),
    }),
    'followUp.assign',
  );
}

export async function recordCallback(ctx: TenantContext, id: string, input: { outcome: CallbackOutcome; note: string }, rev?: number): Promise<FollowUpTask> {
  const byName = await nameOf(ctx, ctx.actor.userId);
  const at = nowIso();
  return transition(
    ctx,
    id,
    ['assigned', 'called'],
    rev,
    (t) => ({
      status: 'called',
      calledAt: at,
      firstContactAt: t.firstContactAt ?? at,
      callbacks: [...t.callbacks, { at, by: ctx.actor.userId, byName, outcome: input.outcome, note: input.note }],
    }),
    'followUp.callback',
  );
}

export interface ResolutionInput {
  /** A code from the enterprise's root-cause list. */
  rootCause: string;
  /** What was done for the customer. */
  action: string;
  note?: string;
}

export async function resolveTask(ctx: TenantContext, id: string, input: ResolutionInput, rev?: number): Promise<FollowUpTask> {
  const { rootCauses } = await getCaseSettings(ctx);
  if (!rootCauses.some((c) => c.code === input.rootCause))
    throw new ValidationError(`rootCause: must be one of ${rootCauses.map((c) => c.code).join(', ')}`, 'rootCause');
  const byName = await nameOf(ctx, ctx.actor.userId);
  const at = nowIso();
  return transition(
    ctx,
    id,
    ['called'],
    rev,
    (t) => ({
      status: 'resolved',
      resolvedAt: at,
      hoursToResolve: Math.round(((Date.parse(at) - Date.parse(t.createdAt)) / 3_600_000) * 1000) / 1000,
      resolution: { note: input.note ?? '', rootCause: input.rootCause, action: input.action, at, by: ctx.actor.userId, byName },
    }),
    'followUp.resolve',
  );
}

/** Closes a case nobody will resolve (a duplicate, a test answer, a customer who cannot be reached), with the reason. */
export async function closeTask(ctx: TenantContext, id: string, reason: string, rev?: number): Promise<FollowUpTask> {
  const byName = await nameOf(ctx, ctx.actor.userId);
  const at = nowIso();
  return transition(
    ctx,
    id,
    ACTIVE_STATUSES,
    rev,
    () => ({ status: 'closed', closedAt: at, closure: { reason, at, by: ctx.actor.userId, byName } }),
    'followUp.close',
  );
}

/** Active users of the enterprise who may work follow-ups, for the assign form. */
export async function assignableUsers(ctx: TenantContext): Promise<Array<{ _id: string; name: string; email: string }>> {
  const users = await ctx.store
    .collection<{ _id: string; role: Parameters<typeof can>[0]; name: string; email: string; disabled?: boolean }>('users')
    .find({}, { sort: { name: 1 } });
  return users.filter((u) => !u.disabled && can(u.role, 'followUps.work')).map((u) => ({ _id: u._id, name: u.name, email: u.email }));
}
