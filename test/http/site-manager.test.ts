/**
 * The site manager (网点负责人, issue 16 part 3): always confined to sites,
 * lands on their site's dashboard, works their site's follow-up tasks, and
 * receives the site's alert mails once per address.
 */
import { recipientsFor } from '../../server/services/alerts/notify';
import type { FollowUpTask } from '../../server/services/alerts/types';
import { updateSite } from '../../server/services/accounts/sites';
import { insertUser, type User } from '../../server/services/accounts/users';
import { DEMO_SITES, DEMO_USERS } from '../../server/services/demo/seed';
import { publishAll, submit, type Published } from '../helpers/dashboard';
import { surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, loginAgent, PASSWORD, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let published: Published;
let manager: User;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  published = await publishAll(tenant);
  manager = await insertUser(world.store, {
    enterpriseId: tenant.enterpriseId,
    email: 'S1.Manager@t.test',
    name: '网点负责人 一',
    role: 'siteManager',
    password: PASSWORD,
    siteIds: [tenant.sites[0]._id],
  });
});
afterAll(() => world.close());

/** A low answer whose alert job (written with it) is run by the queue, as in the app: it opens the case and mails it. */
async function lowScoreTask(siteIndex: number) {
  const { response } = await submit(tenant, published, 'survey', siteIndex, surveyAnswers({ overall_satisfaction: 1, recommend: 9 }));
  await world.drain();
  const task = await world.store.collection<FollowUpTask>('followUpTasks').findOne({ responseId: response._id });
  if (!task) throw new Error('the alert job opened no case');
  return task;
}

test('alert mails reach the site’s manager address and its site managers, each address once, and no other site’s', async () => {
  await updateSite(tenant.ctx, tenant.sites[0]._id, { managerEmail: 's1.manager@t.test' });
  await insertUser(world.store, {
    enterpriseId: tenant.enterpriseId,
    email: 'deputy.s1@t.test',
    name: 'Deputy',
    role: 'siteManager',
    password: PASSWORD,
    siteIds: [tenant.sites[0]._id],
  });
  await insertUser(world.store, {
    enterpriseId: tenant.enterpriseId,
    email: 'gone.s1@t.test',
    name: 'Gone',
    role: 'siteManager',
    password: PASSWORD,
    siteIds: [tenant.sites[0]._id],
  });
  await world.store.collection('users').updateOne({ email: 'gone.s1@t.test' }, { $set: { disabled: true } });
  expect((await recipientsFor(tenant.ctx, { ...tenant.sites[0], managerEmail: 's1.manager@t.test' })).sort()).toEqual([
    'deputy.s1@t.test',
    's1.manager@t.test',
  ]);
  // Site 2 has neither: its alerts go to the admins, as before.
  expect(await recipientsFor(tenant.ctx, tenant.sites[1])).toEqual([tenant.admin.email]);

  const task = await lowScoreTask(0);
  expect(task.notify.to.sort()).toEqual(['deputy.s1@t.test', 's1.manager@t.test']);
  const sent = (await world.deps.mailer.listOutbox(tenant.enterpriseId)).filter((m) => m.subject.includes(tenant.sites[0].code));
  expect(sent.map((m) => m.to).sort()).toEqual(['deputy.s1@t.test', 's1.manager@t.test']);
});

test('a site manager lands on their site’s dashboard and sees their site’s comments and tasks only', async () => {
  const mine = await lowScoreTask(0);
  const theirs = await lowScoreTask(1);
  const agent = await loginAgent(world.app, manager.email);
  const home = await agent.get('/');
  expect(home.status).toBe(302);
  expect(home.headers.location).toBe(`/dashboard?site=${tenant.sites[0].code}`);
  expect((await agent.get(home.headers.location)).status).toBe(200);
  const list = (await agent.get('/api/v1/follow-ups')).body.tasks.map((t: { _id: string }) => t._id);
  expect(list).toContain(mine._id);
  expect(list).not.toContain(theirs._id);
  expect((await agent.get(`/api/v1/follow-ups/${theirs._id}`)).status).toBe(404);
  const comments = (await agent.get('/api/v1/dashboard/comments')).body.comments as Array<{ siteCode: string }>;
  expect(comments.every((c) => c.siteCode === tenant.sites[0].code)).toBe(true);
  // Admin pages stay closed.
  expect((await agent.get('/api/v1/users')).status).toBe(403);
});

test('a site manager works and resolves their site’s task', async () => {
  const task = await lowScoreTask(0);
  const agent = await loginAgent(world.app, manager.email);
  await agent.post(`/api/v1/follow-ups/${task._id}/assign`).send({ assigneeId: manager._id }).expect(200);
  await agent.post(`/api/v1/follow-ups/${task._id}/callbacks`).send({ outcome: 'reached', note: '已致电客户' }).expect(201);
  const resolved = await agent.post(`/api/v1/follow-ups/${task._id}/resolve`).send({ rootCause: 'repairQuality', action: '重新上门维修', note: '已上门处理' });
  expect(resolved.status).toBe(200);
  expect(resolved.body.task).toMatchObject({ status: 'resolved', resolution: { by: manager._id } });
});

test('a site manager never goes without a site, and no API token may carry the role', async () => {
  const admin = await loginAgent(world.app, tenant.admin.email);
  expect((await admin.patch(`/api/v1/users/${manager._id}`).send({ siteIds: [] })).body.error.field).toBe('siteIds');
  expect((await admin.patch(`/api/v1/users/${tenant.users.analyst!._id}`).send({ role: 'siteManager' })).body.error.field).toBe('siteIds');
  expect((await admin.post('/api/v1/tokens').send({ name: 'sm', role: 'siteManager' })).status).toBe(400);
});

test('the demo has one site manager per demo site, at the site’s manager address', () => {
  const managers = DEMO_USERS.filter((u) => u.role === 'siteManager');
  expect(managers.map((u) => u.siteCode).sort()).toEqual(DEMO_SITES.map((s) => s.code).sort());
  for (const m of managers) expect(m.email).toBe(DEMO_SITES.find((s) => s.code === m.siteCode)!.managerEmail);
});
