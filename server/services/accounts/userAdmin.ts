/**
 * An enterprise admin's work on accounts: invite, edit role and sites,
 * deactivate and reactivate. Each change commits with its audit entry; a
 * change that ends sessions is announced once committed, so open sockets close.
 */
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import type { ApiToken } from './apiTokens';
import { getEnterprise } from './enterprises';
import { issueLink, openInvitations, revokeOpenLinks, type AccountLink, type InvitedAccount } from './invitations';
import { sendLinkMail, type LinkMailDeps } from './linkMail';
import { assertCan, SITE_CONFINED_ROLES, type Role } from './roles';
import { announceSignOut } from './signOut';
import { normaliseEmail, publicUser, type PublicUser, type User } from './users';

export interface AccountChanges {
  name?: string;
  role?: Exclude<Role, 'operator'>;
  siteIds?: string[];
}

/** Site limits must name this enterprise's sites (they decide which socket rooms the user joins); a site manager needs one. */
async function checkSites(ctx: TenantContext, role: Role, siteIds: string[] | undefined): Promise<void> {
  for (const [i, siteId] of (siteIds ?? []).entries()) {
    if (!(await ctx.store.collection('sites').count({ _id: siteId }))) throw new ValidationError(`siteIds.${i}: no such site`, `siteIds.${i}`);
  }
  if (SITE_CONFINED_ROLES.includes(role) && !siteIds?.length) throw new ValidationError(`siteIds: a ${role} must be limited to at least one site`, 'siteIds');
}

/**
 * Sends an invitation. The answer is the same whether or not the address has
 * an account in another enterprise; only an address already in this
 * enterprise (which the admin's own list shows) is refused.
 */
export async function inviteUser(
  ctx: TenantContext,
  deps: LinkMailDeps,
  input: { email: string } & InvitedAccount,
): Promise<Pick<AccountLink, 'email' | 'expiresAt' | 'invite'>> {
  assertCan(ctx.actor.role, 'users.manage');
  await checkSites(ctx, input.role, input.siteIds);
  const email = normaliseEmail(input.email);
  if (await ctx.store.collection<User>('users').count({ email })) throw new ConflictError('email: already a user of this enterprise', 'email');
  const invite: InvitedAccount = { name: input.name, role: input.role, ...(input.siteIds?.length ? { siteIds: input.siteIds } : {}) };
  const { secret, link } = await withTenantTransaction(ctx, async (tx) => {
    await revokeOpenLinks(tx.root, { purpose: 'invite', enterpriseId: tx.actor.enterpriseId, email });
    const issued = await issueLink(tx.root, { purpose: 'invite', enterpriseId: tx.actor.enterpriseId, email, invite, createdBy: tx.actor.userId });
    await recordAudit(tx, 'user.invite', 'users', email, { email, role: input.role, ...(invite.siteIds ? { siteIds: invite.siteIds } : {}) });
    return issued;
  });
  await sendLinkMail(deps, link, secret, await getEnterprise(ctx.root, ctx.actor.enterpriseId));
  return { email: link.email, expiresAt: link.expiresAt, invite: link.invite };
}

export async function listInvitations(ctx: TenantContext): Promise<Array<Pick<AccountLink, 'email' | 'createdAt' | 'expiresAt' | 'invite'>>> {
  assertCan(ctx.actor.role, 'users.manage');
  return (await openInvitations(ctx.root, ctx.actor.enterpriseId)).map(({ email, createdAt, expiresAt, invite }) => ({ email, createdAt, expiresAt, invite }));
}

async function userOf(ctx: TenantContext, id: string): Promise<User> {
  const user = await ctx.store.collection<User>('users').findOne({ _id: id });
  if (!user) throw new NotFoundError('user');
  return user;
}

export async function updateUser(ctx: TenantContext, id: string, changes: AccountChanges): Promise<PublicUser> {
  assertCan(ctx.actor.role, 'users.manage');
  const before = await userOf(ctx, id);
  const role = changes.role ?? before.role;
  const siteIds = changes.siteIds ?? before.siteIds;
  await checkSites(ctx, role, siteIds);
  if (id === ctx.actor.userId && role !== before.role) throw new ValidationError('role: you cannot change your own role; ask another admin', 'role');
  // An empty list of sites lifts the limit: the field goes, as for a user created without one.
  const update = {
    $set: { role, ...(changes.name ? { name: changes.name } : {}), ...(changes.siteIds?.length ? { siteIds: changes.siteIds } : {}) },
    ...(changes.siteIds && !changes.siteIds.length ? { $unset: { siteIds: true as const } } : {}),
  };
  const after = await withTenantTransaction(ctx, async (tx) => {
    const updated = await tx.store.collection<User>('users').findOneAndUpdate({ _id: id }, update);
    if (!updated) throw new NotFoundError('user');
    const fields = ['name', 'role', 'siteIds'] as const;
    await recordAudit(tx, 'user.update', 'users', id, {
      before: Object.fromEntries(fields.map((k) => [k, before[k] ?? null])),
      after: Object.fromEntries(fields.map((k) => [k, updated[k] ?? null])),
    });
    // Rooms follow role and sites: the user's sockets reconnect and join the new ones.
    tx.root.afterCommit(() => announceSignOut({ userId: id, socketsOnly: true }));
    return updated;
  });
  return publicUser(after);
}

/** Ends every session and API token of the user at once; the account stays, so history keeps its name. */
export async function deactivateUser(ctx: TenantContext, id: string): Promise<PublicUser> {
  assertCan(ctx.actor.role, 'users.manage');
  if (id === ctx.actor.userId) throw new ValidationError('id: you cannot deactivate yourself', 'id');
  await userOf(ctx, id);
  const after = await withTenantTransaction(ctx, async (tx) => {
    const at = nowIso();
    const updated = await tx.store
      .collection<User>('users')
      .findOneAndUpdate({ _id: id }, { $set: { disabled: true, deactivatedAt: at }, $inc: { sessionVersion: 1 } });
    if (!updated) throw new NotFoundError('user');
    const tokens = await tx.store.collection<ApiToken>('apiTokens').updateMany({ createdBy: id, revokedAt: { $exists: false } }, { $set: { revokedAt: at } });
    await recordAudit(tx, 'user.deactivate', 'users', id, { email: updated.email, tokensRevoked: tokens });
    tx.root.afterCommit(() => announceSignOut({ userId: id }));
    return updated;
  });
  return publicUser(after);
}

export async function reactivateUser(ctx: TenantContext, id: string): Promise<PublicUser> {
  assertCan(ctx.actor.role, 'users.manage');
  await userOf(ctx, id);
  const after = await withTenantTransaction(ctx, async (tx) => {
    const updated = await tx.store.collection<User>('users').findOneAndUpdate({ _id: id }, { $set: { disabled: false }, $unset: { deactivatedAt: true } });
    if (!updated) throw new NotFoundError('user');
    await recordAudit(tx, 'user.reactivate', 'users', id, { email: updated.email });
    return updated;
  });
  return publicUser(after);
}
