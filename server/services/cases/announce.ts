import type { FollowUpTask } from '../alerts/types';
import type { TenantContext } from '../context';
import { domainEvents } from '../events';

/** Tells open dashboards that case figures changed, once the change is committed (never if it rolls back). */
export function announceCaseChange(ctx: TenantContext, task: Pick<FollowUpTask, '_id' | 'siteId'>): void {
  ctx.store.afterCommit(() => domainEvents.emit('case.changed', { enterpriseId: ctx.actor.enterpriseId, siteId: task.siteId, caseId: task._id }));
}
