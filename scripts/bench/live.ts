/**
 * Live-update benchmark (issue 9): a real server process, N dashboard sockets of
 * one analyst, and open-loop API submissions at a target rate; prints how long
 * after a submission's HTTP acknowledgement the `scores:changed` event reaches
 * the dashboards. Target (issue 21): p99 ≤ 50 ms for leading-edge (first-in-window) events.
 *
 *   npm run bench:live -- [--sockets 200] [--rate 300] [--seconds 30] [--sites 10] [--in-flight 64] [--warm-up 3]
 */
import fs from 'node:fs';
import os from 'node:os';
import cliProgress from 'cli-progress';
import { startServerProcess, type ServerProcess } from '../prove/server';
import { runLoad } from './live/load';
import { measure, summary } from './live/measure';
import { openDashboards, sessionCookie, type Dashboards } from './live/sockets';
import { buildLiveWorld, LIVE_PASSWORD } from './live/world';

const arg = (name: string, fallback: number, max: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v < 1 || v > max) throw new Error(`--${name} must be a number from 1 to ${max}`);
  return v;
};
const SOCKETS = arg('sockets', 200, 5000);
const RATE = arg('rate', 300, 10_000);
const SECONDS = arg('seconds', 30, 600);
const SITES = arg('sites', 10, 500);
const IN_FLIGHT = arg('in-flight', 64, 5000);
/** The server's per-site throttle window (server/realtime/index.ts COALESCE_MS). */
const WINDOW_MS = 500;
const TARGET_P99_MS = 50;
/**
 * Submissions at the same rate before the measured run, whose events are reported apart: a server
 * that has run for days has compiled its hot paths, and so has the dashboard client. Without it,
 * the run's first events (every site's first window opens in the same few milliseconds, with cold
 * code on both sides) are most of the leading-edge sample.
 */
const WARM_UP_SECONDS = arg('warm-up', 3, 60);

async function main(): Promise<void> {
  const world = await buildLiveWorld(SITES);
  let server: ServerProcess | undefined;
  let dashboards: Dashboards | undefined;
  try {
    server = await startServerProcess(world.dir, { LOG_LEVEL: 'warn' });
    dashboards = await openDashboards(server.url, await sessionCookie(server.url, world.analystEmail, LIVE_PASSWORD), SOCKETS);
    console.log(
      `${SOCKETS} sockets, ${SITES} sites, target ${RATE}/s for ${SECONDS} s (≤ ${IN_FLIGHT} in flight), ${os.cpus().length} CPUs, store in ${world.dir}`,
    );
    const warm = await runLoad(server.url, world, { rate: RATE, seconds: WARM_UP_SECONDS, maxInFlight: IN_FLIGHT });
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 500)); // every window closes: the measured run opens them anew
    const cold = measure(warm.acks, dashboards.arrivals, WINDOW_MS);
    dashboards.forget();
    const bar = new cliProgress.SingleBar({ format: 'submitting [{bar}] {value}/{total} due', hideCursor: true }, cliProgress.Presets.shades_classic);
    bar.start(Math.round(RATE * SECONDS), 0);
    const load = await runLoad(server.url, world, { rate: RATE, seconds: SECONDS, maxInFlight: IN_FLIGHT, onTick: (n) => bar.update(n) });
    bar.stop();
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 500)); // the last window's event
    const connected = dashboards.sockets.filter((s) => s.connected).length;
    const events = dashboards.arrivals.reduce((n, a) => n + a.length, 0);
    const lat = measure(load.acks, dashboards.arrivals, WINDOW_MS);

    const achieved = load.acks.length / (load.elapsedMs / 1000);
    const errorCount = [...load.errors.values()].reduce((a, b) => a + b, 0);
    console.log(`submissions: due ${load.due}, acked ${load.acks.length}, errors ${errorCount}, skipped at the in-flight bound ${load.skipped}`);
    for (const [why, n] of load.errors) console.log(`  error ×${n}: ${why}`);
    console.log(
      `submit rate achieved ${achieved.toFixed(1)}/s vs target ${RATE}/s (${((achieved / RATE) * 100).toFixed(0)}%) over ${(load.elapsedMs / 1000).toFixed(1)} s`,
    );
    console.log(
      `sockets still connected ${connected}/${SOCKETS}; scores:changed received ${events} (${(events / SOCKETS).toFixed(0)} per socket); events naming an unknown response ${lat.unmatched}`,
    );
    console.log(`warm-up (not measured): ${warm.acks.length} submissions over ${WARM_UP_SECONDS} s before the run`);
    console.log(summary('  its ack → event, first in window', cold.leading));
    console.log(summary('ack → event, first in window', lat.leading));
    console.log(summary('send → event, first in window', lat.leadingFromSend));
    console.log(summary('ack → event, window end (coalesced)', lat.windowEnd));
    console.log(summary('ack → event covering it (every sub)', lat.coverage));
    console.log(`submission × socket pairs never covered by an event: ${lat.uncovered}`);
    const p99 = [...lat.leading].sort((a, b) => a - b)[Math.max(0, Math.ceil(0.99 * lat.leading.length) - 1)];
    // A server that falls behind answers late, and a late ack makes any event look early: no pass then.
    const keptUp = achieved >= RATE * 0.98;
    const pass = keptUp && p99 !== undefined && p99 <= TARGET_P99_MS && connected === SOCKETS && lat.uncovered === 0;
    console.log(
      `first-in-window p99 ${p99 === undefined ? 'n/a' : p99.toFixed(1) + ' ms'} vs target ≤ ${TARGET_P99_MS} ms: ${pass ? 'PASS' : 'FAIL'}` +
        (keptUp ? '' : ` (the server reached ${((achieved / RATE) * 100).toFixed(0)}% of the offered rate: its acks were late, so no latency figure holds)`),
    );
    process.exitCode = pass ? 0 : 1;
  } finally {
    dashboards?.close();
    // A clean stop first; a server that does not exit within 5 s is killed.
    if (server) await Promise.race([server.kill('SIGTERM'), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    await server?.kill('SIGKILL');
    fs.rmSync(world.dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
