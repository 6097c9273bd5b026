/**
 * A person's own password: changed while logged in (the current one is asked
 * again), set through an emailed link (an invitation or a reset). A new password
 * ends the person's other sessions and closes their sockets; each change goes in
 * the enterprise's audit log in the same transaction.
 */
import { UnauthenticatedError } from '../../errors';
import type { Store } from '../../store/types';
import { recordAudit } from '../auditLog';
import { tenantContext } from '../context';
import { getEnterprise } from './enterprises';
import { issueLink, redeemLink, revokeOpenLinks } from './invitations';
import { sendLinkMail, type LinkMailDeps } from './linkMail';
import { hashPassword, verifyPassword } from './passwords';
import type { AuditAction } from '../auditActions';
import { announceSignOut } from './signOut';
import { actorOf, normaliseEmail, type User } from './users';

/** Audit entries belong to an enterprise; the platform operator's own account has none. */
async function audit(tx: Store, user: User, action: AuditAction, detail?: Record<string, unknown>): Promise<void> {
  if (user.enterpriseId) await recordAudit(tenantContext(tx, actorOf(user)), action, 'users', user._id, detail);
}

/** Returns the new session version, which the caller's own session keeps so it stays logged in. */
export async function changeOwnPassword(root: Store, userId: string, input: { currentPassword: string; newPassword: string }): Promise<number> {
  const user = await root.collection<User>('users').findOne({ _id: userId });
  if (!user || user.disabled || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new UnauthenticatedError('currentPassword: the current password is wrong');
  }
  const passwordHash = await hashPassword(input.newPassword);
  const updated = await root.withTransaction(async (tx) => {
    const after = await tx.collection<User>('users').findOneAndUpdate({ _id: userId }, { $set: { passwordHash }, $inc: { sessionVersion: 1 } });
    await audit(tx, user, 'user.changePassword');
    return after!;
  });
  announceSignOut({ userId });
  return updated.sessionVersion ?? 0;
}

/**
 * Mails a reset link when the address belongs to an active account, and says
 * nothing either way: the caller answers the same to every address.
 */
export async function requestPasswordReset(root: Store, deps: LinkMailDeps, email: string): Promise<void> {
  const user = await root.collection<User>('users').findOne({ email: normaliseEmail(email) });
  if (!user || user.disabled) return;
  const { secret, link } = await root.withTransaction(async (tx) => {
    await revokeOpenLinks(tx, { purpose: 'reset', enterpriseId: user.enterpriseId, email: user.email });
    const issued = await issueLink(tx, { purpose: 'reset', enterpriseId: user.enterpriseId, email: user.email, userId: user._id, createdBy: user._id });
    await audit(tx, user, 'user.requestPasswordReset');
    return issued;
  });
  const enterprise = user.enterpriseId ? await getEnterprise(root, user.enterpriseId) : { name: 'ServiceStar' };
  await sendLinkMail(deps, link, secret, enterprise, user.locale);
}

/** Accepts an invitation or completes a reset; the person then logs in with the new password. */
export async function setPasswordWithLink(root: Store, secret: string, password: string): Promise<User> {
  const { link, user } = await root.withTransaction(async (tx) => {
    const redeemed = await redeemLink(tx, secret, password);
    await audit(tx, redeemed.user, redeemed.link.purpose === 'invite' ? 'user.acceptInvitation' : 'user.resetPassword', {
      email: redeemed.user.email,
      ...(redeemed.link.invite ? { role: redeemed.link.invite.role } : {}),
    });
    return redeemed;
  });
  if (link.purpose === 'reset') announceSignOut({ userId: user._id });
  return user;
}
