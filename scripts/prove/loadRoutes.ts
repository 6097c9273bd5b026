/**
 * Where the load proof's server CPU goes, step by step: the same world and the
 * same requests as `prove --only load`, but each step run on its own against a
 * real server process, with the server's CPU per request read from /proc
 * before and after. A loaded machine slows every step alike; CPU per request
 * stays comparable between two builds measured in the same run.
 *
 *   node dist/scripts/prove/loadRoutes.js [--n 400] [--parallel 16]
 */
import { processTreeCpuMs } from './loadCpu';
import { startServerProcess } from './server';
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

interface Step {
  name: string;
  requests: number;
  failed: number;
  cpuMs: number;
}

async function main(): Promise<void> {
  // Each step runs N times; calls and visits are seeded for it, links and API posts need no more.
  const world = await buildProveWorld({ ...worldFor(4 * N), agents: N });
  const server = await startServerProcess(world.dir);
  const pid = server.child.pid!;
  const steps: Step[] = [];
  /** Runs `send` N times, PARALLEL at a time, and charges the server's CPU meanwhile to this step. */
  const step = async (name: string, send: (i: number) => Promise<Sent>) => {
    const before = processTreeCpuMs(pid)!;
    const results = await pool(N, PARALLEL, send);
    steps.push({ name, requests: N, failed: results.filter((s) => !acknowledged(s)).length, cpuMs: processTreeCpuMs(pid)! - before });
  };
  try {
    const workforce = await signIn(server.url, world);
    // A first round warms the server's code paths, so the measured steps do not pay for compilation.
    const warm = Math.min(50, N);
    await pool(warm, PARALLEL, (i) => submitViaApi(server.url, world, 'survey', `warm-${i}`));
    await step('API post (survey)', (i) => submitViaApi(server.url, world, 'survey', `routes-${i}`));
    await step('link form post', (i) => submitViaLink(server.url, world.recipients[i]!.token));
    // Every agent claims one case, then every agent logs it completed: the two steps measured apart.
    const claimed: string[] = [];
    await step('call: next case', async (i) => {
      const claim = await claimNextCase(server.url, workforce.agents[i]!, world.calls.listId);
      const c = claim.body?.case as { _id: string } | null | undefined;
      if (c) claimed[i] = c._id;
      return c ? claim : { ...claim, status: 0, error: 'no case left' };
    });
    await step('call: completed outcome', (i) => logCallCompleted(server.url, workforce.agents[i]!, claimed[i] ?? 'none'));
    const visits = world.mystery.visits;
    await step('visit: shopper report', (i) => submitVisitReport(server.url, workforce.shoppers[visits[i]!.shopper]!, visits[i]!));
    await step('visit: QA approval', (i) => approveVisit(server.url, workforce.reviewer, visits[i]!));
  } finally {
    await server.kill('SIGKILL');
    removeWorld(world);
  }
  for (const s of steps) {
    console.log(
      `${s.name.padEnd(30)} ${String(s.requests).padStart(6)} requests  server CPU ${(s.cpuMs / s.requests).toFixed(2).padStart(6)} ms per request${s.failed ? `  FAILED ${s.failed}` : ''}`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
