/**
 * API tokens for integrations (call-centre and CRM systems). The secret is shown
 * once at creation; only its SHA-256 is stored, so a leaked database leaks no token.
 */
import crypto from 'node:crypto';
import { NotFoundError } from '../../errors';
import type { Doc, Store, Without } from '../../store/types';
import { recordAudit } from '../auditLog';
import type { Actor, TenantContext } from '../context';
import { nowIso, withTenantTransaction } from '../context';
import { assertCan, type Role } from './roles';

export interface ApiToken extends Doc {
  enterpriseId: string;
  name: string;
  role: Exclude<Role, 'operator'>;
  tokenHash: string;
  /** First characters, to recognise a token in the list. */
  prefix: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

const PREFIX = 'sst_';
const LAST_USED_GRANULARITY_MS = 60_000;

function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

export async function createApiToken(
  ctx: TenantContext,
  input: { name: string; role: Exclude<Role, 'operator'> },
): Promise<{ token: string; record: Without<ApiToken, 'tokenHash'> }> {
  assertCan(ctx.actor.role, 'tokens.manage');
  // 256 random bits: far beyond guessing.
  const token = PREFIX + crypto.randomBytes(32).toString('base64url');
  const record: ApiToken = {
    _id: crypto.randomUUID(),
    enterpriseId: ctx.actor.enterpriseId,
    name: input.name,
    role: input.role,
    tokenHash: sha256(token),
    prefix: token.slice(0, PREFIX.length + 6),
    createdBy: ctx.actor.userId,
    createdAt: nowIso(),
  };
  await withTenantTransaction(ctx, async (tx) => {
    await tx.store.collection<ApiToken>('apiTokens').insertOne(record);
    await recordAudit(tx, 'apiToken.create', 'apiTokens', record._id, { name: input.name, role: input.role });
  });
  const { tokenHash: _omit, ...shown } = record;
  return { token, record: shown };
}

export async function listApiTokens(ctx: TenantContext): Promise<Without<ApiToken, 'tokenHash'>[]> {
  assertCan(ctx.actor.role, 'tokens.manage');
  const tokens = await ctx.store.collection<ApiToken>('apiTokens').find({}, { sort: { createdAt: -1 } });
  return tokens.map(({ tokenHash: _omit, ...rest }) => rest);
}

export async function revokeApiToken(ctx: TenantContext, id: string): Promise<void> {
  assertCan(ctx.actor.role, 'tokens.manage');
  await withTenantTransaction(ctx, async (tx) => {
    const { matched } = await tx.store.collection<ApiToken>('apiTokens').updateOne({ _id: id }, { $set: { revokedAt: nowIso() } });
    if (!matched) throw new NotFoundError('API token');
    await recordAudit(tx, 'apiToken.revoke', 'apiTokens', id);
  });
}

/** Resolves a bearer token to the actor it stands for, or null. */
export async function actorForToken(root: Store, token: string): Promise<Actor | null> {
  if (!token.startsWith(PREFIX) || token.length > 100) return null;
  const tokens = root.collection<ApiToken>('apiTokens');
  const record = await tokens.findOne({ tokenHash: sha256(token) });
  if (!record || record.revokedAt) return null;
  // "Last used" to the minute: a busy integration writes it once a minute, not on every request.
  const now = nowIso();
  if (!record.lastUsedAt || Date.parse(now) - Date.parse(record.lastUsedAt) >= LAST_USED_GRANULARITY_MS) {
    await tokens.updateOne({ _id: record._id }, { $set: { lastUsedAt: now } });
  }
  return { userId: `token:${record._id}`, role: record.role, enterpriseId: record.enterpriseId, via: 'token' };
}
