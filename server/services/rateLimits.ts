/**
 * Hit counters shared by every app process (WORKERS=N, or several machines on
 * MongoDB): one document per key and fixed window in the store, counted with
 * an atomic upsert, so a limit holds however requests are spread.
 */
import { DuplicateKeyError, type Doc, type Store } from '../store/types';

export const RATE_LIMIT_COLLECTION = 'rateLimitWindows';

interface HitWindow extends Doc {
  hits: number;
  expiresAt: string;
}

export interface HitCount {
  hits: number;
  resetAt: Date;
}

/** The window `now` falls in: windows start at multiples of windowMs, like express-rate-limit's own store. */
function windowOf(key: string, windowMs: number, now: number): { id: string; resetAt: Date } {
  const start = Math.floor(now / windowMs) * windowMs;
  return { id: `${key}|${start}`, resetAt: new Date(start + windowMs) };
}

const windows = (store: Store) => store.collection<HitWindow>(RATE_LIMIT_COLLECTION);

export async function countHit(store: Store, key: string, windowMs: number, now = Date.now()): Promise<HitCount> {
  const w = windowOf(key, windowMs, now);
  const hit = () =>
    windows(store).findOneAndUpdate(
      { _id: w.id },
      { $inc: { hits: 1 }, $setOnInsert: { expiresAt: w.resetAt.toISOString() } },
      { upsert: true, returnDocument: 'after' },
    );
  // Two first hits at once on MongoDB: one upsert inserts, the other's insert collides and counts on the inserted document.
  const doc = await hit().catch((err) => (err instanceof DuplicateKeyError ? hit() : Promise.reject(err)));
  return { hits: doc!.hits, resetAt: w.resetAt };
}

/** Takes back one hit (a request that, by the limiter's options, should not have counted). */
export async function uncountHit(store: Store, key: string, windowMs: number, now = Date.now()): Promise<void> {
  await windows(store).updateOne({ _id: windowOf(key, windowMs, now).id, hits: { $gt: 0 } }, { $inc: { hits: -1 } });
}

export async function clearHits(store: Store, key: string, windowMs: number, now = Date.now()): Promise<void> {
  await windows(store).deleteOne({ _id: windowOf(key, windowMs, now).id });
}

/** Drops windows that have ended; returns how many. */
export function pruneHitWindows(store: Store, now = new Date()): Promise<number> {
  return windows(store).deleteMany({ expiresAt: { $lte: now.toISOString() } });
}
