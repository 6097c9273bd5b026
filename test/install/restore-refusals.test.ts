/**
 * npm run restore refuses what would hurt: a directory that is not a whole
 * backup, a backup whose store is damaged, and a DATA_DIR whose store is in
 * use (a live server's pid file, or an open SQLite connection). Each refusal
 * leaves DATA_DIR as it was.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { takeBackup } from '../../scripts/backups/backup';
import { RestoreRefused, restoreBackup } from '../../scripts/backups/restore';
import { PID_FILE } from '../../server/lifecycle';
import { DB_FILE } from '../../server/store/embedded';
import { openStore } from '../../server/store';

let scratch: string;
let dataDir: string;
let backupDir: string;

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-restore-'));
  dataDir = path.join(scratch, 'data');
  const source = path.join(scratch, 'source');
  const store = await openStore({ dataDir: source });
  await store.collection('responses').insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `r${i}`, enterpriseId: 'e1' })));
  await store.close();
  backupDir = path.join(scratch, 'backup');
  await takeBackup(source, backupDir);
  const live = await openStore({ dataDir });
  await live.collection('responses').insertOne({ _id: 'current', enterpriseId: 'e1' });
  await live.close();
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const dataDirState = () =>
  fs
    .readdirSync(dataDir)
    .sort()
    .map((name) => `${name}:${fs.statSync(path.join(dataDir, name)).size}`);

async function expectRefused(src: string, message: RegExp): Promise<void> {
  const before = dataDirState();
  const err = await restoreBackup(dataDir, src).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RestoreRefused);
  expect((err as Error).message).toMatch(message);
  expect(dataDirState()).toEqual(before);
}

test('refuses a directory without a manifest', async () => {
  const notBackup = path.join(scratch, 'not-a-backup');
  fs.mkdirSync(notBackup, { recursive: true });
  await expectRefused(notBackup, /not a complete backup/);
});

test('refuses a backup whose store file is empty', async () => {
  const damaged = path.join(scratch, 'damaged');
  fs.cpSync(backupDir, damaged, { recursive: true });
  fs.writeFileSync(path.join(damaged, DB_FILE), '');
  await expectRefused(damaged, /cannot be trusted/);
});

test('refuses while another connection has the store open', async () => {
  const live = await openStore({ dataDir });
  try {
    await expectRefused(backupDir, /open in another process/);
  } finally {
    await live.close();
  }
});

test('refuses while the pid file names a live process', async () => {
  const server = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    fs.writeFileSync(path.join(dataDir, PID_FILE), `${server.pid}\n`);
    await expectRefused(backupDir, new RegExp(`server is running .*pid ${server.pid}`));
  } finally {
    server.kill('SIGKILL');
    fs.rmSync(path.join(dataDir, PID_FILE), { force: true });
  }
});

test('restores once nothing holds the store, keeping the replaced data aside', async () => {
  const summary = await restoreBackup(dataDir, backupDir);
  expect(summary.manifest.counts.responses).toBe(50);
  const restored = await openStore({ dataDir });
  try {
    expect(await restored.collection('responses').count({})).toBe(50);
    expect(await restored.collection('responses').findOne({ _id: 'current' })).toBeNull();
  } finally {
    await restored.close();
  }
  const aside = await openStore({ dataDir: summary.aside! });
  try {
    expect(await aside.collection('responses').findOne({ _id: 'current' })).not.toBeNull();
  } finally {
    await aside.close();
  }
});
