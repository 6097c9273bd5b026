/**
 * Changes that webhooks announce are found in the audit log, as ODK Central
 * finds its events: every use case already records its change there, in the
 * change's transaction where it has one, so every entry point (page, API,
 * socket, script) sets off the same event. Only response.counted, which writes
 * no audit entry, is emitted by submitResponse itself.
 */
import { reasonsOf, type FollowUpTask } from '../alerts/types';
import type { AuditEntry } from '../auditLog';
import type { TenantContext } from '../context';
import { emitWebhookEvent } from './emit';
import type { WebhookEventType } from './types';

const AUDIT_EVENTS: Record<string, WebhookEventType> = {
  'followUp.open': 'case.opened',
  'followUp.resolve': 'case.resolved',
  'visit.approved': 'visit.approved',
  'audit.update': 'audit.projection.changed',
  'audit.status': 'audit.projection.changed',
  'audit.entry.set': 'audit.projection.changed',
  'audit.entry.clear': 'audit.projection.changed',
  'audit.bonus.set': 'audit.projection.changed',
  'audit.bonus.clear': 'audit.projection.changed',
  'audit.deduction.add': 'audit.projection.changed',
  'audit.deduction.remove': 'audit.projection.changed',
};

interface VisitLike {
  _id: string;
  planId: string;
  siteId: string;
  shopperId?: string;
  revision: number;
  approvedAt?: string;
  approvedBy?: string;
  responseId?: string;
}

/** A case as receivers see it: the first reason at the top (as before cases listed several), then every reason and response. */
function caseData(task: FollowUpTask): Record<string, unknown> {
  const resolution = task.resolution
    ? {
        note: task.resolution.note,
        rootCause: task.resolution.rootCause ?? null,
        action: task.resolution.action ?? null,
        by: task.resolution.by,
        byName: task.resolution.byName,
      }
    : undefined;
  return {
    caseId: task._id,
    responseId: task.responseId,
    siteId: task.siteId,
    siteCode: task.siteCode,
    channel: task.channel,
    rule: task.rule,
    reason: task.reason,
    reasons: reasonsOf(task).map((r) => ({ rule: r.rule, reason: r.reason, responseId: r.responseId, channel: r.channel, respondedAt: r.respondedAt })),
    responseIds: task.responseIds ?? [task.responseId],
    severity: task.severity ?? null,
    dueAt: task.dueAt ?? null,
    status: task.status,
    assigneeId: task.assigneeId ?? null,
    respondedAt: task.respondedAt,
    openedAt: task.createdAt,
    ...(task.resolvedAt ? { resolvedAt: task.resolvedAt, hoursToResolve: task.hoursToResolve, resolution } : {}),
  };
}

async function dataOf(ctx: TenantContext, type: WebhookEventType, entry: AuditEntry): Promise<Record<string, unknown> | null> {
  if (type === 'case.opened' || type === 'case.resolved') {
    const task = await ctx.store.collection<FollowUpTask>('followUpTasks').findOne({ _id: entry.entityId });
    return task ? caseData(task) : null;
  }
  if (type === 'visit.approved') {
    const visit = (await ctx.store.collection('visits').findOne({ _id: entry.entityId })) as unknown as VisitLike | null;
    if (!visit) return null;
    return {
      visitId: visit._id,
      planId: visit.planId,
      siteId: visit.siteId,
      shopperId: visit.shopperId ?? null,
      revision: visit.revision,
      approvedAt: visit.approvedAt ?? entry.at,
      approvedBy: visit.approvedBy ?? entry.actorId,
    };
  }
  // Entries and adjustments are keyed audit|site|…; the audit itself by its id.
  const auditId = entry.entityId.split('|')[0]!;
  const siteId = typeof entry.detail?.siteId === 'string' ? entry.detail.siteId : null;
  return {
    auditId,
    siteId,
    change: entry.action,
    changedAt: entry.at,
    changedBy: entry.actorId,
    projection: `/api/v1/audits/${encodeURIComponent(auditId)}/projection`,
  };
}

/** Called by recordAudit with the entry it just wrote, on the same store handle. */
export async function webhookFromAudit(ctx: TenantContext, entry: AuditEntry): Promise<void> {
  const type = AUDIT_EVENTS[entry.action];
  if (!type) return;
  const data = await dataOf(ctx, type, entry);
  if (data) await emitWebhookEvent(ctx, type, entry._id, data);
}
