/**
 * Start-up never writes to a store it cannot trust: an empty file, a file
 * without SQLite's header and a file with a corrupt page are refused with one
 * line naming the file and the restore command, and the file is left as it was.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DB_FILE } from '../../server/store/embedded';
import { StoreDamagedError } from '../../server/store/integrity';
import { openStore } from '../../server/store';

const integrity = { deadlineMs: 60_000, onLateDamage: () => undefined };
let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-integrity-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const file = () => path.join(dir, DB_FILE);

async function refusal(): Promise<StoreDamagedError> {
  const err = await openStore({ dataDir: dir, integrity }).then(
    async (store) => {
      await store.close();
      return null;
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreDamagedError);
  const damaged = err as StoreDamagedError;
  expect(damaged.message).not.toContain('\n');
  expect(damaged.message).toContain(file());
  expect(damaged.message).toContain('npm run restore --');
  return damaged;
}

/** A real store with enough documents to span many pages, closed cleanly. */
async function realStore(): Promise<void> {
  const store = await openStore({ dataDir: dir });
  const docs = Array.from({ length: 3000 }, (_, i) => ({ _id: `r${i}`, enterpriseId: 'e1', text: `answer ${i} `.repeat(8) }));
  await store.collection('responses').insertMany(docs);
  await store.close();
}

test('refuses a zero-length store file instead of taking it for a fresh install', async () => {
  fs.writeFileSync(file(), '');
  expect((await refusal()).code).toBe('store_empty');
  expect(fs.statSync(file()).size).toBe(0);
});

test("refuses a store file whose header is not SQLite's, even without the start-up check", async () => {
  fs.writeFileSync(file(), Buffer.concat([Buffer.from('garbage header!!'), Buffer.alloc(8192, 7)]));
  const before = fs.readFileSync(file());
  expect((await refusal()).code).toBe('store_not_sqlite');
  await expect(openStore({ dataDir: dir })).rejects.toBeInstanceOf(StoreDamagedError);
  expect(fs.readFileSync(file()).equals(before)).toBe(true);
});

test('refuses a store with a corrupt page at start-up', async () => {
  await realStore();
  const pageSize = 4096;
  const pages = fs.statSync(file()).size / pageSize;
  expect(pages).toBeGreaterThan(20);
  // Garbage over a b-tree page in the middle of the table's data.
  const fd = fs.openSync(file(), 'r+');
  fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, Math.floor(pages / 2) * pageSize);
  fs.closeSync(fd);
  expect((await refusal()).code).toBe('store_corrupt');
});

test('opens a sound store and a missing file (a new installation) with the check on', async () => {
  const fresh = await openStore({ dataDir: dir, integrity });
  await fresh.close();
  fs.rmSync(file());
  await realStore();
  const store = await openStore({ dataDir: dir, integrity });
  expect(await store.collection('responses').count({})).toBe(3000);
  await store.close();
});

test('a check that outlives its deadline lets the store open and reports the damage it finds later', async () => {
  await realStore();
  const fd = fs.openSync(file(), 'r+');
  fs.writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, 10 * 4096);
  fs.closeSync(fd);
  let reportLate!: (err: StoreDamagedError) => void;
  const late = new Promise<StoreDamagedError>((resolve) => (reportLate = resolve));
  const store = await openStore({ dataDir: dir, integrity: { deadlineMs: 0, onLateDamage: reportLate } });
  try {
    expect((await late).code).toBe('store_corrupt');
  } finally {
    await store.close();
  }
});
