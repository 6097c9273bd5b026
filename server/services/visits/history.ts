/** The visit's trail (who did what, before and after), kept beside the enterprise audit log. */
import crypto from 'node:crypto';
import { recordAudit } from '../auditLog';
import { nowIso, type TenantContext } from '../context';
import type { Visit, VisitAction, VisitHistoryEntry } from './types';

/** What a visit's trail records; a draft saved is not an event of it. */
export type RecordedVisitAction = Exclude<VisitAction, 'draft'>;

/** Writes the entry and the audit-log entry beside it, with the store of tx: the transaction of the change. */
type VisitRef = Pick<Visit, '_id' | 'siteId'>;

export async function recordVisitHistory(tx: TenantContext, visit: VisitRef, action: RecordedVisitAction, detail?: Record<string, unknown>): Promise<void> {
  const entry: VisitHistoryEntry = {
    _id: crypto.randomUUID(),
    enterpriseId: tx.actor.enterpriseId,
    visitId: visit._id,
    // The entry carries the visit's site, so a caller limited to other sites cannot read it.
    siteId: visit.siteId,
    at: nowIso(),
    actorId: tx.actor.userId,
    actorRole: tx.actor.role,
    action,
    ...(detail ? { detail } : {}),
  };
  await tx.store.collection<VisitHistoryEntry>('visitHistory').insertOne(entry);
  await recordAudit(tx, `visit.${action}`, 'visits', visit._id, detail);
}

export async function visitHistory(ctx: TenantContext, visitId: string): Promise<VisitHistoryEntry[]> {
  return ctx.store.collection<VisitHistoryEntry>('visitHistory').find({ visitId }, { sort: { at: 1 } });
}
