/**
 * SIGTERM under load: the built server, answering survey submissions from
 * every channel, stops accepting, finishes what is in flight and exits 0
 * (past SHUTDOWN_TIMEOUT_SECONDS it would exit 1); reopened, the store holds
 * every acknowledged submission exactly once and rollups equal a rebuild. Its
 * stdout is a pipe closed by the reader (EPIPE on every log line): logging
 * drops and counts the lines, and neither crashes nor hangs the server.
 */
import http from 'node:http';
import { ANSWERS } from '../../scripts/prove/submissions';
import { startServerProcess } from '../../scripts/prove/server';
import { ackedCount, describeFailures, runTraffic, signIn, worldFor } from '../../scripts/prove/traffic';
import { storedFacts } from '../../scripts/prove/verify';
import { buildProveWorld, removeWorld, type ProveWorld } from '../../scripts/prove/world';
import { draining } from '../helpers/serverData';
import { PROCESS_WAIT_MS } from '../helpers/timeouts';
import { waitUntil } from '../helpers/wait';

let world: ProveWorld;

/**
 * A survey submission the server has begun (it answered "100 Continue" to its
 * headers) whose body is held back until `finish` is called: a request
 * certainly in flight when the signal lands.
 */
function heldSubmission(url: string, key: string): Promise<{ finish(): Promise<number> }> {
  const body = Buffer.from(
    JSON.stringify({
      templateId: world.templates.survey.templateId,
      templateVersion: world.templates.survey.version,
      siteCode: world.siteCode,
      channel: 'survey',
      answers: ANSWERS.survey,
    }),
  );
  const req = http.request(`${url}/api/v1/responses`, {
    method: 'POST',
    agent: false,
    headers: {
      authorization: `Bearer ${world.apiToken}`,
      'content-type': 'application/json',
      'content-length': body.length,
      'idempotency-key': key,
      expect: '100-continue',
    },
  });
  const status = new Promise<number>((resolve, reject) => {
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
  });
  // Heard by finish(); until then a hang-up must not count as unhandled.
  status.catch(() => undefined);
  return new Promise((resolve, reject) => {
    req.once('error', reject);
    req.once('continue', () => resolve({ finish: () => (req.end(body), status) }));
    req.flushHeaders();
  });
}

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
  let held!: { finish(): Promise<number> };
  const terminate = (async () => {
    const readyz = () => fetch(`${server.url}/readyz`).then((r) => r.json() as Promise<{ log: { dropped: number } }>);
    dropped = (await waitUntil(readyz, (ready) => ready.log.dropped >= 20, '20 log lines dropped on the closed pipe', PROCESS_WAIT_MS)).log.dropped;
    held = await heldSubmission(server.url, 'held-across-sigterm');
    server.child.kill('SIGTERM');
    signalled();
  })();
  const traffic = await runTraffic(server.url, world, workforce, { ratePerSecond: 60, seconds: 60, stop: sigterm }, 'sigterm');
  await terminate;
  // The signal has landed (no new connections, or readiness says stopping); the held request still gets its answer.
  await waitUntil(
    () => draining(server.url),
    (yes) => yes,
    'the server to stop taking connections or say it is stopping',
    PROCESS_WAIT_MS,
  );
  expect(await held.finish()).toBe(201);
  traffic.acked.apiKeys.push('held-across-sigterm');
  const code = await exited;

  expect({ code, stderr: server.output().slice(-2000) }).toEqual({ code: 0, stderr: expect.any(String) });
  // Log lines met the closed pipe and were counted, not thrown.
  expect(dropped).toBeGreaterThanOrEqual(20);
  expect(ackedCount(traffic.acked)).toBeGreaterThan(0);
  // Refused after the signal (connection refused or closed) is fine; an error answer is not.
  const answeredBadly = [...traffic.failures].filter(([label]) => !label.endsWith('no answer') && !label.endsWith('no case left'));
  expect(describeFailures(new Map(answeredBadly))).toBe('none');
  const facts = await storedFacts(world, traffic.acked);
  expect({ missing: facts.missing, duplicated: facts.duplicated, unlinked: facts.unlinked, rollupMismatches: facts.rollupMismatches }).toEqual({
    missing: [],
    duplicated: [],
    unlinked: [],
    rollupMismatches: 0,
  });
}, 240_000);

test('exits 1 once SHUTDOWN_TIMEOUT_SECONDS pass with a request that never finishes', async () => {
  const server = await startServerProcess(world.dir, { SHUTDOWN_TIMEOUT_SECONDS: '1' });
  const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  // Its body never comes: only the deadline can end the wait for it.
  const stuck = await heldSubmission(server.url, 'never-finished');
  server.child.kill('SIGTERM');
  expect(await exited).toBe(1);
  await expect(stuck.finish()).rejects.toThrow();
}, 120_000);
