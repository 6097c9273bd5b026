/**
 * Another connection (another app process under WORKERS=N) holding SQLite's
 * write lock never freezes this process: its writes wait on timers while the
 * event loop serves, its reads go on, and everything lands once the lock is free.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DB_FILE, openEmbeddedStore } from '../../server/store/embedded';
import { isBusy, lockWaits } from '../../server/store/embedded-lock';
import type { Store } from '../../server/store/types';
import { eventLoopTurns } from '../helpers/wait';

let dir: string;
let store: Store;
let other: Database.Database;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'servicestar-lock-'));
  store = await openEmbeddedStore(dir);
  await store.collection('notes').insertOne({ _id: 'first', n: 0 });
  other = new Database(path.join(dir, DB_FILE));
});
afterEach(async () => {
  if (other.inTransaction) other.exec('ROLLBACK');
  other.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Turns of the event loop (timers included): each proves the loop was free to run other work. */
async function loopTurns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setTimeout(resolve, 1));
  await eventLoopTurns(n);
}

test('writes and transactions wait for another connection’s write lock without blocking the event loop, then land', async () => {
  other.exec('BEGIN IMMEDIATE');
  other.prepare(`INSERT INTO "notes" (_id, doc) VALUES ('other', '{"_id":"other","n":9}')`).run();
  const retriesBefore = lockWaits.retries;

  const settled: string[] = [];
  const insert = store
    .collection('notes')
    .insertOne({ _id: 'single', n: 1 })
    .then(() => settled.push('insert'));
  const update = store
    .collection('notes')
    .updateOne({ _id: 'first' }, { $inc: { n: 1 } })
    .then(() => settled.push('update'));
  const tx = store
    .withTransaction(async (t) => {
      await t.collection('notes').insertOne({ _id: 'tx', n: 2 });
      await t.collection('notes').updateOne({ _id: 'first' }, { $inc: { n: 10 } });
    })
    .then(() => settled.push('tx'));

  // The loop keeps turning and reads are answered while all three writes wait for the lock.
  await loopTurns(20);
  expect(settled).toEqual([]);
  expect(lockWaits.retries).toBeGreaterThan(retriesBefore);
  expect(await store.collection('notes').findOne({ _id: 'first' })).toMatchObject({ n: 0 });

  other.exec('COMMIT');
  await Promise.all([insert, update, tx]);
  expect(settled.sort()).toEqual(['insert', 'tx', 'update']);
  const docs = await store.collection<{ _id: string; n: number }>('notes').find({}, { sort: { _id: 1 } });
  expect(docs.map((d) => [d._id, d.n])).toEqual([
    ['first', 11],
    ['other', 9],
    ['single', 1],
    ['tx', 2],
  ]);
});

test('a transaction that fails while waiting for the lock leaves nothing half-written and later ones still commit', async () => {
  other.exec('BEGIN IMMEDIATE');
  const failing = store.withTransaction(async (t) => {
    await t.collection('notes').insertOne({ _id: 'half', n: 1 });
    throw new Error('use case refused');
  });
  const fine = store.withTransaction((t) => t.collection('notes').insertOne({ _id: 'whole', n: 1 }));
  await loopTurns(5);
  other.exec('COMMIT');
  await expect(failing).rejects.toThrow('use case refused');
  await fine;
  expect(await store.collection('notes').count({ _id: { $in: ['half', 'whole'] } })).toBe(1);
});

test('only SQLITE_BUSY and its extended codes count as a busy lock', () => {
  expect(isBusy(Object.assign(new Error('x'), { code: 'SQLITE_BUSY' }))).toBe(true);
  expect(isBusy(Object.assign(new Error('x'), { code: 'SQLITE_BUSY_SNAPSHOT' }))).toBe(true);
  expect(isBusy(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBe(false);
  expect(isBusy(null)).toBe(false);
});
