/**
 * Enterprises (tenants). Only the platform operator creates them; each starts
 * with one enterprise admin who then manages sites and users.
 */
import crypto from 'node:crypto';
import { ConflictError, NotFoundError } from '../../errors';
import { DuplicateKeyError, type Doc, type Store } from '../../store/types';
import type { Actor } from '../context';
import { nowIso, tenantContext, withTenantTransaction } from '../context';
import { recordAudit } from '../auditLog';
import { assertCan } from './roles';
import { newUser, publicUser, storeUser, type PublicUser } from './users';

export interface Enterprise extends Doc {
  code: string;
  name: string;
  /** Minutes east of UTC used to cut days for rollups and periods (China: +480). */
  tzOffsetMinutes: number;
  createdAt: string;
}

export interface EnterpriseInput {
  code: string;
  name: string;
  tzOffsetMinutes?: number;
  admin: { email: string; name: string; password: string };
}

export async function createEnterprise(
  root: Store,
  actor: Actor,
  input: EnterpriseInput,
): Promise<{ enterprise: Enterprise; admin: PublicUser }> {
  assertCan(actor.role, 'enterprises.manage');
  const enterprise: Enterprise = {
    _id: crypto.randomUUID(),
    code: input.code,
    name: input.name,
    tzOffsetMinutes: input.tzOffsetMinutes ?? 480,
    createdAt: nowIso(),
  };
  const admin = await newUser({ ...input.admin, role: 'admin', enterpriseId: enterprise._id });
  const ctx = tenantContext(root, { ...actor, enterpriseId: enterprise._id });
  try {
    await withTenantTransaction(ctx, async (tx) => {
      await tx.root.collection<Enterprise>('enterprises').insertOne(enterprise);
      await storeUser(tx.root, admin);
      await recordAudit(tx, 'enterprise.create', 'enterprises', enterprise._id, { code: input.code, admin: admin.email });
    });
  } catch (err) {
    if (err instanceof DuplicateKeyError) throw new ConflictError(`code: enterprise ${input.code} already exists`, 'code');
    throw err;
  }
  return { enterprise, admin: publicUser(admin) };
}

export async function listEnterprises(root: Store, actor: Actor): Promise<Enterprise[]> {
  assertCan(actor.role, 'enterprises.manage');
  return root.collection<Enterprise>('enterprises').find({}, { sort: { code: 1 } });
}

export async function getEnterprise(root: Store, id: string): Promise<Enterprise> {
  const enterprise = await root.collection<Enterprise>('enterprises').findOne({ _id: id });
  if (!enterprise) throw new NotFoundError('enterprise');
  return enterprise;
}
