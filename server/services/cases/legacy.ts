/**
 * Tasks stored before cases (one per response and rule) become cases in
 * place, once, at start-up: they gain the reasons list, severity, due time
 * and escalation state, and keep their ids, so old links and emails still
 * open them. A task already past due when upgraded counts as escalated to
 * every level: an upgrade must not mail a backlog of old escalations at once.
 */
import type { Store } from '../../store/types';
import { type FollowUpTask, reasonsOf } from '../alerts/types';
import { systemActor, tenantContext } from '../context';
import { priorityOf, severityOf } from './open';
import { getCaseSettings } from './settings';

export async function upgradeLegacyTasks(root: Store, now = new Date()): Promise<number> {
  let upgraded = 0;
  const settingsOf = new Map<string, Awaited<ReturnType<typeof getCaseSettings>>>();
  for await (const task of root.collection<FollowUpTask>('followUpTasks').iterate({ reasons: { $exists: false } }, { batchSize: 500 })) {
    if (!settingsOf.has(task.enterpriseId)) settingsOf.set(task.enterpriseId, await getCaseSettings(tenantContext(root, systemActor(task.enterpriseId))));
    const settings = settingsOf.get(task.enterpriseId)!;
    const reasons = reasonsOf(task);
    const severity = severityOf(reasons);
    const dueAt = new Date(Date.parse(task.createdAt) + settings.slaHours[severity] * 3_600_000).toISOString();
    const overdue = dueAt < now.toISOString() && !task.resolvedAt;
    await root.collection<FollowUpTask>('followUpTasks').updateOne(
      { _id: task._id, reasons: { $exists: false } },
      {
        $set: {
          reasons,
          has: { [task.rule]: true },
          responseIds: [task.responseId],
          customerKey: `response:${task.responseId}`,
          severity,
          priority: priorityOf(severity),
          dueAt,
          escalations: [],
          escalatedLevel: overdue ? settings.escalation.length : 0,
          ...(task.callbacks[0] ? { firstContactAt: task.callbacks[0].at } : {}),
        },
      },
    );
    upgraded++;
  }
  return upgraded;
}
