/**
 * Whether the embedded store's file can be trusted before anything writes to
 * it. An empty or headerless file is damage, never a fresh install (opening it
 * would write a new header and seed over it); a corrupt page fails SQLite's
 * quick_check, run on a worker thread so a large store cannot hold start-up
 * past its deadline.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
export const RESTORE_HINT = 'Restore a backup with `npm run restore -- BACKUP_DIR` (README, "Backups"), or move the file away to start an empty store.';

export type StoreDamage = 'store_empty' | 'store_not_sqlite' | 'store_corrupt';

/** The store file is damaged: start-up stops with this one line. */
export class StoreDamagedError extends Error {
  constructor(
    readonly code: StoreDamage,
    readonly file: string,
    what: string,
  ) {
    super(`the store ${file} ${what}; the server did not start and left the file untouched. ${RESTORE_HINT}`);
    this.name = 'StoreDamagedError';
  }
}

/** A missing file is a new store; an existing one must start with SQLite's header. */
export function checkStoreFile(file: string): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (size === 0) throw new StoreDamagedError('store_empty', file, 'is empty (0 bytes): it is damaged, not a new installation');
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!header.equals(SQLITE_HEADER)) throw new StoreDamagedError('store_not_sqlite', file, 'is not an SQLite database (its header is wrong)');
}

/** The worker's code (plain JS: it runs outside any build). Its own read-only connection runs the check. */
const QUICK_CHECK_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
try {
  const Database = require(workerData.driver);
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  const rows = db.pragma('quick_check(5)', { simple: false });
  db.close();
  parentPort.postMessage({ problems: rows.map((r) => String(Object.values(r)[0])).filter((p) => p !== 'ok') });
} catch (err) {
  parentPort.postMessage({ problems: [String(err && err.message)] });
}
`;

export type IntegrityResult = { finished: true } | { finished: false; later: Promise<void> };

/**
 * Runs PRAGMA quick_check on the store. Within the deadline a failure throws
 * StoreDamagedError and a pass resolves {finished: true}; past it the check
 * goes on in the background and `later` rejects if it finds damage.
 */
export function checkStoreIntegrity(file: string, deadlineMs: number): Promise<IntegrityResult> {
  const verdict = new Promise<void>((resolve, reject) => {
    const worker = new Worker(QUICK_CHECK_SOURCE, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), file } });
    worker.unref();
    worker.once('message', (m: { problems: string[] }) => {
      if (!m.problems.length) return resolve();
      reject(new StoreDamagedError('store_corrupt', file, `fails SQLite's integrity check (${m.problems.join('; ').slice(0, 200)})`));
    });
    worker.once('error', (err) => reject(new StoreDamagedError('store_corrupt', file, `could not be checked (${err.message})`)));
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<IntegrityResult>((resolve) => {
    timer = setTimeout(() => resolve({ finished: false, later: verdict }), deadlineMs);
    timer.unref();
  });
  return Promise.race([verdict.then((): IntegrityResult => ({ finished: true })), deadline]).finally(() => clearTimeout(timer));
}
