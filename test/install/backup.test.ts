/**
 * A backup taken while the built server answers submissions restores to a
 * store holding every submission acknowledged before the backup began, none
 * that was never acknowledged, each once, with rollups equal to a rebuild.
 * Restoring refuses while the server runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { takeBackup } from '../../scripts/backups/backup';
import { RestoreRefused, restoreBackup } from '../../scripts/backups/restore';
import { startServerProcess } from '../../scripts/prove/server';
import { ackedCount, runTraffic, signIn, worldFor, type Acked } from '../../scripts/prove/traffic';
import { storedFacts } from '../../scripts/prove/verify';
import { buildProveWorld, removeWorld, type ProveWorld } from '../../scripts/prove/world';
import { PROCESS_WAIT_MS } from '../helpers/timeouts';
import { waitUntil } from '../helpers/wait';

let world: ProveWorld;
let scratch: string;
beforeAll(async () => {
  world = await buildProveWorld(worldFor(500));
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-backup-'));
}, 120_000);
afterAll(() => {
  removeWorld(world);
  fs.rmSync(scratch, { recursive: true, force: true });
});

const copyOf = (a: Acked): Acked => ({ apiKeys: [...a.apiKeys], recipientIds: [...a.recipientIds], caseRefs: [...a.caseRefs], visitIds: [...a.visitIds] });

/** Waits (without sleeping a fixed time) until the traffic has acknowledged enough. */
const until = (condition: () => boolean, what: string) => waitUntil(condition, (done) => done, what, PROCESS_WAIT_MS);

test('a backup taken under load restores to exactly the acknowledged submissions, with rollups equal to a rebuild', async () => {
  // A photo and a mail as the server files them, to travel with the store.
  const photo = path.join('evidence', world.enterpriseId, 'photo-1.jpg');
  const mail = path.join('outbox', 'mail-1.eml');
  for (const [rel, body] of [
    [photo, Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3])],
    [mail, Buffer.from('Subject: 调查邀请\r\n\r\nhello')],
  ] as const) {
    fs.mkdirSync(path.dirname(path.join(world.dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(world.dir, rel), body);
  }
  const server = await startServerProcess(world.dir);
  const backupDir = path.join(scratch, 'backup');
  let before: Acked;
  let traffic: Awaited<ReturnType<typeof runTraffic>>;
  try {
    const workforce = await signIn(server.url, world);
    const live: Acked = { apiKeys: [], recipientIds: [], caseRefs: [], visitIds: [] };
    let backupDone!: () => void;
    const stop = new Promise<void>((resolve) => (backupDone = resolve));
    const running = runTraffic(server.url, world, workforce, { ratePerSecond: 60, seconds: 120, stop, acked: live }, 'backup');
    // Every channel has been acknowledged at least once before the backup starts.
    await until(() => live.caseRefs.length > 0 && live.visitIds.length > 0 && ackedCount(live) >= 40, 'acknowledged calls and visits');
    before = copyOf(live);
    // Submissions keep coming while the backup runs.
    await takeBackup(world.dir, backupDir);
    // A little more traffic after the backup, so the live store moves past it.
    const after = ackedCount(live);
    await until(() => ackedCount(live) >= after + 10, 'submissions after the backup');
    backupDone();
    traffic = await running;
    await expect(restoreBackup(world.dir, backupDir)).rejects.toBeInstanceOf(RestoreRefused);
  } finally {
    await server.kill('SIGTERM');
  }

  const restoredDir = path.join(scratch, 'restored');
  await restoreBackup(restoredDir, backupDir);
  const restored = { ...world, dir: restoredDir };
  for (const rel of [photo, mail]) expect(fs.readFileSync(path.join(restoredDir, rel))).toEqual(fs.readFileSync(path.join(world.dir, rel)));
  const fromBefore = await storedFacts(restored, before);
  expect({
    missing: fromBefore.missing,
    duplicated: fromBefore.duplicated,
    unlinked: fromBefore.unlinked,
    rollupMismatches: fromBefore.rollupMismatches,
  }).toEqual({ missing: [], duplicated: [], unlinked: [], rollupMismatches: 0 });
  // Nothing in the copy that was never acknowledged; and the live store went on past it.
  expect((await storedFacts(restored, traffic.acked)).unacknowledged).toBe(0);
  const live = await storedFacts(world, traffic.acked);
  expect(live.missing).toEqual([]);
  expect(live.responses).toBeGreaterThan(fromBefore.responses);
}, 300_000);
