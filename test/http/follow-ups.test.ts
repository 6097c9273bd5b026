/**
 * The closed loop over HTTP: a low score opens a task; it is assigned, the
 * call-back and the resolution are recorded (API and pages), wrong moves are
 * 409, bad input is a 400 naming the field, and the dashboard shows the time
 * to resolution.
 */
import pino from 'pino';
import { handleCountedResponse } from '../../server/services/alerts/listener';
import type { FollowUpTask } from '../../server/services/alerts/types';
import { publishAll, submit, type Published } from '../helpers/dashboard';
import { surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, csrfTokenOf, loginAgent, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let published: Published;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  published = await publishAll(tenant);
});
afterAll(() => world.close());

async function lowScoreTask(comment = '请回电 13812345678'): Promise<FollowUpTask> {
  const { response } = await submit(tenant, published, 'survey', 0, surveyAnswers({ overall_satisfaction: 2, recommend: 8, comment }));
  const deps = { store: world.store, mailer: world.deps.mailer, logger: pino({ level: 'silent' }), baseUrl: 'http://localhost' };
  const [task] = await handleCountedResponse(deps, { enterpriseId: tenant.enterpriseId, siteId: response.siteId, channel: 'survey', responseId: response._id, at: response.respondedAt });
  return task;
}

test('assign → call back → resolve through the API, with wrong moves refused', async () => {
  const task = await lowScoreTask();
  const admin = await loginAgent(world.app, tenant.admin.email);
  const url = `/api/v1/follow-ups/${task._id}`;

  let res = await admin.post(`${url}/resolve`).send({ note: 'done' }).expect(409);
  expect(res.body.error.field).toBe('status');
  res = await admin.post(`${url}/callbacks`).send({ outcome: 'reached', note: 'x' }).expect(409);

  res = await admin.post(`${url}/assign`).send({ assigneeId: 'nobody' }).expect(400);
  expect(res.body.error).toMatchObject({ field: 'assigneeId' });
  await admin.post(`${url}/assign`).send({ assigneeId: tenant.users.analyst!._id }).expect(400); // analysts may not work follow-ups
  res = await admin.post(`${url}/assign`).send({ assigneeId: tenant.users.agent!._id, rev: 1 }).expect(200);
  expect(res.body.task).toMatchObject({ status: 'assigned', assigneeId: tenant.users.agent!._id, rev: 2 });
  // A stale page (rev 1) cannot overwrite the newer task.
  res = await admin.post(`${url}/assign`).send({ assigneeId: tenant.admin._id, rev: 1 }).expect(409);
  expect(res.body.error.field).toBe('rev');

  const agent = await loginAgent(world.app, tenant.users.agent!.email);
  res = await agent.post(`${url}/callbacks`).send({ outcome: 'maybe', note: 'x' }).expect(400);
  expect(res.body.error.message).toMatch(/^outcome: must be one of reached, noAnswer, refused/);
  res = await agent.post(`${url}/callbacks`).send({ outcome: 'noAnswer', note: '   ' }).expect(400);
  expect(res.body.error.field).toBe('note');
  await agent.post(`${url}/callbacks`).send({ outcome: 'noAnswer', note: '上午无人接听' }).expect(201);
  res = await agent.post(`${url}/callbacks`).send({ outcome: 'reached', note: '顾客同意复修' }).expect(201);
  expect(res.body.task.callbacks.map((c: { outcome: string }) => c.outcome)).toEqual(['noAnswer', 'reached']);
  res = await agent.post(`${url}/resolve`).send({ note: '已复修，顾客满意' }).expect(200);
  expect(res.body.task).toMatchObject({ status: 'resolved', resolution: { note: '已复修，顾客满意' } });
  expect(res.body.task.hoursToResolve).toBeGreaterThanOrEqual(0);
  await agent.post(`${url}/assign`).send({ assigneeId: tenant.admin._id }).expect(409);

  const analyst = await loginAgent(world.app, tenant.users.analyst!.email);
  await analyst.get(url).expect(200);
  await analyst.post(`${url}/resolve`).send({ note: 'x' }).expect(403);

  const overview = await analyst.get('/api/v1/dashboard/overview').expect(200);
  expect(overview.body.followUps.resolved).toBe(1);
  expect(overview.body.followUps.medianHours).toBe(res.body.task.hoursToResolve);
  const list = await analyst.get('/api/v1/follow-ups?status=resolved').expect(200);
  expect(list.body.tasks.map((t: FollowUpTask) => t._id)).toContain(task._id);
  expect((await analyst.get('/api/v1/follow-ups?status=closed').expect(400)).body.error.field).toBe('status');
});

