/**
 * Set-password links: one mechanism for inviting a person (by an enterprise
 * admin, or the platform operator inviting an enterprise's first admin) and for
 * resetting a forgotten password. The link carries 256 random bits; only their
 * SHA-256 is stored, a link works once, and it expires (invitations after 7
 * days, resets after 1 hour).
 *
 * An invitation creates no account until it is accepted, so inviting an email
 * that has an account in another enterprise looks exactly like inviting a new
 * one: only the owner of the mailbox, on accepting, learns that it is taken.
 */
import crypto from 'node:crypto';
import { ConflictError, NotFoundError } from '../../errors';
import type { Doc, Store } from '../../store/types';
import { nowIso } from '../context';
import { hashPassword } from './passwords';
import type { Role } from './roles';
import { insertUser, normaliseEmail, type User } from './users';
import { DAY_MS } from '../calendar';

export type LinkPurpose = 'invite' | 'reset';

export interface InvitedAccount {
  name: string;
  role: Exclude<Role, 'operator'>;
  siteIds?: string[];
}

export interface AccountLink extends Doc {
  /** SHA-256 of the secret in the link. */
  _id: string;
  purpose: LinkPurpose;
  /** null for the platform operator's own reset. */
  enterpriseId: string | null;
  email: string;
  /** The account a reset is for. */
  userId?: string;
  /** The account an invitation will create. */
  invite?: InvitedAccount;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
  revokedAt?: string;
}

export const LINK_LIFETIME_MS: Record<LinkPurpose, number> = { invite: 7 * DAY_MS, reset: 3600_000 };

const links = (store: Store) => store.collection<AccountLink>('accountTokens');
const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');

/** Stores a new link (inside the caller's transaction) and returns its secret, for the mail only. */
export async function issueLink(
  store: Store,
  input: { purpose: LinkPurpose; enterpriseId: string | null; email: string; userId?: string; invite?: InvitedAccount; createdBy: string },
): Promise<{ secret: string; link: AccountLink }> {
  const secret = crypto.randomBytes(32).toString('base64url');
  const now = nowIso();
  const link: AccountLink = {
    _id: sha256(secret),
    purpose: input.purpose,
    enterpriseId: input.enterpriseId,
    email: normaliseEmail(input.email),
    ...(input.userId ? { userId: input.userId } : {}),
    ...(input.invite ? { invite: input.invite } : {}),
    createdBy: input.createdBy,
    createdAt: now,
    expiresAt: new Date(Date.parse(now) + LINK_LIFETIME_MS[input.purpose]).toISOString(),
  };
  await links(store).insertOne(link);
  return { secret, link };
}

/** Earlier unused links of the same purpose and address stop working when a new one is sent. */
export async function revokeOpenLinks(store: Store, filter: { purpose: LinkPurpose; enterpriseId: string | null; email: string }): Promise<number> {
  return links(store).updateMany(
    { ...filter, email: normaliseEmail(filter.email), usedAt: { $exists: false }, revokedAt: { $exists: false } },
    { $set: { revokedAt: nowIso() } },
  );
}

/** The link behind a secret while it may still be used; a used, revoked, expired or unknown one is a 404 alike. */
export async function openLink(root: Store, secret: string): Promise<AccountLink> {
  const link = secret.length <= 100 ? await links(root).findOne({ _id: sha256(secret) }) : null;
  if (!link || link.usedAt || link.revokedAt || link.expiresAt <= nowIso()) throw new NotFoundError('link');
  return link;
}

/**
 * Uses a link inside the caller's transaction: claims it (so a double submit
 * acts once), then creates the invited account or sets the new password.
 */
export async function redeemLink(tx: Store, secret: string, password: string): Promise<{ link: AccountLink; user: User }> {
  const link = await openLink(tx, secret);
  const claimed = await links(tx).findOneAndUpdate({ _id: link._id, usedAt: { $exists: false } }, { $set: { usedAt: nowIso() } });
  if (!claimed) throw new NotFoundError('link');
  if (link.purpose === 'invite') {
    try {
      const user = await insertUser(tx, { enterpriseId: link.enterpriseId, email: link.email, password, ...link.invite! });
      return { link, user };
    } catch (err) {
      // Only the mailbox's owner holds this link, so saying why leaks nothing.
      if (err instanceof ConflictError)
        throw new ConflictError('email: this address already has an account; log in, or reset its password', 'email', 'email_taken');
      throw err;
    }
  }
  const users = tx.collection<User>('users');
  const user = await users.findOneAndUpdate(
    { _id: link.userId!, disabled: { $ne: true } },
    { $set: { passwordHash: await hashPassword(password) }, $inc: { sessionVersion: 1 } },
  );
  if (!user) throw new NotFoundError('link');
  return { link, user };
}

/** Open invitations of one enterprise, newest first (for the admin's list). */
export async function openInvitations(store: Store, enterpriseId: string): Promise<AccountLink[]> {
  const now = nowIso();
  const found = await links(store).find(
    { enterpriseId, purpose: 'invite', usedAt: { $exists: false }, revokedAt: { $exists: false } },
    { sort: { createdAt: -1 }, limit: 500 },
  );
  return found.filter((l) => l.expiresAt > now);
}
