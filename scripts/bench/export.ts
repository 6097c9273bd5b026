/**
 * Export benchmark: 1,000,000 responses exported as CSV and as XLSX through
 * the same service and sinks as GET /api/v1/exports/responses, into a
 * consumer that drains like a socket (64 KB buffer, asynchronous writes).
 * Prints rows/s, bytes and peak RSS against a baseline measured in the same
 * run: the RSS after opening the store, before exporting. Each format runs in
 * a fresh child process, so generation and the other format leave no trace.
 *
 *   npm run bench:export -- [--n 1000000] [--dir path]
 *
 * --dir is kept (and reused when it already holds the responses); the default temp dir is deleted.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Presets, SingleBar } from 'cli-progress';
import { systemActor, tenantContext } from '../../server/services/context';
import { resolveScope } from '../../server/services/dashboard/filters';
import { responseExport } from '../../server/services/exports/responses';
import { type ExportFormat, sinkFor } from '../../server/services/exports/sinks';
import { DB_FILE, openEmbeddedStore } from '../../server/store/embedded';
import { createBenchWorld } from './scores/setup';
import { generateResponses } from './scores/generate';
import { dataWindow } from './scores/window';

const MB = 1024 * 1024;
/** Peak RSS may grow at most this much over the baseline: a streamed export holds batches, not the export. */
const TARGET_GROWTH_MB = 256;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** A consumer like a client socket: a small buffer, each chunk acknowledged on a later tick. */
function socketLike(): Writable & { bytes: number } {
  const sink = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, done) {
      sink.bytes += chunk.length;
      setImmediate(done);
    },
  }) as Writable & { bytes: number };
  sink.bytes = 0;
  return sink;
}

/** Child: open the store, take the baseline, export once, print one JSON line. */
async function measure(dir: string, format: ExportFormat): Promise<void> {
  const store = await openEmbeddedStore(dir);
  const enterprise = await store.collection<{ _id: string; code: string }>('enterprises').findOne({ code: 'bench-huaxing' });
  if (!enterprise) throw new Error(`no benchmark enterprise in ${dir}`);
  const ctx = tenantContext(store, systemActor(enterprise._id));
  const window = dataWindow(480);
  const scope = await resolveScope(ctx, { from: window.firstDay, to: window.lastDay });
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const started = performance.now();
  const rows = await responseExport(ctx, scope);
  const out = socketLike();
  const finished = new Promise((resolve) => out.on('finish', resolve));
  const sink = await sinkFor(format, out, 'responses', rows.header);
  const count = await rows.write(sink, () => false);
  await sink.end();
  await finished;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  await store.close();
  console.log(JSON.stringify({ format, rows: count, seconds, bytes: out.bytes, baseline, peak }));
}

async function main(): Promise<void> {
  const child = process.argv.indexOf('--measure');
  if (child >= 0) return measure(process.argv[child + 1]!, process.argv[child + 2] as ExportFormat);

  const n = Number(arg('n') ?? 1_000_000);
  const keep = arg('dir');
  const dir = keep ?? mkdtempSync(path.join(tmpdir(), 'servicestar-bench-export-'));
  try {
    if (!existsSync(path.join(dir, DB_FILE))) {
      const world = await createBenchWorld(dir, 50);
      const bar = new SingleBar({ format: 'generating {bar} {value}/{total} responses' }, Presets.shades_classic);
      bar.start(n, 0);
      const summary = await generateResponses(world, dataWindow(world.tzOffsetMinutes), n, (done) => bar.update(done));
      bar.stop();
      console.log(`generated ${summary.responses} responses (${summary.counted} counted) in ${(summary.ms / 1000).toFixed(1)} s`);
      await world.store.close();
    }
    const results = [];
    for (const format of ['csv', 'xlsx'] as const) {
      console.log(`exporting ${format}…`);
      const run = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', process.argv[1]!, '--measure', dir, format], { encoding: 'utf8', maxBuffer: 16 * MB });
      if (run.status !== 0) throw new Error(`${format} export failed:\n${run.stderr}`);
      results.push(JSON.parse(run.stdout.trim().split('\n').pop()!));
    }
    console.log('\nformat  rows        seconds  rows/s    size MB  baseline RSS MB  peak RSS MB  growth MB');
    let ok = true;
    for (const r of results) {
      const growth = (r.peak - r.baseline) / MB;
      ok &&= growth <= TARGET_GROWTH_MB;
      console.log(
        `${r.format.padEnd(7)} ${String(r.rows).padEnd(11)} ${r.seconds.toFixed(1).padStart(7)}  ${Math.round(r.rows / r.seconds).toString().padStart(8)}  ${(r.bytes / MB).toFixed(1).padStart(7)}  ${(r.baseline / MB).toFixed(0).padStart(15)}  ${(r.peak / MB).toFixed(0).padStart(11)}  ${growth.toFixed(0).padStart(9)}`,
      );
    }
    console.log(`\n${ok ? 'PASS' : 'FAIL'}: peak RSS growth over the baseline ≤ ${TARGET_GROWTH_MB} MB for both formats`);
    if (!ok) process.exitCode = 1;
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
