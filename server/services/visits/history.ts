/** The visit's trail (who did what, before and after), kept beside the enterprise audit log. */
import crypto from 'node:crypto';
import type { ScopedStore } from '../../store/scoped';
import type { Store } from '../../store/types';
import { recordAudit } from '../auditLog';
import { nowIso, type TenantContext } from '../context';
import type { Visit, VisitAction, VisitHistoryEntry } from './types';

/** Writes the entry with `store` (a transaction's, when given) and the audit log entry beside it. */
export async function recordVisitHistory(
  ctx: TenantContext,
  visit: Pick<Visit, '_id' | 'siteId'>,
  action: VisitAction,
  detail?: Record<string, unknown>,
  store: Store = ctx.store,
): Promise<void> {
  const entry: VisitHistoryEntry = {
    _id: crypto.randomUUID(),
    enterpriseId: ctx.actor.enterpriseId,
    visitId: visit._id,
    // The entry carries the visit's site, so a caller limited to other sites cannot read it.
    siteId: visit.siteId,
    at: nowIso(),
    actorId: ctx.actor.userId,
    actorRole: ctx.actor.role,
    action,
    ...(detail ? { detail } : {}),
  };
  await store.collection<VisitHistoryEntry>('visitHistory').insertOne(entry);
  // Inside a transaction the audit entry must use the transaction's store too (the embedded store would wait on itself).
  await recordAudit({ ...ctx, store: store as ScopedStore }, `visit.${action}`, 'visits', visit._id, detail);
}

export async function visitHistory(ctx: TenantContext, visitId: string): Promise<VisitHistoryEntry[]> {
  return ctx.store.collection<VisitHistoryEntry>('visitHistory').find({ visitId }, { sort: { at: 1 } });
}
