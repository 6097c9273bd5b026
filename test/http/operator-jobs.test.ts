/**
 * The operator's job page: an alert whose email cannot be sent is retried
 * with back-off (on a controllable clock), then listed as failed with its
 * error in zh-CN and English; "run again" sends it once the mail server is
 * back. Enterprise users cannot see the queue.
 */
import type { Mailer } from '../../server/mail/transport';
import { insertUser } from '../../server/services/accounts/users';
import type { FollowUpTask } from '../../server/services/alerts/types';
import { createJobWorker } from '../../server/services/jobs/registry';
import type { AuditEntry } from '../../server/services/auditLog';
import type { Job } from '../../server/services/jobs/types';
import { publishAll, submit } from '../helpers/dashboard';
import { surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, csrfTokenOf, loginAgent, PASSWORD, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let mailServerDown = true;
let at = 0;
const clock = () => new Date(at);

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  await insertUser(world.store, { enterpriseId: null, email: 'ops@platform.test', name: 'Ops', role: 'operator', password: PASSWORD });
});
afterAll(() => world.close());

test('an alert whose mail keeps failing ends as a failed job the operator sees with its error and runs again', async () => {
  const outbox = world.deps.mailer;
  const flaky: Mailer = { ...outbox, send: async (m) => (mailServerDown ? Promise.reject(new Error('421 4.3.2 mail service not available')) : outbox.send(m)) };
  const jobs = createJobWorker({ store: world.store, mailer: flaky, logger: world.deps.logger, baseUrl: 'http://localhost' }, { now: clock });
  const published = await publishAll(tenant);
  const { response } = await submit(tenant, published, 'survey', 0, surveyAnswers({ overall_satisfaction: 1 }));
  const jobId = `alerts.evaluate:${response._id}`;
  at = Date.now();

  for (let attempt = 1; attempt <= 8; attempt++) {
    expect(await jobs.drain()).toBe(1);
    const job = (await world.store.collection<Job>('jobs').findOne({ _id: jobId }))!;
    expect(job).toMatchObject({ attempts: attempt, lastError: '421 4.3.2 mail service not available' });
    if (job.state === 'queued') at = Date.parse(job.runAt);
  }
  expect(await world.store.collection<Job>('jobs').findOne({ _id: jobId })).toMatchObject({ state: 'failed' });
  // The task exists (opened on the first try); only its mail is missing.
  expect(await world.store.collection<FollowUpTask>('followUpTasks').find({ responseId: response._id })).toEqual([
    expect.objectContaining({ notify: expect.objectContaining({ state: 'failed' }) }),
  ]);

  const admin = await loginAgent(world.app, tenant.admin.email);
  expect((await admin.get('/api/v1/operator/jobs')).status).toBe(403);
  expect((await admin.get('/operator/jobs')).status).toBe(403);

  const ops = await loginAgent(world.app, 'ops@platform.test');
  const api = await ops.get('/api/v1/operator/jobs');
  expect(api.body).toMatchObject({
    failed: 1,
    failedJobs: [
      { id: jobId, kind: 'alerts.evaluate', enterpriseCode: expect.stringMatching(/^ent-/), attempts: 8, lastError: '421 4.3.2 mail service not available' },
    ],
  });
  const zh = await ops.get('/operator/jobs');
  expect(zh.text).toContain('已失败的任务');
  expect(zh.text).toContain('低分预警（开启或并入跟进案例，发送邮件）');
  expect(zh.text).toContain('421 4.3.2 mail service not available');
  expect(zh.text).toContain('<td id="jobs-failed">1</td>');
  const en = await ops.get('/operator/jobs?lang=en');
  expect(en.text).toContain('Failed jobs');
  expect(en.text).toContain('Low-score alert (open or join a follow-up case, email)');
  expect(en.text).not.toContain('>alerts.evaluate<');

  mailServerDown = false;
  const csrf = await csrfTokenOf(ops, '/operator/jobs');
  const retried = await ops
    .post(`/operator/jobs/${encodeURIComponent(jobId)}/retry`)
    .type('form')
    .send({ _csrf: csrf });
  expect(retried.status).toBe(303);
  // The page was last read in English, which the locale cookie remembers.
  expect((await ops.get('/operator/jobs')).text).toContain('Queued again: Low-score alert');
  expect(await jobs.drain()).toBe(1);
  expect(await world.store.collection<Job>('jobs').findOne({ _id: jobId })).toMatchObject({ state: 'done', attempts: 1, retriedBy: expect.any(String) });
  // The enterprise's audit log says the operator ran its job again.
  expect(await world.store.collection<AuditEntry>('auditLog').find({ enterpriseId: tenant.enterpriseId, action: 'job.retry' })).toEqual([
    expect.objectContaining({ entity: 'jobs', entityId: jobId, actorRole: 'operator', detail: expect.objectContaining({ kind: 'alerts.evaluate' }) }),
  ]);
  const log = (await admin.get('/admin/audit-log?lang=zh-CN')).text;
  expect(log).toContain('平台运营方重新运行了失败的后台任务');
  expect(log).toContain('后台任务：低分预警（开启或并入跟进案例，发送邮件）');
  const [task] = await world.store.collection<FollowUpTask>('followUpTasks').find({ responseId: response._id });
  expect(task!.notify.state).toBe('sent');
  expect((await outbox.listOutbox(tenant.enterpriseId)).filter((m) => m.subject.includes('低分预警'))).toHaveLength(1);
  // Not failed any more: a second "run again" finds nothing to run.
  expect((await ops.post(`/api/v1/operator/jobs/${encodeURIComponent(jobId)}/retry`).send({})).status).toBe(404);
});
