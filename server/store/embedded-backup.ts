/**
 * The embedded store's side of backups: a consistent copy of a live store
 * (VACUUM INTO runs in one read transaction, so the copy is the store as of
 * one commit while the server keeps writing), and whether a live connection
 * holds the store (SQLite's locks, which no stale pid file can fake).
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { checkStoreFile } from './integrity';

/** The worker's code (plain JS): its own read-only connection writes the copy, off the caller's event loop. */
const SNAPSHOT_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
try {
  const Database = require(workerData.driver);
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  db.prepare('VACUUM INTO ?').run(workerData.dest);
  db.close();
  parentPort.postMessage({ ok: true });
} catch (err) {
  parentPort.postMessage({ error: String(err && err.message), code: err && err.code });
}
`;

/**
 * Copies the store file into dest (which must not exist) as of one moment,
 * while writers go on; `onBytes` hears how far the copy has grown.
 */
export async function snapshotEmbeddedStore(file: string, dest: string, onBytes: (bytes: number) => void = () => undefined): Promise<void> {
  const worker = new Worker(SNAPSHOT_SOURCE, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), file, dest } });
  const watch = setInterval(() => fs.stat(dest, (err, st) => !err && onBytes(st.size)), 200);
  try {
    const result = await new Promise<{ ok?: true; error?: string; code?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    if (result.error) throw Object.assign(new Error(`could not copy the store: ${result.error}`), { code: result.code });
    onBytes(fs.statSync(dest).size);
  } finally {
    clearInterval(watch);
    await worker.terminate();
  }
}

/**
 * True while another connection (a running server, its checkpointer, a
 * backup) has the store open: an exclusive lock cannot be had then. A file
 * SQLite cannot read at all is nobody's to hold (a server refuses to start on it).
 */
export function embeddedStoreInUse(file: string): boolean {
  try {
    // Empty or headerless: no server can have it open (it refuses to start), and opening it here must not write to it.
    checkStoreFile(file);
  } catch {
    return false;
  }
  if (!fs.existsSync(file)) return false;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 0 });
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    return false;
  } catch (err) {
    return (err as { code?: string }).code?.startsWith('SQLITE_BUSY') ?? false;
  } finally {
    db?.close();
  }
}

/** Documents per collection in a store file (a backup's copy), read-only. */
export function collectionCounts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
    return Object.fromEntries(
      tables.map((name) => [
        name,
        db
          .prepare(`SELECT count(*) FROM "${name.replace(/"/g, '""')}"`)
          .pluck()
          .get() as number,
      ]),
    );
  } finally {
    db.close();
  }
}
