/**
 * Who changed what, when. Every service that changes enterprise data records
 * an entry through here, inside the transaction of the change: the change and
 * its entry commit together or not at all. Entries are never updated or deleted.
 */
import crypto from 'node:crypto';
import type { Doc } from '../store/types';
import type { AuditAction } from './auditActions';
import type { Actor, TenantContext } from './context';
import type { Store } from '../store/types';
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
  /** Before/after of the changed fields, without secrets; keys a document may not hold are escaped (storableDetail). */
  detail?: Record<string, unknown>;
}

// Document keys may not contain dots, start with $ or name a prototype; indicator codes (`internal.culture.philosophy`) do contain dots.
const UNSTORABLE_KEY = /[.%]|^\$|^(__proto__|constructor|prototype)$/;

/** A key any store accepts: `.` → `%2E`, a leading `$` → `%24`, `%` → `%25` (read back with decodeURIComponent). */
export function storableKey(key: string): string {
  if (!UNSTORABLE_KEY.test(key)) return key;
  const escaped = key.replace(/%/g, '%25').replace(/\./g, '%2E').replace(/^\$/, '%24');
  return /^(__proto__|constructor|prototype)$/.test(escaped) ? `%${escaped.charCodeAt(0).toString(16).toUpperCase()}${escaped.slice(1)}` : escaped;
}

/** The detail with every object key made storable, at any depth; values are kept as they are. */
export function storableDetail(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(storableDetail);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [storableKey(key), storableDetail(child)]));
}

/**
 * Records an entry with the store of ctx, which must be the transaction's
 * (withTenantTransaction): an entry written on its own could commit without
 * its change, or the change without it.
 */
export async function recordAudit(ctx: TenantContext, action: AuditAction, entity: string, entityId: string, detail?: Record<string, unknown>): Promise<void> {
  if (!ctx.store.inTransaction) throw new Error(`audit entry ${action} must be recorded inside the transaction of its change`);
  const entry = entryOf(ctx.actor.enterpriseId, ctx.actor, action, entity, entityId, detail);
  await ctx.store.collection<AuditEntry>('auditLog').insertOne(entry);
  // Changes webhooks announce are read off the entry, in the change's transaction.
  await webhookFromAudit(ctx, entry);
}

/**
 * An entry of the platform operator's, above tenants (a scheme published for
 * every enterprise): no enterpriseId, so no enterprise's log shows it. Same
 * rule as recordAudit: inside the transaction of its change.
 */
export async function recordPlatformAudit(
  tx: Store,
  actor: Actor,
  action: AuditAction,
  entity: string,
  entityId: string,
  detail?: Record<string, unknown>,
): Promise<void> {
  if (!tx.inTransaction) throw new Error(`audit entry ${action} must be recorded inside the transaction of its change`);
  // The same fields, with no enterprise: the platform's own entry.
  await tx.collection<Doc>('auditLog').insertOne({ ...entryOf('', actor, action, entity, entityId, detail), enterpriseId: null });
}

function entryOf(
  enterpriseId: string,
  actor: Pick<Actor, 'userId' | 'role'>,
  action: AuditAction,
  entity: string,
  entityId: string,
  detail?: Record<string, unknown>,
): AuditEntry {
  return {
    _id: crypto.randomUUID(),
    enterpriseId,
    at: nowIso(),
    actorId: actor.userId,
    actorRole: actor.role,
    action,
    entity,
    entityId,
    ...(detail ? { detail: storableDetail(detail) as Record<string, unknown> } : {}),
  };
}

export async function listAudit(ctx: TenantContext, limit = 200): Promise<AuditEntry[]> {
  return ctx.store.collection<AuditEntry>('auditLog').find({}, { sort: { at: -1 }, limit });
}
