/**
 * Signed webhooks end to end, against a real HTTP receiver on 127.0.0.1: every
 * entry point that counts a response (API, survey form, call, visit approval),
 * opens or resolves a follow-up case, approves a visit or changes an audit
 * projection delivers its event once, with a valid signature, through the job
 * queue; after a receiver outage of a minute (a controllable clock drives the
 * retries) the event still arrives once; repeated failure disables the endpoint
 * and mails the admin; the test button sends a full example.
 */
import request from 'supertest';
import { composeApp } from '../../server/compose';
import type { AuditEntry } from '../../server/services/auditLog';
import { createJobWorker } from '../../server/services/jobs/registry';
import type { JobWorker } from '../../server/services/jobs/worker';
import { submitReport } from '../../server/services/visits/report';
import { acceptVisit, assignVisit } from '../../server/services/visits/assignment';
import { DISABLE_AFTER_FAILURES } from '../../server/services/webhooks/deliver';
import { EXAMPLE_DATA } from '../../server/services/webhooks/examples';
import { HEADER, verifySignature } from '../../server/services/webhooks/signing';
import { WEBHOOK_EVENTS, type WebhookEndpoint } from '../../server/services/webhooks/types';
import { listWithCases } from '../helpers/calls';
import { buildCampaign, formFields } from '../helpers/campaigns';
import { publishDefaultTemplate, surveyAnswers } from '../helpers/templates';
import { addShopper, checklistAnswers, mysteryPlan, reportInput, today } from '../helpers/visits';
import { closedPort, startReceiver, type Receiver } from '../helpers/webhookReceiver';
import { buildTenant, buildWorld, csrfTokenOf, loginAgent, type Tenant, type World } from '../helpers/world';
import { addDays } from '../../server/services/calendar';

let world: World;
let tenant: Tenant;
let receiver: Receiver;
let jobs: JobWorker;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let endpointId: string;
let secret: string;
let survey: { templateId: string; version: number };
/** The worker's clock runs this far ahead of real time: a test moves it instead of waiting. */
let ahead = 0;
const clock = () => new Date(Date.now() + ahead);

beforeAll(async () => {
  world = await buildWorld({ WEBHOOK_ALLOW_HTTP_LOOPBACK: 'true' });
  tenant = await buildTenant(world.store);
  receiver = await startReceiver();
  jobs = createJobWorker({ store: world.store, mailer: world.deps.mailer, logger: world.deps.logger, baseUrl: 'https://survey.example.test' }, { now: clock });
  admin = await loginAgent(world.app, tenant.admin.email);
  survey = await publishDefaultTemplate(tenant.ctx, 'survey');
});
afterAll(async () => {
  await receiver.stop();
  await world.close();
});

/** Received deliveries of one event type, each checked against the signature a receiver verifies. */
function acceptedOf(type: string) {
  return receiver.accepted().filter((r) => r.event.type === type);
}

function expectSignedOnceEach(list = receiver.accepted()) {
  for (const r of list) {
    const timestamp = String(r.headers[HEADER.timestamp.toLowerCase()]);
    const header = { timestamp, signature: String(r.headers[HEADER.signature.toLowerCase()]) };
    // Checked as the receiver did when it arrived (the worker's clock has moved on since).
    expect(verifySignature(secret, header, r.body, Number(timestamp))).toBe(true);
    expect(verifySignature(secret, header, r.body.replace('"test":', '"test" :'), Number(timestamp))).toBe(false);
    expect(verifySignature(secret, header, r.body, Number(timestamp) + 301)).toBe(false);
    expect(r.headers[HEADER.id.toLowerCase()]).toBe(r.event.id);
    expect(r.headers[HEADER.event.toLowerCase()]).toBe(r.event.type);
  }
  const ids = receiver.accepted().map((r) => r.event.id);
  expect(new Set(ids).size).toBe(ids.length);
}

const postResponse = (answers: Record<string, unknown>) =>
  admin.post('/api/v1/responses').send({ templateId: survey.templateId, templateVersion: survey.version, siteCode: 'S1', channel: 'survey', answers });

