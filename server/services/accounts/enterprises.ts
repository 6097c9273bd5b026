/**
 * Enterprises (tenants). Only the platform operator creates them; each starts
 * with one enterprise admin, invited by email, who then manages sites and users.
 */
import crypto from 'node:crypto';
import { ConflictError, NotFoundError } from '../../errors';
import { DuplicateKeyError, type Doc, type Store } from '../../store/types';
import type { Actor, TenantContext } from '../context';
import { nowIso, tenantContext } from '../context';
import { recordAudit } from '../auditLog';
import { issueLink, revokeOpenLinks } from './invitations';
import { sendLinkMail, type LinkMailDeps } from './linkMail';
import { assertCan } from './roles';
import { insertUser, normaliseEmail, publicUser, type PublicUser } from './users';

export interface Enterprise extends Doc {
  code: string;
  name: string;
  /** English name, shown on English pages, emails and PDFs (names.ts). */
  nameEn?: string;
  /** Minutes east of UTC used to cut days for rollups and periods (China: +480). */
  tzOffsetMinutes: number;
  createdAt: string;
}

export interface EnterpriseInput {
  code: string;
  name: string;
  nameEn?: string;
  tzOffsetMinutes?: number;
  /**
   * The first admin. Without a password (the operator's pages and API) they are
   * invited by email and choose their own; with one (demo seed, tests) the account is made at once.
   */
  admin: { email: string; name: string; password?: string };
}

export interface CreatedEnterprise {
  enterprise: Enterprise;
  admin?: PublicUser;
  invitation?: { email: string; expiresAt: string };
}

export async function createEnterprise(root: Store, actor: Actor, input: EnterpriseInput, mail?: LinkMailDeps): Promise<CreatedEnterprise> {
  assertCan(actor.role, 'enterprises.manage');
  if (!input.admin.password && !mail) throw new Error('createEnterprise: an invited admin needs a mailer');
  const enterprise: Enterprise = {
    _id: crypto.randomUUID(),
    code: input.code,
    name: input.name,
    ...(input.nameEn ? { nameEn: input.nameEn } : {}),
    tzOffsetMinutes: input.tzOffsetMinutes ?? 480,
    createdAt: nowIso(),
  };
  const created = await root.withTransaction(async (tx) => {
    try {
      await tx.collection<Enterprise>('enterprises').insertOne(enterprise);
    } catch (err) {
      if (err instanceof DuplicateKeyError) throw new ConflictError(`code: enterprise ${input.code} already exists`, 'code');
      throw err;
    }
    const ctx = tenantContext(tx, { ...actor, enterpriseId: enterprise._id });
    await recordAudit(ctx, 'enterprise.create', 'enterprises', enterprise._id, { code: input.code, admin: normaliseEmail(input.admin.email) });
    if (input.admin.password) {
      const admin = await insertUser(tx, {
        email: input.admin.email,
        name: input.admin.name,
        password: input.admin.password,
        role: 'admin',
        enterpriseId: enterprise._id,
      });
      return { admin: publicUser(admin) };
    }
    return { issued: await issueAdminInvitation(ctx, input.admin) };
  });
  if (created.admin) return { enterprise, admin: created.admin };
  await sendLinkMail(mail!, created.issued!.link, created.issued!.secret, enterprise);
  return { enterprise, invitation: { email: created.issued!.link.email, expiresAt: created.issued!.link.expiresAt } };
}

/** Inside the caller's transaction: the link that makes its holder an admin of ctx's enterprise. */
async function issueAdminInvitation(ctx: TenantContext, admin: { email: string; name: string }) {
  await revokeOpenLinks(ctx.root, { purpose: 'invite', enterpriseId: ctx.actor.enterpriseId, email: admin.email });
  const issued = await issueLink(ctx.root, {
    purpose: 'invite',
    enterpriseId: ctx.actor.enterpriseId,
    email: admin.email,
    invite: { name: admin.name, role: 'admin' },
    createdBy: ctx.actor.userId,
  });
  await recordAudit(ctx, 'user.invite', 'users', issued.link.email, { email: issued.link.email, role: 'admin', by: 'operator' });
  return issued;
}

/**
 * The operator invites an admin into an existing enterprise (its first admin
 * never accepted, or the last one left). Answers alike whatever the address.
 */
export async function inviteEnterpriseAdmin(
  root: Store,
  actor: Actor,
  enterpriseId: string,
  admin: { email: string; name: string },
  mail: LinkMailDeps,
): Promise<{ email: string; expiresAt: string }> {
  assertCan(actor.role, 'enterprises.manage');
  const enterprise = await getEnterprise(root, enterpriseId);
  const { link, secret } = await root.withTransaction((tx) => issueAdminInvitation(tenantContext(tx, { ...actor, enterpriseId }), admin));
  await sendLinkMail(mail, link, secret, enterprise);
  return { email: link.email, expiresAt: link.expiresAt };
}

/** What the operator may change after creation: the names (the code is in links and logs, so it stays). */
export type EnterpriseChanges = Partial<Pick<Enterprise, 'name' | 'nameEn'>>;

/** Renames an enterprise; an empty nameEn clears it (its pages in English then show the Chinese name). */
export async function updateEnterprise(root: Store, actor: Actor, id: string, changes: EnterpriseChanges): Promise<Enterprise> {
  assertCan(actor.role, 'enterprises.manage');
  // Nothing asked, nothing written or logged (and no empty $set, which MongoDB refuses).
  if (!Object.keys(changes).length) return getEnterprise(root, id);
  return root.withTransaction(async (tx) => {
    const enterprises = tx.collection<Enterprise>('enterprises');
    const before = await getEnterprise(tx, id);
    const after = await enterprises.findOneAndUpdate({ _id: id }, { $set: changes });
    if (!after) throw new NotFoundError('enterprise');
    const changed = Object.keys(changes) as (keyof EnterpriseChanges)[];
    await recordAudit(tenantContext(tx, { ...actor, enterpriseId: id }), 'enterprise.update', 'enterprises', id, {
      before: Object.fromEntries(changed.map((k) => [k, before[k] ?? ''])),
      after: changes,
    });
    return after;
  });
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
