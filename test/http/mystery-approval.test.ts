/**
 * Mystery-channel responses count only once approved, whatever their entry
 * point: one posted through POST /api/v1/responses waits in the reviewer's
 * queue, or is approved in the same request by a caller holding the reviewer
 * permission; either approval is in the audit log.
 */
import request from 'supertest';
import { createApiToken } from '../../server/services/accounts/apiTokens';
import type { AuditEntry } from '../../server/services/auditLog';
import { checklistAnswers } from '../helpers/visits';
import { publishDefaultTemplate, surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';

let world: World;
let adminToken: string;
let reviewerToken: string;

beforeAll(async () => {
  world = await buildWorld();
}, 60_000);
afterAll(() => world.close());

/** A fresh enterprise per test, so each one's scores hold only its own responses. */
async function enterprise() {
  const tenant = await buildTenant(world.store);
  const mystery = await publishDefaultTemplate(tenant.ctx, 'mystery');
  const survey = await publishDefaultTemplate(tenant.ctx, 'survey');
  adminToken = (await createApiToken(tenant.ctx, { name: 'CRM', role: 'admin' })).token;
  reviewerToken = (await createApiToken(tenant.ctx, { name: 'QA desk', role: 'reviewer' })).token;
  const body = (extra: Record<string, unknown> = {}) => ({
    templateId: mystery.templateId,
    templateVersion: mystery.version,
    siteCode: 'S1',
    channel: 'mystery',
    answers: checklistAnswers(),
    ...extra,
  });
  const surveyBody = () => ({ templateId: survey.templateId, templateVersion: survey.version, siteCode: 'S1', channel: 'survey', answers: surveyAnswers() });
  return { tenant, body, surveyBody };
}

function post(token: string, body: Record<string, unknown>, key?: string) {
  const req = request(world.app).post('/api/v1/responses').set('Authorization', `Bearer ${token}`);
  if (key) req.set('Idempotency-Key', key);
  return req.send(body);
}

/** The mystery responses the scores API counts at site S1 (0 when the channel has no data). */
async function countedMystery(): Promise<number> {
  const res = await request(world.app).get('/api/v1/scores?site=S1').set('Authorization', `Bearer ${adminToken}`);
  expect(res.status).toBe(200);
  return res.body.channels.mystery?.responses ?? 0;
}

async function approvals(tenant: Tenant): Promise<AuditEntry[]> {
  return world.store.collection<AuditEntry>('auditLog').find({ enterpriseId: tenant.enterpriseId, action: 'response.approved' });
}

test('a mystery response posted through the API moves no score until a reviewer approves it, then counts once', async () => {
  const { body } = await enterprise();
  const posted = await post(adminToken, body());
  expect(posted.status).toBe(201);
  expect(posted.body.response.countedAt).toBeUndefined();
  expect(await countedMystery()).toBe(0);

  const reviewer = request(world.app);
  const queue = await reviewer.get('/api/v1/responses/pending-review').set('Authorization', `Bearer ${reviewerToken}`);
  expect(queue.status).toBe(200);
  expect(queue.body.responses.map((r: { _id: string }) => r._id)).toEqual([posted.body.response._id]);

  // An admin holds no reviewer permission: its own enterprise's response, but a 403 and still uncounted.
  expect((await reviewer.post(`/api/v1/responses/${posted.body.response._id}/approve`).set('Authorization', `Bearer ${adminToken}`)).status).toBe(403);
  expect(await countedMystery()).toBe(0);

  const approve = () => reviewer.post(`/api/v1/responses/${posted.body.response._id}/approve`).set('Authorization', `Bearer ${reviewerToken}`);
  const approved = await approve();
  expect(approved.status).toBe(200);
  expect(approved.body.response.countedAt).toBe(posted.body.response.respondedAt);
  expect(await countedMystery()).toBe(1);
  // Approving again changes nothing, and the queue is empty.
  expect((await approve()).status).toBe(200);
  expect(await countedMystery()).toBe(1);
  expect((await reviewer.get('/api/v1/responses/pending-review').set('Authorization', `Bearer ${reviewerToken}`)).body.responses).toEqual([]);
});

test('the reviewer approval of a waiting response is in the audit log, with the reviewer as its actor', async () => {
  const { tenant, body } = await enterprise();
  const posted = await post(adminToken, body());
  const reviewer = await loginAgent(world.app, tenant.users.reviewer!.email);
  expect((await reviewer.post(`/api/v1/responses/${posted.body.response._id}/approve`)).status).toBe(200);
  const entries = await approvals(tenant);
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({
    actorId: tenant.users.reviewer!._id,
    actorRole: 'reviewer',
    entityId: posted.body.response._id,
    detail: { via: 'review' },
  });
});

test('a caller holding the reviewer permission approves in the same request: it counts at once, once, and is audited', async () => {
  const { tenant, body } = await enterprise();
  const first = await post(reviewerToken, body({ approved: true }), 'qa-visit-77');
  expect(first.status).toBe(201);
  expect(first.body.response.approvedAt).toEqual(expect.any(String));
  expect(await countedMystery()).toBe(1);
  const retry = await post(reviewerToken, body({ approved: true }), 'qa-visit-77');
  expect(retry.status).toBe(200);
  expect(await countedMystery()).toBe(1);
  const entries = await approvals(tenant);
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ actorRole: 'reviewer', entityId: first.body.response._id, detail: { via: 'submission' } });
});

test('a caller without the reviewer permission cannot approve in the request: 403, and nothing is stored', async () => {
  const { tenant, body } = await enterprise();
  const res = await post(adminToken, body({ approved: true }));
  expect(res.status).toBe(403);
  expect(await world.store.collection('responses').count({ enterpriseId: tenant.enterpriseId })).toBe(0);
  expect(await countedMystery()).toBe(0);
});

test('approval applies to mystery responses only, and a reviewer may not post other channels', async () => {
  const { surveyBody } = await enterprise();
  const approvedSurvey = await post(adminToken, { ...surveyBody(), approved: true });
  expect(approvedSurvey.status).toBe(400);
  expect(approvedSurvey.body.error.field).toBe('approved');
  expect((await post(reviewerToken, surveyBody())).status).toBe(403);
  const notBoolean = await post(adminToken, { ...surveyBody(), approved: 'yes' });
  expect(notBoolean.status).toBe(400);
  expect(notBoolean.body.error.field).toBe('approved');
});

test('a survey response, or a response already counted, cannot be approved; another enterprise cannot see the response', async () => {
  const { body, surveyBody } = await enterprise();
  const survey = await post(adminToken, surveyBody());
  const approveSurvey = await request(world.app).post(`/api/v1/responses/${survey.body.response._id}/approve`).set('Authorization', `Bearer ${reviewerToken}`);
  expect(approveSurvey.status).toBe(409);
  const waiting = await post(adminToken, body());
  await enterprise(); // the tokens now belong to another enterprise
  const foreign = await request(world.app).post(`/api/v1/responses/${waiting.body.response._id}/approve`).set('Authorization', `Bearer ${reviewerToken}`);
  expect(foreign.status).toBe(404);
});
