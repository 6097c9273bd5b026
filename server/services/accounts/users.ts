/**
 * User accounts: creation inside an enterprise, login with lock-out after
 * repeated failures, and the public view of a user (never the hash).
 */
import crypto from 'node:crypto';
import { ConflictError, NotFoundError, RateLimitedError, UnauthenticatedError, ValidationError } from '../../errors';
import { DuplicateKeyError, type Doc, type Store, type Without } from '../../store/types';
import { recordAudit } from '../auditLog';
import type { Actor, TenantContext } from '../context';
import { nowIso, withTenantTransaction } from '../context';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';
import { assertCan, type Role } from './roles';

export interface User extends Doc {
  enterpriseId: string | null;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  siteIds?: string[];
  locale?: 'zh-CN' | 'en';
  disabled?: boolean;
  createdAt: string;
}

export type PublicUser = Without<User, 'passwordHash'>;

interface LoginFailures extends Doc {
  failures: number;
  lockedUntil?: string;
}

const LOCK_MINUTES = 15;

export function publicUser(user: User): PublicUser {
  const { passwordHash: _omit, ...rest } = user;
  return rest;
}

export function actorOf(user: User, via: Actor['via'] = 'session'): Actor {
  return { userId: user._id, role: user.role, enterpriseId: user.enterpriseId, siteIds: user.siteIds, via };
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

export async function createUser(
  ctx: TenantContext,
  input: { email: string; name: string; role: Exclude<Role, 'operator'>; password: string; siteIds?: string[] },
): Promise<PublicUser> {
  assertCan(ctx.actor.role, 'users.manage');
  // Site limits must name this enterprise's sites: they decide which socket rooms the user joins.
  for (const [i, siteId] of (input.siteIds ?? []).entries()) {
    if (!(await ctx.store.collection('sites').count({ _id: siteId }))) throw new ValidationError(`siteIds.${i}: no such site`, `siteIds.${i}`);
  }
  const user = await newUser({ ...input, enterpriseId: ctx.actor.enterpriseId });
  await withTenantTransaction(ctx, async (tx) => {
    await storeUser(tx.root, user);
    await recordAudit(tx, 'user.create', 'users', user._id, { email: user.email, role: user.role });
  });
  return publicUser(user);
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
 * Checks a password. After `maxAttempts` failures in a row the account is locked
 * for 15 minutes, whatever the password, so guessing is slowed per account as
 * well as per IP (the HTTP layer rate-limits per IP).
 */
export async function authenticate(root: Store, email: string, password: string, maxAttempts: number): Promise<User> {
  const key = normaliseEmail(email);
  const failures = root.collection<LoginFailures>('loginFailures');
  const record = await failures.findOne({ _id: key });
  if (record?.lockedUntil && record.lockedUntil > nowIso()) {
    throw new RateLimitedError('too many failed logins: this account is locked for 15 minutes');
  }
  const user = await root.collection<User>('users').findOne({ email: key });
  // Verify against a dummy hash for unknown accounts so timing does not reveal which emails exist.
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok || user.disabled) {
    const updated = await failures.findOneAndUpdate({ _id: key }, { $inc: { failures: 1 } }, { upsert: true });
    if ((updated?.failures ?? 0) >= maxAttempts) {
      const lockedUntil = new Date(Date.now() + LOCK_MINUTES * 60_000).toISOString();
      await failures.updateOne({ _id: key }, { $set: { lockedUntil, failures: 0 } });
    }
    throw new UnauthenticatedError('email or password is wrong');
  }
  if (record) await failures.deleteOne({ _id: key });
  return user;
}
