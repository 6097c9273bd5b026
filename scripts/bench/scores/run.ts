/**
 * The score benchmark as a function (the CLI in ../scores.ts prints it, a
 * jest test runs it small): generate responses, time a full rollup rebuild
 * (and prove it equals the generated rollups), then time score queries from
 * rollups against a scan of the raw responses (and prove them equal).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Doc } from '../../../server/store/types';
import { getScores, type ScoreReport } from '../../../server/services/scores/query';
import { rebuildRollups, type RebuildSummary } from '../../../server/services/scores/rebuild';
import type { Channel } from '../../../server/services/templates/types';
import { differences, rollupDigest } from './compare';
import { generateResponses, type GenerateSummary } from './generate';
import { timed, type Latency } from './latency';
import { scanScores, type ScanResult, type ScoreScope } from './scan';
import { createBenchWorld, openKeptWorld, type BenchWorld } from './setup';
import { dataWindow, lastDayOf, lastWholeQuarter } from './window';

export interface BenchOptions {
  responses: number;
  sites: number;
  /** getScores calls per scenario (timed). */
  queryRuns: number;
  /** Raw scans per scenario (timed; each reads the raw responses). */
  scanRuns: number;
  /** Kept when given; a temp dir otherwise (deleted). */
  dataDir?: string;
  /** Reuse the data a run with this dataDir generated and time only the rebuilds (no queries, no scans). */
  reuse?: boolean;
  /** Progress of the long phases: generation and rebuild. */
  onPhase?: (phase: 'generate' | 'rebuild', total: number) => { update(done: number): void; stop(): void };
}

export interface ScenarioResult {
  name: string;
  scope: ScoreScope;
  rollup: Latency;
  scan: Latency;
  scanRead: number;
  cpsq: number | null;
  responses: number;
  /** Where rollup and scan answers differ (empty: equal to 1e-9). */
  differences: string[];
}

export interface BenchReport {
  options: Omit<BenchOptions, 'onPhase'>;
  generate: Omit<GenerateSummary, 'digest'>;
  scenarios: ScenarioResult[];
  /** equalsGenerated: the rebuilt rollups are the generated ones (built as submissions build them), document for document. */
  rebuild: RebuildSummary & { equalsGenerated: boolean; cpuMs: number };
  /** The rebuild again after every cell drifted (the swap writes them all): its worst case. */
  repair: RebuildSummary & { equalsGenerated: boolean; cpuMs: number };
  rssMb: number;
  peakRssMb: number;
  /** The process's peak right after the rebuilds: the rebuild's own with --reuse (nothing generated before it). */
  peakRssAfterRebuildMb: number;
}

function scenarios(world: BenchWorld): Array<{ name: string; scope: ScoreScope }> {
  const window = dataWindow(world.tzOffsetMinutes);
  const month = window.months[5]!;
  const site = world.sites[Math.floor(world.sites.length / 3)]!;
  return [
    { name: 'enterprise, 12 months', scope: { from: window.firstDay, to: window.lastDay } },
    { name: `one site (${site.code}), one month`, scope: { siteId: site._id, from: `${month}-01`, to: lastDayOf(month) } },
    { name: `one site (${site.code}), one quarter`, scope: { siteId: site._id, ...lastWholeQuarter(window) } },
    { name: 'enterprise, call channel, one month', scope: { channel: 'call' as Channel, from: `${month}-01`, to: lastDayOf(month) } },
  ];
}

const query = (world: BenchWorld, scope: ScoreScope) => () => getScores(world.ctx, scope);

/** What a scan and a query must agree on: the whole CPSQ result and, for the enterprise, every site's CPSQ. */
function compareAnswers(report: ScoreReport, scan: ScanResult): string[] {
  const { scope: _scope, settings: _settings, bySite, ...result } = report;
  const sites = bySite?.map(({ siteId, cpsq, responses, gate }) => ({ siteId, cpsq, responses, gate }));
  return differences({ result, sites }, { result: scan.result, sites: scan.bySite });
}

async function rollupDocs(ctx: BenchWorld['ctx']): Promise<Doc[]> {
  const docs: Doc[] = [];
  for await (const d of ctx.store.collection('rollups').iterate({}, { batchSize: 5000 })) docs.push(d);
  return docs;
}

type TimedRebuild = BenchReport['rebuild'];

