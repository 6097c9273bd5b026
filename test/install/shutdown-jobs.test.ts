/**
 * SIGTERM while the job worker has a job in hand: the built server stops
 * taking requests and claims nothing new, but lets the job finish before it
 * closes the store, then exits 0. Here the job is a webhook delivery whose
 * receiver holds its answer until the shutdown has begun.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startServerProcess, type ServerProcess } from '../../scripts/prove/server';
import { buildProveWorld, removeWorld, type ProveWorld } from '../../scripts/prove/world';
import { systemActor, tenantContext } from '../../server/services/context';
import type { Job } from '../../server/services/jobs/types';
import { createEndpoint } from '../../server/services/webhooks/endpoints';
import type { WebhookAttempt } from '../../server/services/webhooks/types';
import { surveyAnswers } from '../helpers/templates';
import { draining, onDisk } from '../helpers/serverData';
import { waitUntil } from '../helpers/wait';

let world: ProveWorld;
let server: ServerProcess | null = null;
let receiver: http.Server;
let receiverUrl: string;
/** The delivery the receiver holds: answering it is up to the test. */
let held: http.ServerResponse | null = null;

beforeAll(async () => {
  world = await buildProveWorld();
  receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => (held = res));
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
}, 120_000);
afterAll(async () => {
  await server?.kill('SIGKILL');
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  removeWorld(world);
});

test('a job in hand at SIGTERM finishes before the store closes, and the server exits 0', async () => {
  const endpointId = await onDisk(world.dir, async (store) => {
    const ctx = tenantContext(store, systemActor(world.enterpriseId));
    return (await createEndpoint(ctx, { url: receiverUrl, events: ['response.counted'] }, { allowLoopbackHttp: true }))._id;
  });
  server = await startServerProcess(world.dir, { WEBHOOK_ALLOW_HTTP_LOOPBACK: 'true', JOB_POLL_MS: '200', SHUTDOWN_TIMEOUT_SECONDS: '60' });
  const res = await fetch(`${server.url}/api/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${world.apiToken}` },
    body: JSON.stringify({
      templateId: world.templates.survey.templateId,
      templateVersion: world.templates.survey.version,
      siteCode: world.siteCode,
      channel: 'survey',
      answers: surveyAnswers(),
    }),
  });
  expect(res.status).toBe(201);
  await waitUntil(() => held, Boolean, 'the webhook delivery to reach the receiver');

  const child = server.child;
  const exitCode = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  await waitUntil(() => draining(server!.url), Boolean, 'the server to begin its shutdown');
  // Still running: it waits for the job in hand.
  expect(child.exitCode).toBeNull();
  held!.writeHead(200).end('ok');
  expect(await exitCode).toBe(0);
  server = null;

  const after = await onDisk(world.dir, async (store) => ({
    jobs: await store.collection<Job>('jobs').find({ kind: 'webhook.deliver' }),
    attempts: await store.collection<WebhookAttempt>('webhookAttempts').find({ endpointId }),
  }));
  expect(after.jobs.map((j) => [j.state, j.attempts])).toEqual([['done', 1]]);
  expect(after.attempts.map((a) => [a.ok, a.status])).toEqual([[true, 200]]);
}, 300_000);