test('an admin registers an endpoint for every event; only https (or 127.0.0.1 where allowed) is accepted', async () => {
  const csrf = await csrfTokenOf(admin, '/admin/webhooks');
  const refused = await admin
    .post('/admin/webhooks')
    .type('form')
    .send({ _csrf: csrf, url: 'http://example.com/hook', events: ['response.counted'] });
  expect(refused.status).toBe(303);
  expect((await admin.get('/admin/webhooks')).text).toContain('url: must start with https://');
  const closedInstall = composeApp({ ...world.deps, config: { ...world.deps.config, webhookAllowHttpLoopback: false } }).app;
  const strict = await loginAgent(closedInstall, tenant.admin.email);
  expect((await strict.post('/api/v1/webhooks').send({ url: receiver.url, events: ['response.counted'] })).body.error).toMatchObject({
    field: 'url',
    message: 'url: must start with https://',
  });
  expect((await admin.post('/api/v1/webhooks').send({ url: receiver.url, events: ['response.typo'] })).body.error.field).toBe('events.0');

  const created = await admin.post('/api/v1/webhooks').send({ url: receiver.url, description: 'CRM', events: [...WEBHOOK_EVENTS] });
  expect(created.status).toBe(201);
  endpointId = created.body.endpoint._id;
  secret = created.body.secret;
  expect(secret).toMatch(/^whsec_/);
  expect(created.body.endpoint.secret).toBeUndefined();
  const list = await admin.get('/admin/webhooks');
  expect(list.text).toContain(receiver.url);
  expect(list.text).toContain('答卷计入得分');
  expect(list.text).not.toContain(secret);
  // Analysts may not manage webhooks.
  const analyst = await loginAgent(world.app, tenant.users.analyst!.email);
  expect((await analyst.get('/api/v1/webhooks')).status).toBe(403);
});

test('every entry point that counts a response delivers response.counted once, signed', async () => {
  // API.
  expect((await postResponse(surveyAnswers())).status).toBe(201);
  // Survey form (a personal link).
  const { recipients } = await buildCampaign(tenant, { recipients: [{ email: 'hook@example.com', siteCode: 'S1' }] });
  expect((await request(world.app).post(`/s/${recipients[0]!.token}`).type('form').send(formFields())).text).toContain('感谢您的评价');
  // A completed follow-up call.
  await listWithCases(tenant, 1);
  const agent = await loginAgent(world.app, tenant.users.agent!.email);
  const next = await agent.post('/api/v1/call-cases/next').send({});
  expect(next.status).toBe(200);
  const answers = { service_completed: 'yes', technician_attitude: 4, timeliness: 5, problem_solved: 'yes', overall_satisfaction: 4 };
  expect((await agent.post(`/api/v1/call-cases/${next.body.case._id}/outcome`).send({ outcome: 'completed', answers })).status).toBe(200);
  // A mystery visit approved by QA.
  const { visits } = await mysteryPlan(tenant, { from: addDays(today(), -30), to: today() });
  const shopper = await addShopper(tenant, ['北京']);
  await assignVisit(tenant.ctx, visits[0]!._id, shopper.user._id);
  await acceptVisit(shopper.ctx, visits[0]!._id);
  await submitReport(shopper.ctx, visits[0]!._id, reportInput(2));
  const reviewer = await loginAgent(world.app, tenant.users.reviewer!.email);
  expect((await reviewer.post(`/api/v1/visits/${visits[0]!._id}/approve`).send({})).status).toBe(200);
  // A mystery response from an integration counts once a reviewer approves it: its event comes with the approval.
  const mystery = await publishDefaultTemplate(tenant.ctx, 'mystery');
  const waiting = await admin
    .post('/api/v1/responses')
    .send({ templateId: mystery.templateId, templateVersion: mystery.version, siteCode: 'S1', channel: 'mystery', answers: checklistAnswers() });
  expect(waiting.status).toBe(201);
  expect((await reviewer.post(`/api/v1/responses/${waiting.body.response._id}/approve`).send({})).status).toBe(200);

  // Nothing leaves before the queue runs: the deliveries were written with the changes.
  expect(receiver.received).toHaveLength(0);
  await jobs.drain();
  expect(
    acceptedOf('response.counted')
      .map((r) => `${r.event.data.channel}/${r.event.data.source}`)
      .sort(),
  ).toEqual(['call/call', 'mystery/api', 'mystery/visit', 'survey/api', 'survey/link']);
  expect(acceptedOf('visit.approved')).toEqual([
    expect.objectContaining({ event: expect.objectContaining({ data: expect.objectContaining({ visitId: visits[0]!._id, revision: 1 }) }) }),
  ]);
  const link = acceptedOf('response.counted').find((r) => r.event.data.source === 'link')!;
  expect(link.event).toMatchObject({
    enterpriseId: tenant.enterpriseId,
    test: false,
    data: { siteCode: 'S1', channel: 'survey', refs: { recipientId: recipients[0]!._id } },
  });
  expectSignedOnceEach();
  // A retried API submission and a second drain add nothing.
  await jobs.drain();
  expect(receiver.accepted()).toHaveLength(6);
});

