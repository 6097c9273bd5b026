/**
 * "Complete and take next" on the agent's case page: the outcome is stored
 * and the next case claimed in one step, the message says each thing once,
 * and pressing the button twice neither records twice nor claims twice.
 */
import request from 'supertest';
import type { CallCase } from '../../server/services/calls/types';
import { listWithCases } from '../helpers/calls';
import { buildTenant, buildWorld, PASSWORD, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let agent: request.Agent;

const ANSWERS = {
  a_service_completed: 'yes',
  a_technician_attitude: '4',
  a_timeliness: '5',
  a_problem_solved: 'yes',
  a_overall_satisfaction: '4',
  a_recommend: '9',
};
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
const flashOf = (html: string) => /role="status"[^>]*>([\s\S]*?)<\//.exec(html)?.[1]?.trim() ?? '';
const cases = () => world.store.collection<CallCase>('callCases');

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  await listWithCases(tenant, 2, { prefix: 'FLOW' });
  agent = request.agent(world.app);
  expect((await agent.post('/api/v1/auth/login').send({ email: tenant.users.agent!.email, password: PASSWORD })).status).toBe(200);
});
afterAll(() => world.close());

test('complete and take next stores the answers, claims the next case and says so once; at the end it says none is left', async () => {
  const workspace = await agent.get('/agent');
  const first = await agent
    .post('/agent/next')
    .type('form')
    .send({ _csrf: csrfOf(workspace.text) });
  expect(first.status).toBe(303);
  const firstPage = await agent.get(first.headers.location);
  expect(firstPage.text).toContain('完成并领取下一个');
  const firstId = first.headers.location.split('/').pop()!;
  const firstCase = (await cases().findOne({ _id: firstId }))!;

  const action = `/agent/call-cases/${firstId}/outcome?then=next`;
  expect(firstPage.text).toContain(`formaction="${action}#script"`);
  const done = await agent
    .post(action)
    .type('form')
    .send({ _csrf: csrfOf(firstPage.text), outcome: 'completed', ...ANSWERS });
  expect(done.status).toBe(303);
  expect(done.headers.location).toMatch(/^\/agent\/call-cases\/[^/]+$/);
  const secondId = done.headers.location.split('/').pop()!;
  expect(secondId).not.toBe(firstId);
  const second = (await cases().findOne({ _id: secondId }))!;
  expect(second).toMatchObject({ status: 'open', holderId: tenant.users.agent!._id });
  expect(await cases().findOne({ _id: firstId })).toMatchObject({ status: 'completed' });
  expect(await world.store.collection('responses').find({ 'refs.caseId': firstId })).toHaveLength(1);

  const secondPage = await agent.get(done.headers.location);
  const said = flashOf(secondPage.text);
  expect(said).toBe(`工单 ${firstCase.caseId} 回访完成，答案已保存。现在处理工单 ${second.caseId}`);
  expect(said.match(/完成/g)).toHaveLength(1);

  // The same press again (a double click, a resent form): refused, nothing stored twice, nothing more claimed.
  const again = await agent
    .post(action)
    .type('form')
    .send({ _csrf: csrfOf(firstPage.text), outcome: 'completed', ...ANSWERS });
  expect(again.status).toBe(303);
  expect(await world.store.collection('responses').find({ 'refs.caseId': firstId })).toHaveLength(1);
  expect(await cases().find({ holderId: tenant.users.agent!._id, status: 'open' })).toHaveLength(1);

  const last = await agent
    .post(`/agent/call-cases/${secondId}/outcome?then=next`)
    .type('form')
    .send({ _csrf: csrfOf(secondPage.text), outcome: 'completed', ...ANSWERS });
  expect(last.headers.location).toBe('/agent');
  expect(flashOf((await agent.get('/agent')).text)).toBe(`工单 ${second.caseId} 回访完成，答案已保存。目前没有待回访的工单了`);
});

test('in English the button and the message read as English, each said once', async () => {
  await listWithCases(tenant, 1, { prefix: 'FLOWEN' });
  const workspace = await agent.get('/agent?lang=en');
  const claimed = await agent
    .post('/agent/next')
    .type('form')
    .send({ _csrf: csrfOf(workspace.text) });
  const page = await agent.get(claimed.headers.location);
  expect(page.text).toContain('Complete and take next');
  const id = claimed.headers.location.split('/').pop()!;
  const c = (await cases().findOne({ _id: id }))!;
  const done = await agent
    .post(`/agent/call-cases/${id}/outcome?then=next`)
    .type('form')
    .send({ _csrf: csrfOf(page.text), outcome: 'completed', ...ANSWERS });
  expect(done.headers.location).toBe('/agent');
  expect(flashOf((await agent.get('/agent')).text)).toBe(`Case ${c.caseId}: call completed and answers saved. No case is left to call right now`);
});

test('a refusal is said once: the case is closed, without repeating the outcome as its status', async () => {
  await listWithCases(tenant, 1, { prefix: 'FLOWREF' });
  const workspace = await agent.get('/agent?lang=zh-CN');
  const claimed = await agent
    .post('/agent/next')
    .type('form')
    .send({ _csrf: csrfOf(workspace.text) });
  const id = claimed.headers.location.split('/').pop()!;
  const c = (await cases().findOne({ _id: id }))!;
  const page = await agent.get(claimed.headers.location);
  await agent
    .post(`/agent/call-cases/${id}/outcome`)
    .type('form')
    .send({ _csrf: csrfOf(page.text), outcome: 'refused', note: '' });
  expect(flashOf((await agent.get('/agent')).text)).toBe(`工单 ${c.caseId}：拒访，已结案，不再回访`);
});

test('an unknown then= value is refused with a 400 naming the field, and nothing is recorded', async () => {
  await listWithCases(tenant, 1, { prefix: 'FLOWBAD' });
  const workspace = await agent.get('/agent');
  const claimed = await agent
    .post('/agent/next')
    .type('form')
    .send({ _csrf: csrfOf(workspace.text) });
  const id = claimed.headers.location.split('/').pop()!;
  const res = await agent
    .post(`/agent/call-cases/${id}/outcome?then=later`)
    .type('form')
    .send({ _csrf: csrfOf(workspace.text), outcome: 'refused' });
  expect(res.status).toBe(400);
  expect(res.text).toContain('then');
  expect(await cases().findOne({ _id: id })).toMatchObject({ status: 'open', attempts: 0, holderId: tenant.users.agent!._id });
});
