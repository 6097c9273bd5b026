/**
 * Proof 4, load: submissions at a target rate for a bounded time across the
 * survey link form, the ingestion API, completed follow-up calls (next case →
 * outcome) and approved mystery visits (report → QA approval), with dashboard
 * sockets connected; error rate, p50/p99 latency and the achieved rate against
 * the target; each acknowledged submission counted once and rollups equal a
 * rebuild afterwards.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { measureCpu, type CpuSplit } from './loadCpu';
import { startServerProcess } from './server';
import type { ProofResult } from './result';
import { sessionCookie } from './submissions';
import { ackedCount, describeFailures, runTraffic, signIn, worldFor } from './traffic';
import { storedFacts } from './verify';
import { buildProveWorld, removeWorld } from './world';

export const LOAD_TARGET_PER_SECOND = 500;
/** Issue 21: at that rate, 99% of submissions acknowledged within this many ms. */
export const LOAD_P99_TARGET_MS = 250;

/** Dashboard sockets of one analyst session (one login, as many tabs). */
async function openDashboards(url: string, cookie: string, n: number): Promise<Socket[]> {
  const open = () =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, timeout: 20_000 });
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  const sockets: Socket[] = [];
  for (let i = 0; i < n; i += 20) sockets.push(...(await Promise.all(Array.from({ length: Math.min(20, n - i) }, open))));
  return sockets;
}

const percent = (share: number) => `${(share * 100).toFixed(0)}%`;

/** Where the CPU went: a generator taking much of a core caps the server on a small machine. */
function describeCpu(c: CpuSplit): string {
  const server =
    c.serverMsPerSubmission === null
      ? 'server CPU not measured (no /proc)'
      : `server CPU ${c.serverMsPerSubmission.toFixed(2)} ms per submission, ${c.serverMsPerRequest!.toFixed(2)} ms per request, ${percent(c.serverShare!)} of a core`;
  return `${server}; generator ${c.generatorMsPerRequest.toFixed(2)} ms per request, ${percent(c.generatorShare)} of a core; load average ${c.loadAverage.map((l) => l.toFixed(1)).join(' → ')}`;
}

export async function proveLoad(opts: {
  ratePerSecond: number;
  seconds: number;
  sockets: number;
  target?: number;
  p99TargetMs?: number;
}): Promise<ProofResult> {
  const target = opts.target ?? LOAD_TARGET_PER_SECOND;
  const p99Target = opts.p99TargetMs ?? LOAD_P99_TARGET_MS;
  const world = await buildProveWorld(worldFor(opts.seconds * opts.ratePerSecond));
  const server = await startServerProcess(world.dir);
  let sockets: Socket[] = [];
  try {
    sockets = await openDashboards(server.url, await sessionCookie(server.url, world.analystEmail), opts.sockets);
    let updates = 0;
    for (const s of sockets) s.on('scores:changed', () => updates++);
    const workforce = await signIn(server.url, world);
    const cpu = measureCpu(server.child.pid!);
    const traffic = await runTraffic(server.url, world, workforce, { ratePerSecond: opts.ratePerSecond, seconds: opts.seconds }, 'load');
    const split = cpu.stop(ackedCount(traffic.acked), traffic.requests);
    await new Promise((resolve) => setTimeout(resolve, 700)); // one coalescing interval for the last update
    const connected = sockets.filter((s) => s.connected).length;
    await server.kill('SIGTERM');
    const facts = await storedFacts(world, traffic.acked);
    const acked = ackedCount(traffic.acked);
    const errorRate = traffic.sent ? traffic.errors / traffic.sent : 0;
    const meetsTarget = traffic.achievedPerSecond >= target * 0.98;
    const meetsLatency = traffic.p99 <= p99Target;
    const exact =
      traffic.errors === 0 &&
      !facts.missing.length &&
      !facts.duplicated.length &&
      !facts.unlinked.length &&
      facts.unacknowledged === 0 &&
      facts.rollupMismatches === 0 &&
      connected === sockets.length;
    const mix = Object.entries(traffic.byKind)
      .map(([k, v]) => `${k} ${v.acked}`)
      .join(', ');
    return {
      name: 'load',
      pass: exact && meetsTarget && meetsLatency,
      figures:
        `offered ${opts.ratePerSecond}/s for ${opts.seconds} s → achieved ${traffic.achievedPerSecond.toFixed(0)}/s vs target ${target}/s ${meetsTarget ? 'met' : 'NOT MET'}; ` +
        `${acked} acked (${mix}); errors ${(errorRate * 100).toFixed(2)}% (${describeFailures(traffic.failures)}${traffic.firstError ? `, first: ${traffic.firstError.slice(0, 80)}` : ''}); ` +
        `submit p50 ${traffic.p50.toFixed(0)} ms, p99 ${traffic.p99.toFixed(0)} ms vs target ≤ ${p99Target} ms ${meetsLatency ? 'met' : 'NOT MET'} (call outcome / QA approval / form / API post; before them: next case p99 ${traffic.stepP99.claim.toFixed(0)} ms, shopper report p99 ${traffic.stepP99.report.toFixed(0)} ms); ` +
        `${describeCpu(split)}; ` +
        `${connected}/${sockets.length} sockets stayed connected, ${updates} scores:changed received; missing ${facts.missing.length}, doubled ${facts.duplicated.length}, unlinked ${facts.unlinked.length}, unacknowledged ${facts.unacknowledged}, rollup diffs ${facts.rollupMismatches}`,
    };
  } finally {
    for (const s of sockets) s.close();
    await server.kill('SIGKILL');
    removeWorld(world);
  }
}
