/**
 * Two app processes writing to one embedded store: which way of sharing
 * SQLite's single write lock is faster?
 *   - async retry: each process writes itself; a busy lock fails at once and
 *     is retried on a timer (server/store/embedded-lock.ts, what we ship);
 *   - one writer: the processes send their writes over IPC to one process
 *     that owns every write.
 * Baseline in the same run: one process alone. Each write is submission-like
 * (a response document, a rollup $inc upsert, a job row in one transaction),
 * preceded by CPU work the requesting process does itself (validation,
 * scoring). Prints writes/s and each process's event-loop delay.
 *
 *   npm run build && node dist/scripts/bench/writers.js [--writes 4000] [--concurrency 32]
 */
import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openEmbeddedStore } from '../../server/store/embedded';
import { lockWaits } from '../../server/store/embedded-lock';
import type { Store } from '../../server/store/types';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

interface Submission {
  _id: string;
  siteId: string;
  answers: Array<{ q: string; v: number }>;
}

interface ChildReport {
  elapsedMs: number;
  loopP99Ms: number;
  loopMaxMs: number;
  lockRetries: number;
}

/** What a request does before it writes: ~0.3 ms of validation and scoring-like work. */
function prepare(i: number, pid: number): Submission {
  const answers = Array.from({ length: 30 }, (_, q) => ({ q: `q${q}`, v: (i * 7 + q) % 5 }));
  let digest = JSON.stringify(answers);
  for (let k = 0; k < 20; k++) digest = crypto.createHash('sha256').update(digest).digest('hex');
  return { _id: `${pid}-${i}-${digest.slice(0, 8)}`, siteId: `site-${i % 20}`, answers };
}

function write(store: Store, s: Submission): Promise<unknown> {
  return store.withTransaction(async (tx) => {
    await tx.collection('responses').insertOne({ ...s, at: new Date().toISOString() });
    await tx.collection('rollups').updateOne({ _id: s.siteId }, { $inc: { n: 1, sum: s.answers[0]!.v } }, { upsert: true });
    await tx.collection('jobs').insertOne({ _id: `job-${s._id}`, kind: 'alerts.evaluate', state: 'queued' });
  });
}

/** Runs `n` writes, `concurrency` at a time, through `send`. */
async function drive(n: number, concurrency: number, send: (s: Submission) => Promise<unknown>): Promise<ChildReport> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await send(prepare(next++, process.pid));
    }),
  );
  delay.disable();
  return { elapsedMs: performance.now() - started, loopP99Ms: delay.percentile(99) / 1e6, loopMaxMs: delay.max / 1e6, lockRetries: lockWaits.retries };
}

/** A child process: writes itself (async retry) or asks the parent to (one writer). */
async function child(mode: string, dir: string, n: number, concurrency: number): Promise<void> {
  const ready = new Promise<void>((resolve) => process.once('message', () => resolve()));
  process.send!({ ready: true });
  await ready; // start together
  let report: ChildReport;
  if (mode === 'retry') {
    const store = await openEmbeddedStore(dir);
    report = await drive(n, concurrency, (s) => write(store, s));
    await store.close();
  } else {
    const waiting = new Map<string, () => void>();
    process.on('message', (m: { done?: string }) => m.done && waiting.get(m.done)?.());
    report = await drive(n, concurrency, (s) => new Promise<void>((resolve) => (waiting.set(s._id, resolve), process.send!({ write: s }))));
  }
  process.send!({ report });
  process.disconnect();
}

async function run(mode: 'retry' | 'one-writer', processes: number, n: number, concurrency: number): Promise<{ perSecond: number; reports: ChildReport[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'servicestar-bench-writers-'));
  const writer = mode === 'one-writer' ? await openEmbeddedStore(dir) : null;
  if (!writer) await (await openEmbeddedStore(dir)).close(); // the file exists before the children race to open it
  const children = Array.from({ length: processes }, () => fork(__filename, ['--child', mode, dir, String(n / processes), String(concurrency / processes)]));
  const reports: ChildReport[] = [];
  const finished = children.map(
    (c) =>
      new Promise<void>((resolve) =>
        c.on('message', (m: { write?: Submission; report?: ChildReport }) => {
          if (m.write) void write(writer!, m.write).then(() => c.send({ done: m.write!._id }));
          if (m.report) {
            reports.push(m.report);
            resolve();
          }
        }),
      ),
  );
  await Promise.all(children.map((c) => new Promise((resolve) => c.once('message', resolve))));
  // The writer's own loop too: it does every write of both processes.
  const writerDelay = monitorEventLoopDelay({ resolution: 1 });
  if (writer) writerDelay.enable();
  const started = performance.now();
  for (const c of children) c.send({ go: true });
  await Promise.all(finished);
  const elapsed = performance.now() - started;
  writerDelay.disable();
  if (writer) reports.push({ elapsedMs: elapsed, loopP99Ms: writerDelay.percentile(99) / 1e6, loopMaxMs: writerDelay.max / 1e6, lockRetries: 0 });
  await writer?.close();
  rmSync(dir, { recursive: true, force: true });
  return { perSecond: (n / elapsed) * 1000, reports };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]!, process.argv[4]!, Number(process.argv[5]), Number(process.argv[6]));
  const n = arg('writes', 4000);
  const concurrency = arg('concurrency', 32);
  console.log(`writers bench: ${n} submission-like transactions, ${concurrency} in flight in all`);
  const line = (name: string, r: Awaited<ReturnType<typeof run>>) =>
    console.log(
      `${name.padEnd(34)} ${r.perSecond.toFixed(0).padStart(6)} writes/s   event loop p99 ${r.reports.map((x) => x.loopP99Ms.toFixed(1)).join(' / ')} ms, max ${r.reports.map((x) => x.loopMaxMs.toFixed(1)).join(' / ')} ms   lock retries ${r.reports.map((x) => x.lockRetries).join(' / ')}`,
    );
  line('baseline: 1 process', await run('retry', 1, n, concurrency));
  line('2 processes, async retry (shipped)', await run('retry', 2, n, concurrency));
  line('2 processes, one writer over IPC', await run('one-writer', 2, n, concurrency));
  console.log('(event loop and lock retries per process; the one-writer row ends with the writer itself)');
}

void main();
