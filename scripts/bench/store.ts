/**
 * Embedded store benchmark: N synthetic survey responses (~30 answers, 50
 * sites, one enterprise, 12 months) in batches of 1,000, with the core indexes
 * maintained. Prints insert rate, memory, file size, reopen time and a
 * one-site-one-month read, then PASS/FAIL against our targets.
 *
 *   npm run bench:store -- [--n 1000000] [--dir path] [--ids random|ordered]
 *
 * --dir is kept; the default temp dir is deleted. --ids ordered uses time-prefixed
 * ids instead of randomUUID, to show what random keys cost the _id and dedupeKey B-trees.
 */
import { Presets, SingleBar } from 'cli-progress';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DB_FILE, openEmbeddedStore } from '../../server/store/embedded';
import { ensureCoreIndexes } from '../../server/store/indexes';
import type { Doc, Store } from '../../server/store/types';
import { DAY_MS } from '../../server/services/calendar';
import { mulberry32 } from '../../server/services/random';

const BATCH = 1000;
const SITES = 50;
const ENTERPRISE = 'ent-bench';
const START = Date.parse('2024-07-01T00:00:00.000Z');
const YEAR_MS = 365 * DAY_MS;
const TARGET_RSS_MB = 1536;
const TARGET_REOPEN_S = 10;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Responses arrive over time: submittedAt follows the insert order across 12 months, with minutes of jitter. */
function timePrefixedId(): string {
  const t = Date.now().toString(16).padStart(12, '0');
  return `${t.slice(0, 8)}-${t.slice(8)}${randomUUID().slice(13)}`;
}

function makeResponse(rand: () => number, position: number, newId: () => string): Doc {
  const answers = Array.from({ length: 30 }, (_, q) =>
    q % 10 === 9
      ? { questionId: `q${q + 1}`, value: rand() < 0.3 ? '服务热情，等待时间较短' : '' }
      : { questionId: `q${q + 1}`, value: 1 + Math.floor(rand() * 5) },
  );
  const id = newId();
  return {
    _id: id,
    enterpriseId: ENTERPRISE,
    siteId: `site-${String(Math.floor(rand() * SITES) + 1).padStart(2, '0')}`,
    templateId: 'tpl-csat',
    templateVersion: 3,
    channel: 'survey',
    locale: rand() < 0.8 ? 'zh-CN' : 'en',
    submittedAt: new Date(START + Math.floor(position * YEAR_MS + rand() * 600_000)).toISOString(),
    dedupeKey: `${ENTERPRISE}:${id}`,
    answers,
    score: Math.round(rand() * 1000) / 10,
  };
}

const mb = (bytes: number) => bytes / 1024 / 1024;
const peakRssMb = () => process.resourceUsage().maxRSS / 1024; // maxRSS is in kilobytes
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function fileSizeMb(dir: string): number {
  return mb(
    ['', '-wal', '-shm']
      .map((s) => path.join(dir, DB_FILE + s))
      .filter(existsSync)
      .reduce((sum, f) => sum + statSync(f).size, 0),
  );
}

async function insertAll(store: Store, n: number, newId: () => string) {
  const responses = store.collection('responses');
  const rand = mulberry32(42);
  const bar = new SingleBar({ format: 'inserting [{bar}] {percentage}% {value}/{total} {rate}/s RSS {rss} MB', hideCursor: true }, Presets.shades_classic);
  bar.start(n, 0, { rate: 0, rss: 0 });
  let insertMs = 0;
  let stringifyMs = 0;
  let rssMaxSampled = 0;
  for (let done = 0; done < n;) {
    const batch = Array.from({ length: Math.min(BATCH, n - done) }, (_, k) => makeResponse(rand, (done + k) / n, newId));
    let t = performance.now();
    let bytes = 0;
    for (const doc of batch) bytes += JSON.stringify(doc).length; // the baseline: serialising alone
    stringifyMs += performance.now() - t;
    if (bytes === 0) throw new Error('empty batch');
    t = performance.now();
    await responses.insertMany(batch);
    insertMs += performance.now() - t;
    done += batch.length;
    const rss = mb(process.memoryUsage().rss);
    rssMaxSampled = Math.max(rssMaxSampled, rss);
    bar.update(done, { rate: fmt(done / (insertMs / 1000)), rss: fmt(rss) });
    if (!process.stderr.isTTY && done % Math.max(BATCH, Math.floor(n / 10 / BATCH) * BATCH) === 0) {
      console.log(`  ${fmt(done)} inserted, ${fmt(done / (insertMs / 1000))}/s, RSS ${fmt(rss)} MB`);
    }
  }
  bar.stop();
  return { insertMs, stringifyMs, rssMaxSampled };
}

