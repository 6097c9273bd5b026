/**
 * Who changed what, when. Every service that changes enterprise data records
 * an entry through here; entries are never updated or deleted.
 */
import crypto from 'node:crypto';
import type { Doc } from '../store/types';
import type { TenantContext } from './context';
import { nowIso } from './context';
import { webhookFromAudit } from './webhooks/fromAuditLog';

export interface AuditEntry extends Doc {
  enterpriseId: string;
  at: string;
  actorId: string;
  actorRole: string;
  action: string; // e.g. 'site.create'
  entity: string; // collection name
  entityId: string;
  /** Before/after of the changed fields, without secrets. */
  detail?: Record<string, unknown>;
}

export async function recordAudit(
  ctx: TenantContext,
  action: string,
  entity: string,
  entityId: string,
  detail?: Record<string, unknown>,
): Promise<void> {
  const entry: AuditEntry = {
    _id: crypto.randomUUID(),
    enterpriseId: ctx.actor.enterpriseId,
    at: nowIso(),
    actorId: ctx.actor.userId,
    actorRole: ctx.actor.role,
    action,
    entity,
    entityId,
    ...(detail ? { detail } : {}),
  };
  await ctx.store.collection<AuditEntry>('auditLog').insertOne(entry);
  // Changes webhooks announce are read off the entry, with the same store handle (the change's transaction, if any).
  await webhookFromAudit(ctx, entry);
}

export async function listAudit(ctx: TenantContext, limit = 200): Promise<AuditEntry[]> {
  return ctx.store.collection<AuditEntry>('auditLog').find({}, { sort: { at: -1 }, limit });
}