test('the task pages: list, detail with masked phone and escaped text, and the three forms', async () => {
  const task = await lowScoreTask('<b>bold</b> 电话 13812345678');
  const admin = await loginAgent(world.app, tenant.admin.email);
  const list = await admin.get('/follow-ups').expect(200);
  expect(list.text).toContain(`/follow-ups/${task._id}`);
  expect(list.text).toContain('总体满意度 2/5');
  const page = await admin.get(`/follow-ups/${task._id}`).expect(200);
  expect(page.text).toContain('138****5678');
  expect(page.text).not.toContain('13812345678');
  expect(page.text).toContain('&lt;b&gt;bold&lt;/b&gt;');

  const csrf = await csrfTokenOf(admin, `/follow-ups/${task._id}`);
  let res = await admin.post(`/follow-ups/${task._id}/assign`).type('form').send({ _csrf: csrf, assigneeId: tenant.users.agent!._id, rev: '1' }).expect(303);
  expect(res.headers.location).toBe(`/follow-ups/${task._id}`);
  res = await admin.post(`/follow-ups/${task._id}/callback`).type('form').send({ _csrf: csrf, outcome: 'reached', note: '已联系', rev: '2' }).expect(303);
  const afterCall = await admin.get(`/follow-ups/${task._id}`);
  expect(afterCall.text).toContain('回访已记录');
  expect(afterCall.text).toContain('已联系');
  await admin.post(`/follow-ups/${task._id}/resolve`).type('form').send({ _csrf: csrf, note: '', rev: '3' }).expect(303);
  expect((await admin.get(`/follow-ups/${task._id}`)).text).toContain('note: is required');
  await admin.post(`/follow-ups/${task._id}/resolve`).type('form').send({ _csrf: csrf, note: '已解决', rev: '3' }).expect(303);
  expect((await admin.get(`/follow-ups/${task._id}`)).text).toContain('已解决');
  // Without the form token nothing changes.
  await admin.post(`/follow-ups/${task._id}/resolve`).type('form').send({ note: 'x' }).expect(403);
});

test('alert rules page saves the thresholds and refuses nonsense', async () => {
  const admin = await loginAgent(world.app, tenant.admin.email);
  const csrf = await csrfTokenOf(admin, '/alerts');
  await admin.post('/alerts').type('form').send({ _csrf: csrf, lowOverall_enabled: 'on', lowOverall_maxRating: '3', lowNps_maxScore: '5' }).expect(303);
  const saved = (await admin.get('/api/v1/alerts/rules').expect(200)).body.rules;
  expect(saved).toEqual({ lowOverall: { enabled: true, maxRating: 3 }, lowNps: { enabled: false, maxScore: 5 }, criticalMiss: { enabled: false } });
  await admin.post('/alerts').type('form').send({ _csrf: csrf, lowOverall_maxRating: '9', lowNps_maxScore: '5' }).expect(303);
  expect((await admin.get('/alerts')).text).toContain('lowOverall_maxRating: must be 1–4');
  const res = await admin.put('/api/v1/alerts/rules').send({ lowNps: { maxScore: 'six' } }).expect(400);
  expect(res.body.error.field).toBe('lowNps.maxScore');
  const analyst = await loginAgent(world.app, tenant.users.analyst!.email);
  await analyst.put('/api/v1/alerts/rules').send({ lowNps: { enabled: true } }).expect(403);
  await admin.put('/api/v1/alerts/rules').send({ lowNps: { enabled: true, maxScore: 6 }, criticalMiss: { enabled: true }, lowOverall: { maxRating: 2 } }).expect(200);
});