async function readOneSiteMonth(store: Store) {
  const t = performance.now();
  const rows = await store.collection('responses').find({
    enterpriseId: ENTERPRISE,
    siteId: 'site-07',
    submittedAt: { $gte: '2025-03-01T00:00:00.000Z', $lt: '2025-04-01T00:00:00.000Z' },
  });
  return { rows: rows.length, ms: performance.now() - t };
}

async function main(): Promise<void> {
  const n = Number(arg('n') ?? 1_000_000);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error('--n must be a positive integer');
  const ids = arg('ids') ?? 'random';
  if (ids !== 'random' && ids !== 'ordered') throw new Error('--ids must be random or ordered');
  const givenDir = arg('dir');
  const dir = givenDir ?? mkdtempSync(path.join(tmpdir(), 'servicestar-bench-'));
  console.log(`store benchmark: ${fmt(n)} responses (~30 answers, ${SITES} sites, 12 months) in batches of ${fmt(BATCH)}, ${ids} ids, into ${dir}`);

  try {
    let store = await openEmbeddedStore(dir);
    await ensureCoreIndexes(store);
    const { insertMs, stringifyMs, rssMaxSampled } = await insertAll(store, n, ids === 'ordered' ? timePrefixedId : randomUUID);
    const rate = n / (insertMs / 1000);
    const rssNow = mb(process.memoryUsage().rss);
    console.log(`insert: ${fmt(n)} in ${fmt(insertMs / 1000, 1)} s = ${fmt(rate)} inserts/s`);
    console.log(
      `baseline: JSON.stringify of the same batches ${fmt(stringifyMs / 1000, 2)} s; store insert cost vs serialising alone = ${fmt(insertMs / stringifyMs, 1)}x`,
    );
    console.log(`RSS: now ${fmt(rssNow)} MB, highest sampled ${fmt(rssMaxSampled)} MB, peak (maxRSS) ${fmt(peakRssMb())} MB`);
    console.log(`file size: ${fmt(fileSizeMb(dir))} MB (db + wal + shm)`);

    let t = performance.now();
    await store.close();
    const closeS = (performance.now() - t) / 1000;
    t = performance.now();
    store = await openEmbeddedStore(dir);
    await ensureCoreIndexes(store);
    const reopenS = (performance.now() - t) / 1000;
    console.log(`close: ${fmt(closeS, 3)} s, reopen (open + ensureCoreIndexes): ${fmt(reopenS, 3)} s, close+reopen ${fmt(closeS + reopenS, 3)} s`);

    const cold = await readOneSiteMonth(store);
    const warm = await readOneSiteMonth(store);
    console.log(`one site, one month: ${fmt(cold.rows)} rows in ${fmt(cold.ms, 1)} ms (first after reopen), ${fmt(warm.ms, 1)} ms (again)`);
    await store.close();

    const peak = peakRssMb();
    const rows: Array<[string, string, string, boolean | null]> = [
      ['inserts/s', fmt(rate), '—', null],
      ['peak RSS (maxRSS)', `${fmt(peak)} MB`, `≤ ${fmt(TARGET_RSS_MB)} MB`, peak <= TARGET_RSS_MB],
      ['close + reopen', `${fmt(closeS + reopenS, 3)} s`, `≤ ${TARGET_REOPEN_S} s`, closeS + reopenS <= TARGET_REOPEN_S],
      ['one site, one month', `${fmt(cold.rows)} rows, ${fmt(cold.ms, 1)} ms`, '—', null],
      ['file size', `${fmt(fileSizeMb(dir))} MB`, '—', null],
    ];
    console.log('\nsummary');
    console.table(rows.map(([measure, value, target, ok]) => ({ measure, value, target, result: ok === null ? '' : ok ? 'PASS' : 'FAIL' })));
    if (rows.some(([, , , ok]) => ok === false)) process.exitCode = 1;
  } finally {
    if (!givenDir) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
