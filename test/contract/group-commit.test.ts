/**
 * Concurrent transactions on the embedded store share one commit; each keeps
 * its own all-or-nothing: a failing one loses only its own writes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStore } from '../../server/store/embedded';
import type { Store } from '../../server/store/types';
import { eventLoopTurns } from '../helpers/wait';

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-group-'));
  store = await openEmbeddedStore(dir);
});
afterAll(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('50 concurrent transactions: every fifth fails and loses exactly its own writes', async () => {
  const results = await Promise.allSettled(
    Array.from({ length: 50 }, (_, i) =>
      store.withTransaction(async (tx) => {
        await tx.collection('docs').insertOne({ _id: `a${i}` });
        await tx.collection('counters').updateOne({ _id: 'c' }, { $inc: { n: 1 } }, { upsert: true });
        await new Promise((r) => setImmediate(r));
        await tx.collection('docs').insertOne({ _id: `b${i}` });
        if (i % 5 === 0) throw new Error(`fail ${i}`);
        return i;
      }),
    ),
  );
  expect(results.filter((r) => r.status === 'rejected')).toHaveLength(10);
  expect(results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<number>).value)).toEqual(
    Array.from({ length: 50 }, (_, i) => i).filter((i) => i % 5 !== 0),
  );
  expect(await store.collection('docs').count({})).toBe(80);
  expect(await store.collection('docs').count({ _id: 'a0' })).toBe(0);
  expect((await store.collection('counters').findOne({ _id: 'c' }))?.n).toBe(40);
});

test('a write outside any transaction waits for the group and is not swallowed by a rollback', async () => {
  const failing = store.withTransaction(async (tx) => {
    await tx.collection('solo').insertOne({ _id: 'in-tx' });
    await eventLoopTurns();
    throw new Error('boom');
  });
  const outside = store.collection('solo').insertOne({ _id: 'outside' });
  await expect(failing).rejects.toThrow('boom');
  await outside;
  expect((await store.collection('solo').find({})).map((d) => d._id)).toEqual(['outside']);
});

test('transactions begun by separate events (requests) in the same moment share commits', async () => {
  const grouped = store as Store & { commitStats(): { groups: number; transactions: number } };
  const before = grouped.commitStats();
  // Each begins in its own macrotask, as each request's handler does: none is started from inside another's.
  await Promise.all(
    Array.from(
      { length: 20 },
      (_, i) =>
        new Promise<void>((resolve, reject) =>
          setImmediate(() => {
            store
              .withTransaction(async (tx) => {
                await tx.collection('requests').insertOne({ _id: `r${i}` });
                await tx.collection('counters').updateOne({ _id: 'requests' }, { $inc: { n: 1 } }, { upsert: true });
              })
              .then(resolve, reject);
          }),
        ),
    ),
  );
  const after = grouped.commitStats();
  expect(after.transactions - before.transactions).toBe(20);
  // Before the leader gathered, every one of them was a commit of its own (20).
  expect(after.groups - before.groups).toBeLessThanOrEqual(4);
  expect((await store.collection('counters').findOne({ _id: 'requests' }))?.n).toBe(20);
});
