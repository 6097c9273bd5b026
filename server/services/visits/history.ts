/** The visit's trail (who did what, before and after), kept beside the enterprise audit log. */
import crypto from 'node:crypto';
import { recordAudit } from '../auditLog';
import { nowIso, type TenantContext } from '../context';
import type { VisitAction, VisitHistoryEntry } from './types';

/** What a visit's trail records; a draft saved is not an event of it. */
export type RecordedVisitAction = Exclude<VisitAction, 'draft'>;

/** Writes the entry and the audit-log entry beside it, with the store of tx: the transaction of the change. */
export async function recordVisitHistory(tx: TenantContext, visitId: string, action: RecordedVisitAction, detail?: Record<string, unknown>): Promise<void> {
  const entry: VisitHistoryEntry = {
    _id: crypto.randomUUID(),
    enterpriseId: tx.actor.enterpriseId,
    visitId,
    at: nowIso(),
    actorId: tx.actor.userId,
    actorRole: tx.actor.role,
    action,
    ...(detail ? { detail } : {}),
  };
  await tx.store.collection<VisitHistoryEntry>('visitHistory').insertOne(entry);
  await recordAudit(tx, `visit.${action}`, 'visits', visitId, detail);
}

export async function visitHistory(ctx: TenantContext, visitId: string): Promise<VisitHistoryEntry[]> {
  return ctx.store.collection<VisitHistoryEntry>('visitHistory').find({ visitId }, { sort: { at: 1 } });
}
