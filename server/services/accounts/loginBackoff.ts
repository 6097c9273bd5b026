/**
 * Slows password guessing per account AND address. After `freeAttempts` wrong
 * passwords in a row for one email from one address, that pair waits before its
 * next try, the wait doubling with each further failure (30 s up to 15 min).
 * Nothing is locked: the real user, from their own address, logs in as usual,
 * and a successful login clears the pair's count.
 */
import type { Doc, Store } from '../../store/types';
import { nowIso } from '../context';

interface LoginFailures extends Doc {
  failures: number;
  /** No password is checked for this pair before this instant. */
  retryAfter?: string;
}

const FIRST_WAIT_MS = 30_000;
const LONGEST_WAIT_MS = 15 * 60_000;

const failures = (root: Store) => root.collection<LoginFailures>('loginFailures');
const keyOf = (email: string, address: string) => `${email}|${address}`;

/** Seconds this pair must still wait, or 0 when it may try now. */
export async function waitSeconds(root: Store, email: string, address: string): Promise<number> {
  const record = await failures(root).findOne({ _id: keyOf(email, address) });
  if (!record?.retryAfter) return 0;
  const left = Date.parse(record.retryAfter) - Date.parse(nowIso());
  return left > 0 ? Math.ceil(left / 1000) : 0;
}

export async function noteFailure(root: Store, email: string, address: string, freeAttempts: number): Promise<void> {
  const key = keyOf(email, address);
  const updated = await failures(root).findOneAndUpdate({ _id: key }, { $inc: { failures: 1 } }, { upsert: true });
  const beyond = (updated?.failures ?? 0) - freeAttempts;
  if (beyond < 0) return;
  const wait = Math.min(FIRST_WAIT_MS * 2 ** Math.min(beyond, 20), LONGEST_WAIT_MS);
  await failures(root).updateOne({ _id: key }, { $set: { retryAfter: new Date(Date.parse(nowIso()) + wait).toISOString() } });
}

export async function clearFailures(root: Store, email: string, address: string): Promise<void> {
  await failures(root).deleteOne({ _id: keyOf(email, address) });
}
