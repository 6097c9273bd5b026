/**
 * Waiting for SQLite's write lock without blocking the event loop. Several
 * app processes (WORKERS=N) write to one database file; SQLite lets one of
 * them write at a time. better-sqlite3's busy_timeout would wait inside the
 * call, freezing every request of the waiting process, so the connection has
 * none: a statement that finds the lock taken fails at once with SQLITE_BUSY,
 * having done nothing, and is tried again after a short timer.
 */

/** How long a write keeps trying before it fails: far beyond any group commit (milliseconds). */
export const LOCK_WAIT_LIMIT_MS = 30_000;
/** Retry delays grow to this at most: the lock is held for one group commit, usually under a millisecond. */
const MAX_DELAY_MS = 4;

/** SQLITE_BUSY and its extended codes (_SNAPSHOT, _RECOVERY, _TIMEOUT): another connection holds the lock. */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'));
}

/** The pause before retry number `attempt` (0-based): the next turn of the loop first, then a few jittered milliseconds. */
export function lockRetryPause(attempt: number): Promise<void> {
  if (attempt === 0) return new Promise((resolve) => setImmediate(resolve));
  const delay = Math.min(MAX_DELAY_MS, attempt) * (0.5 + Math.random());
  return new Promise((resolve) => setTimeout(resolve, delay));
}

/** Counts of lock waits since start (benchmarks print them). */
export const lockWaits = { retries: 0, gaveUp: 0 };

/**
 * Runs `op` until it does not fail with SQLITE_BUSY, pausing between tries.
 * Safe only for an op that a busy failure leaves undone: a single statement,
 * or a transaction whose BEGIN IMMEDIATE is what failed.
 */
export async function retryWhileBusy<R>(op: () => R | Promise<R>): Promise<R> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (!isBusy(err)) throw err;
      if (Date.now() - started > LOCK_WAIT_LIMIT_MS) {
        lockWaits.gaveUp += 1;
        throw err;
      }
    }
    lockWaits.retries += 1;
    await lockRetryPause(attempt);
  }
}
