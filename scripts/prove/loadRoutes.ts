/**
 * Where the load proof's server work goes, step by step: the same world and
 * the same requests as `prove --only load`, each step run on its own against
 * the real app listening in this process, so the store's statement counts
 * (reads and writes per collection) can be read around each step. Those do
 * not depend on how busy the machine is; CPU per request (this process: the
 * app and the client, whose share is the same for any build) does.
 *
 *   node dist/scripts/prove/loadRoutes.js [--n 400] [--parallel 16]
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { composeApp, openDeps } from '../../server/compose';
import { loadConfig } from '../../server/config';
import { acknowledged, approveVisit, claimNextCase, logCallCompleted, pool, submitViaApi, submitViaLink, submitVisitReport, type Sent } from './submissions';
import { signIn, worldFor } from './traffic';
import { buildProveWorld, removeWorld } from './world';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive whole number`);
  return v;
};
const N = arg('n', 400);
const PARALLEL = arg('parallel', 16);

type Counts = Record<string, { reads: number; writes: number }>;

interface Step {
  name: string;
  failed: number;
  cpuMs: number;
  /** Per request, by collection. */
  statements: Array<{ name: string; reads: number; writes: number }>;
}

const per = (n: number) => (v: number) => Math.round((v / n) * 100) / 100;

function difference(before: Counts, after: Counts): Step['statements'] {
  const each = per(N);
  return Object.entries(after)
    .map(([name, c]) => ({ name, reads: each(c.reads - (before[name]?.reads ?? 0)), writes: each(c.writes - (before[name]?.writes ?? 0)) }))
    .filter((c) => c.reads || c.writes)
    .sort((a, b) => b.reads + b.writes - (a.reads + a.writes));
}

async function main(): Promise<void> {
  // Each step runs N times: as many links, visits and call agents (an agent holds one case at a time).
  const world = await buildProveWorld({ ...worldFor(4 * N), agents: N });
  const config = loadConfig({ DATA_DIR: world.dir, SEED_DEMO: 'never', LOG_LEVEL: 'error', NODE_ENV: 'production', SMTP_URL: '' });
  const deps = await openDeps(config, pino({ level: 'error' }));
  const statements = () => (deps.store as unknown as { statementStats?(): Counts }).statementStats?.() ?? {};
  const server = http.createServer(composeApp(deps).app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const steps: Step[] = [];
  /** Runs `send` N times, PARALLEL at a time; the statements and CPU meanwhile are this step's. */
  const step = async (name: string, send: (i: number) => Promise<Sent>) => {
    const before = statements();
    const cpu = process.cpuUsage();
    const results = await pool(N, PARALLEL, send);
    const used = process.cpuUsage(cpu);
    steps.push({
      name,
      failed: results.filter((s) => !acknowledged(s)).length,
      cpuMs: (used.user + used.system) / 1000,
      statements: difference(before, statements()),
    });
  };
  try {
    const workforce = await signIn(url, world);
    // A first round warms the app's code paths, so the measured steps do not pay for compilation.
    await pool(Math.min(50, N), PARALLEL, (i) => submitViaApi(url, world, 'survey', `warm-${i}`));
    await step('API post (survey)', (i) => submitViaApi(url, world, 'survey', `routes-${i}`));
    await step('link form post', (i) => submitViaLink(url, world.recipients[i]!.token));
    // Every agent claims one case, then every agent logs it completed: the two steps measured apart.
    const claimed: string[] = [];
    await step('call: next case', async (i) => {
      const claim = await claimNextCase(url, workforce.agents[i]!, world.calls.listId);
      const c = claim.body?.case as { _id: string } | null | undefined;
      if (c) claimed[i] = c._id;
      return c ? claim : { ...claim, status: 0, error: 'no case left' };
    });
    await step('call: completed outcome', (i) => logCallCompleted(url, workforce.agents[i]!, claimed[i] ?? 'none'));
    const visits = world.mystery.visits;
    await step('visit: shopper report', (i) => submitVisitReport(url, workforce.shoppers[visits[i]!.shopper]!, visits[i]!));
    await step('visit: QA approval', (i) => approveVisit(url, workforce.reviewer, visits[i]!));
  } finally {
    server.close();
    await deps.store.close();
    removeWorld(world);
  }
  for (const s of steps) {
    const reads = s.statements.reduce((n, c) => n + c.reads, 0);
    const writes = s.statements.reduce((n, c) => n + c.writes, 0);
    console.log(
      `${s.name.padEnd(26)} ${reads.toFixed(2).padStart(5)} reads ${writes.toFixed(2).padStart(5)} writes  CPU ${(s.cpuMs / N).toFixed(2).padStart(5)} ms/request${s.failed ? `  FAILED ${s.failed}` : ''}`,
    );
    console.log(`    ${s.statements.map((c) => `${c.name} ${c.reads}r/${c.writes}w`).join(', ')}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
