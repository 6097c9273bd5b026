/**
 * User accounts: the record, login, and the public view of a user (never the
 * hash). Invitations, edits and deactivation are in userAdmin.ts; a person's
 * own password in passwordChange.ts.
 */
import crypto from 'node:crypto';
import { ConflictError, NotFoundError, RateLimitedError, UnauthenticatedError } from '../../errors';
import { DuplicateKeyError, type Doc, type Store, type Without } from '../../store/types';
import type { Actor, TenantContext } from '../context';
import { nowIso } from '../context';
import { clearFailures, noteFailure, waitSeconds } from './loginBackoff';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';
import type { Role } from './roles';

export interface User extends Doc {
  enterpriseId: string | null;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  siteIds?: string[];
  locale?: 'zh-CN' | 'en';
  disabled?: boolean;
  deactivatedAt?: string;
  /** Raised when every session must end (deactivation, a new password); a session remembers the version it began with. */
  sessionVersion?: number;
  createdAt: string;
}

export type PublicUser = Without<User, 'passwordHash' | 'sessionVersion'>;

export function publicUser(user: User): PublicUser {
  const { passwordHash: _omit, sessionVersion: _version, ...rest } = user;
  return rest;
}

export function actorOf(user: User, via: Actor['via'] = 'session'): Actor {
  return { userId: user._id, role: user.role, enterpriseId: user.enterpriseId, siteIds: user.siteIds, via };
}

/** A session lasts while its user is active and has not ended every session since it began (deactivation, a new password). */
export function sessionIsCurrent(user: User, session: { sessionVersion?: number }): boolean {
  return !user.disabled && (session.sessionVersion ?? 0) === (user.sessionVersion ?? 0);
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

type NewUser = { enterpriseId: string | null; email: string; name: string; role: Role; password: string; siteIds?: string[] };

/** Inserts a user; used by enterprise admins, the operator and the demo seed. */
export async function insertUser(root: Store, input: NewUser): Promise<User> {
  return storeUser(root, await newUser(input));
}

/** The user document, its password hashed: slow by design, so done before any transaction opens. */
export async function newUser(input: NewUser): Promise<User> {
  return {
    _id: crypto.randomUUID(),
    enterpriseId: input.enterpriseId,
    email: normaliseEmail(input.email),
    name: input.name,
    role: input.role,
    passwordHash: await hashPassword(input.password),
    ...(input.siteIds?.length ? { siteIds: input.siteIds } : {}),
    createdAt: nowIso(),
  };
}

/** Stores a user made by newUser; a taken email is a 409 naming the field. */
export async function storeUser(root: Store, user: User): Promise<User> {
  try {
    return await root.collection<User>('users').insertOne(user);
  } catch (err) {
    if (err instanceof DuplicateKeyError) throw new ConflictError(`email: ${user.email} is already registered`, 'email');
    throw err;
  }
}

export async function listUsers(ctx: TenantContext): Promise<PublicUser[]> {
  const users = await ctx.store.collection<User>('users').find({}, { sort: { email: 1 } });
  return users.map(publicUser);
}

export async function getUser(ctx: TenantContext, id: string): Promise<PublicUser> {
  const user = await ctx.store.collection<User>('users').findOne({ _id: id });
  if (!user) throw new NotFoundError('user');
  return publicUser(user);
}

export async function findUserById(root: Store, id: string): Promise<User | null> {
  return root.collection<User>('users').findOne({ _id: id });
}

/**
 * Checks a password. Wrong passwords slow down this email from this address
 * (loginBackoff.ts) rather than locking the account: someone guessing from
 * elsewhere cannot keep the real user out.
 */
export async function authenticate(root: Store, email: string, password: string, opts: { maxAttempts: number; address: string }): Promise<User> {
  const key = normaliseEmail(email);
  const wait = await waitSeconds(root, key, opts.address);
  if (wait > 0) throw new RateLimitedError(`too many failed logins for this account from this address: try again in ${wait} seconds`);
  const user = await root.collection<User>('users').findOne({ email: key });
  // Verify against a dummy hash for unknown accounts so timing does not reveal which emails exist.
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok || user.disabled) {
    await noteFailure(root, key, opts.address, opts.maxAttempts);
    throw new UnauthenticatedError('email or password is wrong');
  }
  await clearFailures(root, key, opts.address);
  return user;
}
