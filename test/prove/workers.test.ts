/**
 * WORKERS=2: the built server (dist/) as a primary with two app processes on
 * one embedded store. Each answer names its process (X-ServiceStar-Worker), so
 * a test reaches a given process by asking again, on a new connection each
 * time, until that one answers (the primary hands connections out in turn),
 * under a generous deadline.
 */
import fs from 'node:fs';
import type { FollowUpTask } from '../../server/services/alerts/types';
import type { Job } from '../../server/services/jobs/types';
import { createMailer } from '../../server/mail/transport';
import type { Store } from '../../server/store/types';
import { startServerProcess, type ServerProcess } from '../../scripts/prove/server';
import { PROVE_PASSWORD, buildProveWorld, removeWorld, type ProveWorld } from '../../scripts/prove/world';
import { sessionCookie, SURVEY_FORM } from '../../scripts/prove/submissions';
import { onDisk as onDiskOf } from '../helpers/serverData';
import { PROOF_MS } from '../helpers/timeouts';
import { jpegBytes } from '../helpers/visits';
import { surveyAnswers } from '../helpers/templates';
import { answerOnWorker, cookieOf, EngineIoClient, freshFetch, untilTrue, workerOf } from './workersClient';

jest.setTimeout(PROOF_MS);

let world: ProveWorld;
let server: ServerProcess;

beforeAll(async () => {
  world = await buildProveWorld({ visits: 1, shoppers: 1 });
  server = await startServerProcess(world.dir, { WORKERS: '2', JOB_POLL_MS: '200' });
}, PROOF_MS);
afterAll(async () => {
  await server?.kill('SIGTERM');
  removeWorld(world);
});

/** The data directory read through a store of our own, beside the running server. */
const onDisk = <T>(read: (store: Store) => Promise<T>): Promise<T> => onDiskOf(world.dir, read);

/** A client gives up on an answer after this long (then it retries with the same key). */
const ANSWER_WITHIN_MS = 30_000;

function postResponse(key: string, answers = surveyAnswers()): Promise<Response> {
  return freshFetch(`${server.url}/api/v1/responses`, {
    signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${world.apiToken}`, 'idempotency-key': key },
    body: JSON.stringify({
      templateId: world.templates.survey.templateId,
      templateVersion: world.templates.survey.version,
      siteCode: world.siteCode,
      channel: 'survey',
      answers,
    }),
  });
}

test('the banner names the two workers and both answer', async () => {
  expect(server.output()).toContain('workers: 2 app processes');
  const seen = new Set<string>();
  await untilTrue('both workers to answer', async () => {
    seen.add(workerOf(await freshFetch(`${server.url}/healthz`)));
    return seen.size === 2;
  });
});

test('a session signed in on one worker is honoured by the other', async () => {
  const login = await freshFetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: world.analystEmail, password: PROVE_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const me = await answerOnWorker(
    server.url,
    (w) => w !== workerOf(login),
    () => freshFetch(`${server.url}/api/v1/me`, { headers: { cookie: cookieOf(login) } }),
  );
  expect(me.status).toBe(200);
  expect(((await me.json()) as { user: { email: string } }).user.email).toBe(world.analystEmail);
});

test('a dashboard socket held by one worker (long-polling, its requests forwarded there by the other) hears of a response submitted on the other', async () => {
  const socket = await EngineIoClient.connect(server.url, await sessionCookie(server.url, world.analystEmail));
  try {
    await socket.postUntilForwarded();
    // Submit until one lands on the other process; every one counts, the last is the one to hear of.
    let crossed: string | null = null;
    for (let i = 0; !crossed; i++) {
      const res = await postResponse(`cross-${i}`);
      expect(res.status).toBe(201);
      if (workerOf(res) !== socket.worker) crossed = ((await res.json()) as { response: { _id: string } }).response._id;
      if (i > 200) throw new Error('every submission landed on the socket’s own worker');
    }
    const event = await socket.waitForEvent('scores:changed', (p) => (p as { lastResponseId?: string }).lastResponseId === crossed);
    expect(event).toMatchObject({ lastResponseId: crossed });
    // Every poll and post of the session was answered by the worker that holds it (a wrong one answers 400 "Session ID unknown").
    expect(socket.pollWorkers()).toEqual(new Set([socket.worker]));
    expect(socket.forwardedBy().has(socket.worker)).toBe(false);
  } finally {
    await socket.close();
  }
});

test('a photo uploaded through one worker is served by the other, byte for byte', async () => {
  const visitId = world.mystery.visits[0]!.visitId;
  const cookie = await sessionCookie(server.url, world.mystery.shopperEmails[0]!);
  const page = await (await freshFetch(`${server.url}/my-visits/${visitId}`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  expect(csrf).toBeDefined();
  const form = new FormData();
  form.set('_csrf', csrf!);
  form.set('intent', 'draft');
  form.set('evidence', new Blob([new Uint8Array(await jpegBytes())], { type: 'image/jpeg' }), 'storefront.jpg');
  const upload = await freshFetch(`${server.url}/upload/my-visits/${visitId}`, { method: 'POST', headers: { cookie }, body: form, redirect: 'manual' });
  expect(upload.status).toBe(303);

  const after = await (await freshFetch(`${server.url}/my-visits/${visitId}`, { headers: { cookie } })).text();
  const photoId = /\/visit-evidence\/([^/"?]+)/.exec(after)?.[1];
  expect(photoId).toBeDefined();
  const photo = (w: (id: string) => boolean) =>
    answerOnWorker(server.url, w, () => freshFetch(`${server.url}/visit-evidence/${photoId}`, { headers: { cookie } }));
  const fromOther = await photo((w) => w !== workerOf(upload));
  const fromUploader = await photo((w) => w === workerOf(upload));
  expect(fromOther.status).toBe(200);
  expect(fromOther.headers.get('content-type')).toBe('image/jpeg');
  const bytes = Buffer.from(await fromOther.arrayBuffer());
  expect(bytes.length).toBeGreaterThan(100);
  expect(bytes.equals(Buffer.from(await fromUploader.arrayBuffer()))).toBe(true);
});

test('the login limit per address counts attempts made on both workers together', async () => {
  const workers = new Set<string>();
  const login = (i: number) =>
    freshFetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `nobody${i}@nowhere.test`, password: 'wrong-password' }),
    });
  // 30 login posts per 15 minutes per address (loginRateLimit); unknown emails, so no account locks. Counted per process, the two would allow 60.
  let limitedAt = -1;
  for (let i = 0; i < 45 && limitedAt < 0; i++) {
    const res = await login(i);
    if (res.status === 429) limitedAt = i;
    else {
      expect(res.status).toBe(401);
      workers.add(workerOf(res));
    }
  }
  expect(workers.size).toBe(2);
  expect(limitedAt).toBeGreaterThanOrEqual(0);
  expect(limitedAt).toBeLessThanOrEqual(30);
  // And the other worker refuses too.
  const other = await answerOnWorker(
    server.url,
    () => true,
    () => login(99),
  );
  expect(other.status).toBe(429);
  expect(
    (
      await answerOnWorker(
        server.url,
        (w) => w !== workerOf(other),
        () => login(100),
      )
    ).status,
  ).toBe(429);
});

test('one device answers a site link once a day, whichever worker takes each answer', async () => {
  const linkId = world.siteLinkIds[0]!;
  const device = 'ss_dev=AAAAAAAAAAAAAAAAAAAAAA';
  const post = () =>
    freshFetch(`${server.url}/f/${linkId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: device },
      body: SURVEY_FORM,
      redirect: 'manual',
    });
  const first = await post();
  expect(first.status).toBeLessThan(400);
  const second = await answerOnWorker(server.url, (w) => w !== workerOf(first), post);
  expect(second.status).toBeLessThan(400);
  const stored = await onDisk(async (store) => ({
    devices: await store.collection('deviceResponses').count({ siteLinkId: linkId }),
    responses: await store.collection('responses').count({ 'refs.siteLinkId': linkId }),
  }));
  expect(stored).toEqual({ devices: 1, responses: 1 });
});

