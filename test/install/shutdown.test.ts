/**
 * SIGTERM under load: the built server, answering survey submissions from
 * every channel, stops accepting, finishes what is in flight and exits 0
 * (past SHUTDOWN_TIMEOUT_SECONDS it would exit 1); reopened, the store holds
 * every acknowledged submission exactly once and rollups equal a rebuild. Its
 * stdout is a pipe closed by the reader (EPIPE on every log line): logging
 * drops and counts the lines, and neither crashes nor hangs the server.
 */
import { startServerProcess } from '../../scripts/prove/server';
import { ackedCount, describeFailures, runTraffic, signIn, worldFor } from '../../scripts/prove/traffic';
import { storedFacts } from '../../scripts/prove/verify';
import { buildProveWorld, removeWorld, type ProveWorld } from '../../scripts/prove/world';

let world: ProveWorld;
beforeAll(async () => (world = await buildProveWorld(worldFor(400))), 120_000);
afterAll(() => removeWorld(world));

test('SIGTERM mid-load exits 0 within the deadline with every acknowledged submission stored once, while stdout is a broken pipe', async () => {
  const server = await startServerProcess(world.dir, { LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_SECONDS: '30' });
  // The reader goes away: from now on every log line meets EPIPE.
  server.child.stdout!.destroy();
  const workforce = await signIn(server.url, world);
  let signalled!: () => void;
  const sigterm = new Promise<void>((resolve) => (signalled = resolve));
  const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  // Once submissions are being acknowledged, SIGTERM lands among requests in flight.
  let dropped = 0;
  const terminate = (async () => {
    for (;;) {
      const ready = await fetch(`${server.url}/readyz`).then((r) => r.json() as Promise<{ log: { dropped: number } }>);
      dropped = ready.log.dropped;
      if (dropped >= 20) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    server.child.kill('SIGTERM');
    signalled();
  })();
  const traffic = await runTraffic(server.url, world, workforce, { ratePerSecond: 60, seconds: 60, stop: sigterm }, 'sigterm');
  await terminate;
  const code = await exited;

  expect({ code, stderr: server.output().slice(-2000) }).toEqual({ code: 0, stderr: expect.any(String) });
  // Log lines met the closed pipe and were counted, not thrown.
  expect(dropped).toBeGreaterThanOrEqual(20);
  expect(ackedCount(traffic.acked)).toBeGreaterThan(0);
  // Refused after the signal (connection refused or closed) is fine; an error answer is not.
  const answeredBadly = [...traffic.failures].filter(([label]) => !label.endsWith('no answer') && !label.endsWith('no case left'));
  expect(describeFailures(new Map(answeredBadly))).toBe('none');
  const facts = await storedFacts(world, traffic.acked);
  expect({ missing: facts.missing, duplicated: facts.duplicated, unlinked: facts.unlinked, rollupMismatches: facts.rollupMismatches }).toEqual({ missing: [], duplicated: [], unlinked: [], rollupMismatches: 0 });
}, 240_000);