test('a low score opens a case and resolving it is announced, each once', async () => {
  const before = receiver.accepted().length;
  const low = await postResponse(surveyAnswers({ overall_satisfaction: 1 }));
  await jobs.drain();
  const [opened] = acceptedOf('case.opened');
  expect(opened!.event.data).toMatchObject({ responseId: low.body.response._id, rule: 'lowOverall', status: 'open', siteCode: 'S1' });
  const caseId = String(opened!.event.data.caseId);
  const rev = async () => (await admin.get(`/api/v1/follow-ups/${caseId}`)).body.task.rev as number;
  expect((await admin.post(`/api/v1/follow-ups/${caseId}/assign`).send({ assigneeId: tenant.admin._id, rev: await rev() })).status).toBe(200);
  expect((await admin.post(`/api/v1/follow-ups/${caseId}/callbacks`).send({ outcome: 'reached', note: '已联系', rev: await rev() })).status).toBe(201);
  expect((await admin.post(`/api/v1/follow-ups/${caseId}/resolve`).send({ rootCause: 'lateVisit', action: '已道歉并退费', rev: await rev() })).status).toBe(
    200,
  );
  await jobs.drain();
  expect(acceptedOf('case.opened')).toHaveLength(1);
  expect(acceptedOf('case.resolved').map((r) => r.event.data)).toEqual([
    expect.objectContaining({
      caseId,
      status: 'resolved',
      resolution: expect.objectContaining({ rootCause: 'lateVisit', action: '已道歉并退费' }),
      reasons: [expect.objectContaining({ rule: 'lowOverall', responseId: low.body.response._id })],
    }),
  ]);
  // The response itself, its case opened, the case resolved.
  expect(receiver.accepted().length - before).toBe(3);
  expectSignedOnceEach();
});

test("an auditor's change to an audit announces that its projection changed", async () => {
  const auditor = await loginAgent(world.app, tenant.users.auditor!.email);
  const created = await auditor.post('/api/v1/audits').send({ kind: 'stage1', plannedDate: today() });
  expect(created.status).toBe(201);
  const auditId = created.body.audit._id;
  const site = tenant.sites[0]!._id;
  expect((await auditor.put(`/api/v1/audits/${auditId}/sites/${site}/bonus`).send({ points: 1, reason: '获得省级服务奖' })).status).toBe(200);
  await jobs.drain();
  // The first result moved the planned audit to in progress: two changes, one event each.
  expect(acceptedOf('audit.projection.changed').map((r) => r.event.data)).toEqual([
    expect.objectContaining({ auditId, siteId: null, change: 'audit.status' }),
    expect.objectContaining({ auditId, siteId: site, change: 'audit.bonus.set', projection: `/api/v1/audits/${auditId}/projection` }),
  ]);
  expectSignedOnceEach();
});

test('after a receiver outage of a minute the event arrives once; the delivery log shows each attempt and its response code', async () => {
  await receiver.down();
  const res = await postResponse(surveyAnswers({ comment: '停机期间的答卷' }));
  const responseId = res.body.response._id;
  await jobs.drain();
  ahead += 30_000;
  await jobs.drain();
  // Back after a minute, but still answering 503 at first.
  await receiver.up();
  receiver.answerWith(503);
  ahead += 30_000;
  expect(await jobs.drain()).toBe(0);
  ahead += 30_000;
  await jobs.drain();
  receiver.answerWith(200);
  ahead += 120_000;
  await jobs.drain();
  const mine = receiver.received.filter((r) => r.event.data.responseId === responseId);
  expect(mine.map((r) => r.status)).toEqual([503, 200]);
  expect(mine[0]!.event.id).toBe(mine[1]!.event.id);
  expectSignedOnceEach();

  const log = (await admin.get(`/api/v1/webhooks/${endpointId}`)).body.deliveries.filter((d: { eventId: string }) => d.eventId === mine[0]!.event.id);
  expect(log.map((d: { attempt: number; status?: number; ok: boolean }) => [d.attempt, d.status ?? null, d.ok])).toEqual([
    [4, 200, true],
    [3, 503, false],
    [2, null, false],
    [1, null, false],
  ]);
  const page = await admin.get(`/admin/webhooks/${endpointId}`);
  expect(page.text).toContain('推送记录');
  expect(page.text).toContain('<td class="webhook-status">503</td>');
  expect(page.text).toContain('ECONNREFUSED');
  const en = await admin.get(`/admin/webhooks/${endpointId}?lang=en`);
  expect(en.text).toContain('Delivery log');
  expect(en.text).toContain('Response counted');
  await admin.get('/admin/webhooks?lang=zh-CN');
});

