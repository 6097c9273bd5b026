/**
 * A full disk, for real: DATA_DIR on a small tmpfs, filled to the last byte
 * while the built server takes submissions. Writes then answer 503 with
 * Retry-After and code store_unavailable (never 500), /readyz is false and
 * says why, nothing acknowledged is lost, and once room is made readiness and
 * submissions come back without a restart. Needs root for the mount (the test
 * machines run as root); elsewhere it is skipped, saying so.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess } from '../../scripts/prove/server';
import { ANSWERS } from '../../scripts/prove/submissions';
import { ackedCount, runTraffic, signIn, worldFor, type Acked, type Used } from '../../scripts/prove/traffic';
import { storedFacts } from '../../scripts/prove/verify';
import { buildProveWorld, removeWorld, type ProveWorld } from '../../scripts/prove/world';
import { PROCESS_WAIT_MS } from '../helpers/timeouts';
import { waitUntil } from '../helpers/wait';

const TMPFS_MB = 64;

/** Whether this machine lets us mount a tmpfs (root, and a kernel that allows it here). */
function canMount(): boolean {
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

const mountable = canMount();
if (!mountable) console.warn('disk-full test skipped: cannot mount a tmpfs here (needs root)');

let world: ProveWorld;
let mnt: string;
let onTmpfs: ProveWorld;

beforeAll(async () => {
  if (!mountable) return;
  world = await buildProveWorld(worldFor(300));
  mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_MB}m`, 'tmpfs', mnt]);
  fs.cpSync(world.dir, mnt, { recursive: true });
  onTmpfs = { ...world, dir: mnt };
}, 120_000);

afterAll(() => {
  if (!mountable) return;
  execFileSync('umount', [mnt]);
  fs.rmSync(mnt, { recursive: true, force: true });
  removeWorld(world);
});

/** Writes a file until the disk refuses another byte. */
function fillDisk(dir: string): string {
  const file = path.join(dir, 'filler');
  const fd = fs.openSync(file, 'w');
  try {
    for (const size of [1 << 20, 4096, 1]) {
      const chunk = Buffer.alloc(size, 1);
      for (;;) {
        try {
          fs.writeSync(fd, chunk);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw err;
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

/** Probes until it yields a value (a refusal, readiness): waitUntil with the deadline for a spawned server. */
async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  return (await waitUntil(probe, (value) => value !== undefined, what, PROCESS_WAIT_MS)) as T;
}

interface Ready {
  ready: boolean;
  lastWrite: { ok: boolean; reason?: string };
  disk: { ok: boolean; reason?: string };
}
/** A survey through the ingestion API, as submitViaApi sends it, keeping the whole answer. */
const submitSurvey = (url: string, key: string) =>
  fetch(`${url}/api/v1/responses`, {
    method: 'POST',
    headers: { authorization: `Bearer ${onTmpfs.apiToken}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({
      templateId: onTmpfs.templates.survey.templateId,
      templateVersion: onTmpfs.templates.survey.version,
      siteCode: onTmpfs.siteCode,
      channel: 'survey',
      answers: ANSWERS.survey,
    }),
  });

const readyz = async (url: string) => {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Ready };
};

(mountable ? test : test.skip)(
  'a full disk gives 503 and readiness false, loses nothing acknowledged, and recovers without a restart',
  async () => {
    const server = await startServerProcess(mnt, { READY_MIN_FREE_MB: '1' });
    const acked: Acked = { apiKeys: [], recipientIds: [], caseRefs: [], visitIds: [] };
    let used: Used = { links: 0, visits: 0 };
    const workforce = await signIn(server.url, onTmpfs);
    /** Traffic until `more` further acknowledgements; failures by label. */
    const trafficUntil = async (more: number, runId: string) => {
      const target = ackedCount(acked) + more;
      let enough!: () => void;
      const stop = new Promise<void>((resolve) => (enough = resolve));
      const running = runTraffic(server.url, onTmpfs, workforce, { ratePerSecond: 40, seconds: 120, stop, acked, maxInFlight: 32 }, runId, used);
      await until(async () => (ackedCount(acked) >= target ? true : undefined), `${more} acknowledgements`);
      enough();
      const result = await running;
      used = result.used;
      return [...result.failures].filter(([label]) => !label.endsWith('no case left'));
    };
    try {
      expect(await trafficUntil(30, 'before')).toEqual([]);
      expect((await readyz(server.url)).body.ready).toBe(true);

      const filler = fillDisk(mnt);
      // Writes that still fit (pages SQLite already holds) are acknowledged and count; the first that needs room is refused.
      let n = 0;
      const refused = await until(async () => {
        const key = `full-${n++}`;
        const res = await submitSurvey(server.url, key);
        if (res.status !== 201 && res.status !== 200) return res;
        acked.apiKeys.push(key);
        return undefined;
      }, 'a write refused for want of room');
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('30');
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('store_unavailable');
      const full = await readyz(server.url);
      expect(full.status).toBe(503);
      expect(full.retryAfter).toBe('30');
      expect(full.body).toMatchObject({ ready: false, disk: { ok: false, reason: 'disk_low' } });
      // The probe write may itself fit in a page SQLite already holds: then the last write did succeed, and only the disk says why.
      if (!full.body.lastWrite.ok) expect(full.body.lastWrite.reason).toMatch(/^(SQLITE_FULL|SQLITE_IOERR|ENOSPC)/);

      // Room again: readiness comes back by itself (its probe write succeeds), and so do submissions.
      fs.rmSync(filler);
      await until(async () => ((await readyz(server.url)).body.ready ? true : undefined), 'readiness after room was made');
      expect(await trafficUntil(20, 'after')).toEqual([]);
    } finally {
      await server.kill('SIGTERM');
    }
    expect(server.child.exitCode).toBe(0);
    const facts = await storedFacts(onTmpfs, acked);
    expect({ missing: facts.missing, duplicated: facts.duplicated, unlinked: facts.unlinked, rollupMismatches: facts.rollupMismatches }).toEqual({
      missing: [],
      duplicated: [],
      unlinked: [],
      rollupMismatches: 0,
    });
  },
  400_000,
);
