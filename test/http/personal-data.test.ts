/**
 * Personal data only where needed (issue 16, part 5): a customer's phone and
 * email are masked in every API answer and page, whole only for the owner of a
 * follow-up task about them after a recorded "show" click; and survey tokens
 * and phone numbers never reach the request log.
 */
import pino from 'pino';
import request from 'supertest';
import { composeApp } from '../../server/compose';
import { handleCountedResponse } from '../../server/services/alerts/listener';
import type { FollowUpTask } from '../../server/services/alerts/types';
import type { AuditEntry } from '../../server/services/auditLog';
import type { ResponseDoc } from '../../server/services/responses/types';
import { buildCampaign, formFields } from '../helpers/campaigns';
import { buildTenant, buildWorld, csrfTokenOf, loginAgent, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let built: Awaited<ReturnType<typeof buildCampaign>>;
let response: ResponseDoc;
let task: FollowUpTask;

const PHONE = '13912340000';
const EMAIL = 'wangwu@example.com';
const WRITTEN = '请回电 13812345678 或写信 written.by.customer@example.com';

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  built = await buildCampaign(tenant, { recipients: [{ name: '王五', phone: PHONE, email: EMAIL, caseId: 'SC-9', siteCode: 'S1' }] });
  const token = built.recipients[0].token;
  const answered = await request(world.app)
    .post(`/s/${token}`)
    .type('form')
    .send(formFields({ a_overall_satisfaction: '1', a_recommend: '2', a_comment: WRITTEN }));
  expect(answered.status).toBeLessThan(400);
  response = (await world.store.collection<ResponseDoc>('responses').findOne({ 'refs.recipientId': built.recipients[0]._id }))!;
  const deps = { store: world.store, mailer: world.deps.mailer, logger: pino({ level: 'silent' }), baseUrl: 'http://localhost' };
  [task] = await handleCountedResponse(deps, {
    enterpriseId: tenant.enterpriseId,
    siteId: response.siteId,
    channel: 'survey',
    responseId: response._id,
    at: response.respondedAt,
  });
});
afterAll(() => world.close());

test('GET /api/v1/responses/:id masks the phone numbers and addresses a customer wrote; ids stay whole', async () => {
  const analyst = await loginAgent(world.app, tenant.users.analyst!.email);
  const res = await analyst.get(`/api/v1/responses/${response._id}`);
  expect(res.status).toBe(200);
  expect(res.body.response.answers.comment).toBe('请回电 138****5678 或写信 wr***@example.com');
  expect(res.body.response.refs.recipientId).toBe(built.recipients[0]._id);
  expect(res.text).not.toContain('13812345678');
  expect(res.text).not.toContain('written.by.customer');
});

test('the dashboard’s comments mask them, in the API and on the page, and a search cannot probe for a number', async () => {
  const analyst = await loginAgent(world.app, tenant.users.analyst!.email);
  const json = await analyst.get('/api/v1/dashboard/comments');
  expect(json.status).toBe(200);
  expect(json.body.comments.map((c: { text: string }) => c.text)).toContain('请回电 138****5678 或写信 wr***@example.com');
  expect(json.text).not.toContain('13812345678');
  const page = await analyst.get('/dashboard/comments');
  expect(page.text).not.toContain('13812345678');
  expect(page.text).not.toContain('written.by.customer');
  expect((await analyst.get('/api/v1/dashboard/comments?q=13812345678')).body.comments).toEqual([]);
});

test('a follow-up task shows the invited customer masked to every reader: name, phone, email and service case', async () => {
  const reviewer = await loginAgent(world.app, tenant.users.reviewer!.email);
  const page = await reviewer.get(`/follow-ups/${task._id}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('139****0000');
  expect(page.text).toContain('wa***@example.com');
  expect(page.text).toContain('王**');
  expect(page.text).toContain('SC-9');
  expect(page.text).not.toContain(PHONE);
  expect(page.text).not.toContain(EMAIL);
  expect(page.text).not.toContain('/contact"');
  const api = await reviewer.get(`/api/v1/follow-ups/${task._id}`);
  expect(api.body.contact).toMatchObject({ phone: '139****0000', email: 'wa***@example.com', caseId: 'SC-9', masked: true, mayReveal: false });
});

test('only the task’s owner may reveal the contact, by a "show" click that goes in the audit log', async () => {
  const admin = await loginAgent(world.app, tenant.admin.email);
  // Not the owner yet: no button, and the reveal is refused.
  expect((await admin.post(`/api/v1/follow-ups/${task._id}/contact`).send({})).status).toBe(403);
  await admin.post(`/api/v1/follow-ups/${task._id}/assign`).send({ assigneeId: tenant.users.agent!._id }).expect(200);

  const owner = await loginAgent(world.app, tenant.users.agent!.email);
  const before = await owner.get(`/follow-ups/${task._id}`);
  expect(before.text).not.toContain(PHONE);
  expect(before.text).toContain(`action="/follow-ups/${task._id}/contact"`);
  const csrf = await csrfTokenOf(owner, `/follow-ups/${task._id}`);
  const shown = await owner.post(`/follow-ups/${task._id}/contact`).type('form').send({ _csrf: csrf });
  expect(shown.status).toBe(200);
  expect(shown.headers['cache-control']).toBe('no-store');
  expect(shown.text).toContain(`tel:${PHONE}`);
  expect(shown.text).toContain(EMAIL);
  expect(shown.text).toContain('王五');
  // The answers themselves stay masked even here.
  expect(shown.text).not.toContain('13812345678');

  const reveals = await world.store.collection<AuditEntry>('auditLog').find({ action: 'contact.reveal', entityId: task._id });
  expect(reveals).toHaveLength(1);
  expect(reveals[0]).toMatchObject({ actorId: tenant.users.agent!._id, detail: { fields: ['name', 'phone', 'email'] } });
  // The next visit is masked again.
  expect((await owner.get(`/follow-ups/${task._id}`)).text).not.toContain(PHONE);
  // Another agent who may work follow-ups, but does not own this one, may not.
  expect((await admin.post(`/api/v1/follow-ups/${task._id}/contact`).send({})).status).toBe(403);
});

test('survey tokens, set-password secrets and phone numbers never reach the request log', async () => {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  const { app } = composeApp({ ...world.deps, logger });
  const token = built.recipients[0].token;
  const siteLink = built.siteLinks[0]._id;
  await request(app).get(`/s/${token}`).set('Referer', `http://localhost/s/${token}?page=2`);
  await request(app).get(`/u/${token}`);
  await request(app).get(`/f/${siteLink}`);
  await request(app).get('/set-password/abcdefSECRETxyz123');
  await request(app).get(`/static/css/app.css`).set('Referer', `http://localhost/s/${token}`);
  await request(app).get('/api/v1/call-cases?phone=13812345678&token=abc&q=wangwu%40example.com');
  await request(app).post(`/f/${siteLink}`).type('form').send({ a_comment: PHONE });
  const log = lines.join('\n');
  expect(lines.length).toBeGreaterThanOrEqual(7);
  for (const secret of [token, siteLink, 'abcdefSECRETxyz123', '13812345678', PHONE, 'wangwu@example.com', 'token=abc'])
    expect([secret, log.includes(secret)]).toEqual([secret, false]);
  expect(log).toContain('/s/:secret');
  expect(log).toContain('138****5678');
});
