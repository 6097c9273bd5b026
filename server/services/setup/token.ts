/**
 * The one-time setup token that lets the first visitor create the platform operator.
 *
 * It lives in the store until an operator exists, and every start prints it again:
 * the URL in an earlier log still works after a restart (a container restarted by its
 * orchestrator), and every app process behind one load balancer accepts the same URL.
 * It is kept in clear because whoever can read the store can already write users.
 * Creating the operator deletes it in the same transaction, so it works once.
 */
import crypto from 'node:crypto';
import { DuplicateKeyError, type Doc, type Store } from '../../store/types';
import type { User } from '../accounts/users';
import { nowIso } from '../context';

export const SETUP_COLLECTION = 'setup';
export const SETUP_TOKEN_ID = 'operator-setup';

export interface SetupTokenDoc extends Doc {
  token: string;
  createdAt: string;
}

export async function operatorExists(store: Store): Promise<boolean> {
  return (await store.collection<User>('users').count({ role: 'operator' })) > 0;
}

/** The setup token while no operator exists (made on the first call), else null. */
export async function currentSetupToken(store: Store): Promise<string | null> {
  if (await operatorExists(store)) return null;
  const tokens = store.collection<SetupTokenDoc>(SETUP_COLLECTION);
  const existing = await tokens.findOne({ _id: SETUP_TOKEN_ID });
  if (existing) return existing.token;
  try {
    // 256 bits: the URL is the only key to an empty installation.
    await tokens.insertOne({ _id: SETUP_TOKEN_ID, token: crypto.randomBytes(32).toString('base64url'), createdAt: nowIso() });
  } catch (err) {
    if (!(err instanceof DuplicateKeyError)) throw err; // another process starting at the same moment made it
  }
  return (await tokens.findOne({ _id: SETUP_TOKEN_ID }))!.token;
}

/** True when `token` is the setup token and no operator exists yet. */
export async function isSetupTokenValid(store: Store, token: string): Promise<boolean> {
  if (await operatorExists(store)) return false;
  const doc = await store.collection<SetupTokenDoc>(SETUP_COLLECTION).findOne({ _id: SETUP_TOKEN_ID });
  return !!doc && sameToken(doc.token, token);
}

export function sameToken(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