test('the test button sends a full example of the chosen event, marked as a test', async () => {
  const csrf = await csrfTokenOf(admin, `/admin/webhooks/${endpointId}`);
  const pressed = await admin.post(`/admin/webhooks/${endpointId}/test`).type('form').send({ _csrf: csrf, type: 'case.resolved' });
  expect(pressed.status).toBe(303);
  expect((await admin.get(`/admin/webhooks/${endpointId}`)).text).toContain('测试事件已排队发送');
  await jobs.drain();
  const test = receiver.accepted().filter((r) => r.event.test);
  expect(test).toHaveLength(1);
  expect(test[0]!.event).toMatchObject({ type: 'case.resolved', test: true, enterpriseId: tenant.enterpriseId, data: EXAMPLE_DATA['case.resolved'] });
  expectSignedOnceEach();
  expect((await admin.post(`/api/v1/webhooks/${endpointId}/test`).send({ type: 'nope' })).body.error.field).toBe('type');
});

test('an endpoint that keeps failing is disabled and the admin is mailed; the healthy one still gets every event once', async () => {
  const dead = await admin.post('/api/v1/webhooks').send({ url: `http://127.0.0.1:${await closedPort()}/gone`, events: ['response.counted'] });
  const deadId = dead.body.endpoint._id;
  const before = acceptedOf('response.counted').length;
  await postResponse(surveyAnswers());
  await postResponse(surveyAnswers());
  const endpoint = () => world.store.collection<WebhookEndpoint>('webhookEndpoints').findOne({ _id: deadId });
  for (let hour = 0; hour < 30 && (await endpoint())!.enabled; hour++) {
    await jobs.drain();
    ahead += 3600_000;
  }
  expect(await endpoint()).toMatchObject({ enabled: false, disabledReason: 'failures', failuresInARow: DISABLE_AFTER_FAILURES });
  await jobs.drain();
  const mails = (await world.deps.mailer.listOutbox(tenant.enterpriseId)).filter((m) => m.subject.includes('Webhook 地址已自动停用'));
  expect(mails.map((m) => m.to)).toEqual([tenant.admin.email]);
  const entries = await world.store.collection<AuditEntry>('auditLog').find({ action: 'webhook.disable', entityId: deadId });
  expect(entries).toHaveLength(1);
  expect((await admin.get(`/admin/webhooks/${deadId}`)).text).toContain('连续推送失败，已自动停用');

  // A later event is not queued for the disabled endpoint; the healthy endpoint got each event once.
  await postResponse(surveyAnswers());
  await jobs.drain();
  expect(await world.store.collection('jobs').count({ kind: 'webhook.deliver', state: 'queued' })).toBe(0);
  expect(acceptedOf('response.counted').length - before).toBe(3);
  expectSignedOnceEach();
});

test("another enterprise's admin cannot see this endpoint and its responses never reach it", async () => {
  const other = await buildTenant(world.store);
  const otherAdmin = await loginAgent(world.app, other.admin.email);
  expect((await otherAdmin.get(`/api/v1/webhooks/${endpointId}`)).status).toBe(404);
  expect((await otherAdmin.get(`/admin/webhooks/${endpointId}`)).status).toBe(404);
  const before = receiver.received.length;
  const otherSurvey = await publishDefaultTemplate(other.ctx, 'survey');
  expect(
    (
      await otherAdmin
        .post('/api/v1/responses')
        .send({ templateId: otherSurvey.templateId, templateVersion: otherSurvey.version, siteCode: 'S1', channel: 'survey', answers: surveyAnswers() })
    ).status,
  ).toBe(201);
  await jobs.drain();
  expect(receiver.received.length).toBe(before);
});
