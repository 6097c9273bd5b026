/**
 * Side effects survive a crash between the commit and their running: a real
 * server process that runs no jobs (JOB_CONCURRENCY=0, a web-only process)
 * acknowledges responses that should alert and is killed with SIGKILL before
 * anything else happens. After a restart with a job worker, every alert task
 * and every alert email exists exactly once, and retried submissions add none.
 */
import { createMailer } from '../../server/mail/transport';
import type { FollowUpTask } from '../../server/services/alerts/types';
import type { Job } from '../../server/services/jobs/types';
import type { Store } from '../../server/store/types';
import { startServerProcess, type ServerProcess } from '../../scripts/prove/server';
import { buildProveWorld, removeWorld, type ProveWorld } from '../../scripts/prove/world';
import { surveyAnswers } from '../helpers/templates';
import { onDisk } from '../helpers/serverData';
import { waitUntil } from '../helpers/wait';

let world: ProveWorld;
let server: ServerProcess | null = null;

beforeAll(async () => {
  world = await buildProveWorld();
});
afterAll(async () => {
  await server?.kill('SIGKILL');
  removeWorld(world);
});

/** 10 low overall ratings, 5 low recommendations and 5 good responses, each with its own key. */
const submissions = Array.from({ length: 20 }, (_, i) => ({
  key: `crash-alert-${i}`,
  answers:
    i < 10 ? surveyAnswers({ overall_satisfaction: 1, recommend: 9 }) : i < 15 ? surveyAnswers({ overall_satisfaction: 5, recommend: 2 }) : surveyAnswers(),
}));

async function post(url: string, s: (typeof submissions)[number]): Promise<number> {
  const res = await fetch(`${url}/api/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${world.apiToken}`, 'idempotency-key': s.key },
    body: JSON.stringify({
      templateId: world.templates.survey.templateId,
      templateVersion: world.templates.survey.version,
      siteCode: world.siteCode,
      channel: 'survey',
      answers: s.answers,
    }),
  });
  return res.status;
}

/** Reads the data directory through a store of its own. */
const readDisk = <T>(read: (store: Store) => Promise<T>) => onDisk(world.dir, read);

test('alert tasks and emails of responses acknowledged just before a SIGKILL appear exactly once after the restart', async () => {
  server = await startServerProcess(world.dir, { JOB_CONCURRENCY: '0' });
  for (const s of submissions) expect(await post(server.url, s)).toBe(201);
  await server.kill('SIGKILL');
  server = null;

  const before = await readDisk(async (store) => ({
    jobs: await store.collection<Job>('jobs').find({ kind: 'alerts.evaluate' }),
    tasks: await store.collection<FollowUpTask>('followUpTasks').count({}),
  }));
  expect(before.jobs).toHaveLength(15);
  expect(before.jobs.every((j) => j.state === 'queued' && j.attempts === 0)).toBe(true);
  expect(before.tasks).toBe(0);
  expect(await readDisk((store) => createMailer({ from: 'x <x@x.test>', store }).listOutbox(world.enterpriseId))).toHaveLength(0);

  server = await startServerProcess(world.dir, { JOB_POLL_MS: '200' });
  // Clients that never heard back retry with the same keys: replayed, nothing new to alert about.
  for (const s of submissions) expect(await post(server.url, s)).toBe(200);
  // A second connection to the file the running server writes: SQLite's write-ahead log lets a reader in.
  const doneJobs = () => readDisk((store) => store.collection<Job>('jobs').count({ kind: 'alerts.evaluate', state: 'done' }));
  await waitUntil(doneJobs, (done) => done === 15, 'every alert job to finish', 120_000);
  await server.kill('SIGKILL');
  server = null;

  const after = await readDisk(async (store) => ({
    jobs: await store.collection<Job>('jobs').find({ kind: 'alerts.evaluate' }),
    tasks: await store.collection<FollowUpTask>('followUpTasks').find({}),
  }));
  expect(after.jobs).toHaveLength(15);
  expect(after.jobs.every((j) => j.state === 'done' && j.attempts === 1)).toBe(true);
  expect(after.tasks).toHaveLength(15);
  expect(after.tasks.filter((t) => t.rule === 'lowOverall')).toHaveLength(10);
  expect(after.tasks.filter((t) => t.rule === 'lowNps')).toHaveLength(5);
  expect(new Set(after.tasks.map((t) => t.responseId)).size).toBe(15);
  expect(after.tasks.every((t) => t.notify.state === 'sent')).toBe(true);

  // One email per task, each naming its own task.
  const linked = await readDisk(async (store) => {
    const mailer = createMailer({ from: 'x <x@x.test>', store });
    const mails = await mailer.listOutbox(world.enterpriseId);
    expect(mails).toHaveLength(15);
    const tasks: string[] = [];
    for (const m of mails) {
      const eml = (await mailer.readOutbox(world.enterpriseId, m.id))!.replace(/=\r?\n/g, '');
      tasks.push(/\/follow-ups\/(fu-[A-Za-z0-9_-]+)/.exec(eml)![1]!);
    }
    return tasks;
  });
  expect(linked.sort()).toEqual(after.tasks.map((t) => t._id).sort());
}, 240_000);