test('each alert job runs once although both workers claim jobs', async () => {
  const keys = Array.from({ length: 8 }, (_, i) => `alert-once-${i}`);
  const workers = new Set<string>();
  for (const key of keys) {
    const res = await postResponse(key, surveyAnswers({ overall_satisfaction: 1, recommend: 9 }));
    expect(res.status).toBe(201);
    workers.add(workerOf(res));
  }
  expect(workers.size).toBe(2);
  const jobs = () => onDisk((store) => store.collection<Job>('jobs').find({ kind: 'alerts.evaluate' }));
  await untilTrue('the alert jobs to finish', async () => (await jobs()).filter((j) => j.state === 'done').length >= keys.length);
  const done = await jobs();
  expect(done.every((j) => j.state === 'done' && j.attempts === 1)).toBe(true);
  const tasks = await onDisk((store) => store.collection<FollowUpTask>('followUpTasks').find({}));
  expect(tasks).toHaveLength(done.length);
  expect(new Set(tasks.map((t) => t.responseId)).size).toBe(tasks.length);
  const mails = await onDisk((store) => createMailer({ from: 'x <x@x.test>', store }).listOutbox(world.enterpriseId));
  expect(mails).toHaveLength(tasks.length);
});

test('kill -9 of one worker loses no acknowledged submission and the primary starts a replacement', async () => {
  const primaryPid = server.child.pid!;
  const childrenOf = (pid: number) => fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  const [victim] = childrenOf(primaryPid);
  expect(victim).toBeDefined();
  const before = new Set<string>();
  await untilTrue('both workers to answer', async () => {
    before.add(workerOf(await freshFetch(`${server.url}/healthz`)));
    return before.size === 2;
  });

  const acknowledged: string[] = [];
  const cutOff: string[] = [];
  let sent = 0;
  const sender = async () => {
    while (sent < 120) {
      const key = `kill-${sent++}`;
      if (sent === 40) process.kill(victim!, 'SIGKILL');
      try {
        const res = await postResponse(key);
        (res.status === 201 ? acknowledged : cutOff).push(key);
      } catch {
        cutOff.push(key); // the connection died with the worker, or no answer came: not acknowledged
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, sender));
  expect(acknowledged.length).toBeGreaterThan(0);

  // The replacement has a new cluster id.
  await untilTrue(
    'a replacement worker to answer',
    async () => !before.has(workerOf(await freshFetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) }))),
  );
  expect(childrenOf(primaryPid)).not.toContain(victim);
  expect(childrenOf(primaryPid)).toHaveLength(2);

  const stored = await onDisk(async (store) => {
    const keys = await store
      .collection<{ _id: string; dedupeKey: string }>('responses')
      .find({ dedupeKey: { $in: acknowledged.map((k) => `key:${world.enterpriseId}:${k}`) } }, { fields: ['dedupeKey'] });
    return keys.map((r) => r.dedupeKey);
  });
  expect(stored).toHaveLength(acknowledged.length);
  // Clients that never heard back retry with their keys: each is stored once (replayed or new), never twice.
  for (const key of cutOff) expect([200, 201]).toContain((await postResponse(key)).status);
  const total = await onDisk((store) =>
    store.collection('responses').count({ dedupeKey: { $in: [...acknowledged, ...cutOff].map((k) => `key:${world.enterpriseId}:${k}`) } }),
  );
  expect(total).toBe(acknowledged.length + cutOff.length);
});