/** The generation's summary beside the data it made, so --reuse can check a rebuild against it. */
const SUMMARY_FILE = 'bench-generated.json';

/** Times the rebuild twice: as it is, then after every cell drifted (the swap must rewrite them all). */
async function timeRebuilds(
  ctx: BenchWorld['ctx'],
  generate: GenerateSummary,
  onPhase: BenchOptions['onPhase'],
): Promise<{ rebuild: TimedRebuild; repair: TimedRebuild }> {
  const timedRebuild = async (): Promise<TimedRebuild> => {
    const bar = onPhase?.('rebuild', generate.counted);
    const cpu = process.cpuUsage();
    const summary = await rebuildRollups(ctx, (done) => bar?.update(done));
    const used = process.cpuUsage(cpu);
    bar?.stop();
    const cpuMs = (used.user + used.system) / 1000;
    return { ...summary, cpuMs, equalsGenerated: rollupDigest(await rollupDocs(ctx)) === generate.digest };
  };
  const rebuild = await timedRebuild();
  // Every cell off by one: the rebuild must write them all back.
  await ctx.store.collection('rollups').updateMany({}, { $inc: { responses: 1 } });
  return { rebuild, repair: await timedRebuild() };
}

async function reuseRun(options: BenchOptions): Promise<BenchReport> {
  if (!options.dataDir) throw new Error('--reuse needs --dir: the data dir a run with --dir left behind');
  const generate = JSON.parse(readFileSync(path.join(options.dataDir, SUMMARY_FILE), 'utf8')) as GenerateSummary;
  const world = await openKeptWorld(options.dataDir);
  try {
    const { rebuild, repair } = await timeRebuilds(world.ctx, generate, options.onPhase);
    const { digest: _digest, ...shownGenerate } = generate;
    const { onPhase: _onPhase, ...shown } = options;
    const peak = process.resourceUsage().maxRSS / 1024;
    return {
      options: shown,
      generate: shownGenerate,
      scenarios: [],
      rebuild,
      repair,
      rssMb: process.memoryUsage().rss / 1024 / 1024,
      peakRssMb: peak,
      peakRssAfterRebuildMb: peak,
    };
  } finally {
    await world.store.close();
  }
}

export async function runScoresBenchmark(options: BenchOptions): Promise<BenchReport> {
  if (options.reuse) return reuseRun(options);
  const dir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'servicestar-bench-scores-'));
  const world = await createBenchWorld(dir, options.sites);
  try {
    const bar = options.onPhase?.('generate', options.responses);
    const generated = await generateResponses(world, dataWindow(world.tzOffsetMinutes), options.responses, (done) => bar?.update(done));
    bar?.stop();
    if (options.dataDir) writeFileSync(path.join(dir, SUMMARY_FILE), JSON.stringify(generated));
    const { digest: _digest, ...generate } = generated;

    // The rebuild runs first, as in its own process (npm run rebuild:rollups), before the scans fill the heap.
    const { rebuild, repair } = await timeRebuilds(world.ctx, generated, options.onPhase);
    const peakRssAfterRebuildMb = process.resourceUsage().maxRSS / 1024;

    // Then every scope: getScores from the rebuilt rollups, timed, against a scan of the raw responses.
    const results: ScenarioResult[] = [];
    for (const { name, scope } of scenarios(world)) {
      const rollup = await timed(query(world, scope), options.queryRuns, Math.min(5, options.queryRuns));
      const scan = await timed(() => scanScores(world.ctx, scope, world.tzOffsetMinutes), options.scanRuns);
      const responses = Object.values(rollup.last.channels).reduce((n, c) => n + c.responses, 0);
      results.push({
        name,
        scope,
        rollup: rollup.latency,
        scan: scan.latency,
        scanRead: scan.last.read,
        cpsq: rollup.last.cpsq.score,
        responses,
        differences: compareAnswers(rollup.last, scan.last),
      });
    }
    const { onPhase: _onPhase, ...shown } = options;
    return {
      options: shown,
      generate,
      scenarios: results,
      rebuild,
      repair,
      rssMb: process.memoryUsage().rss / 1024 / 1024,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      peakRssAfterRebuildMb,
    };
  } finally {
    await world.store.close();
    if (!options.dataDir) rmSync(dir, { recursive: true, force: true });
  }
}
