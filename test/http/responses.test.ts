import request from 'supertest';
import { createApiToken } from '../../server/services/accounts/apiTokens';
import { publishDefaultTemplate, surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let other: Tenant;
let token: string;
let survey: Awaited<ReturnType<typeof publishDefaultTemplate>>;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  other = await buildTenant(world.store);
  survey = await publishDefaultTemplate(tenant.ctx, 'survey');
  token = (await createApiToken(tenant.ctx, { name: 'CRM', role: 'admin' })).token;
});
afterAll(() => world.close());

function ingest(body: Record<string, unknown>, key?: string) {
  const req = request(world.app).post('/api/v1/responses').set('Authorization', `Bearer ${token}`);
  if (key) req.set('Idempotency-Key', key);
  return req.send(body);
}

const base = () => ({ templateId: survey.templateId, templateVersion: survey.version, siteCode: 'S1', channel: 'survey', answers: surveyAnswers() });

async function responseCount(): Promise<number> {
  return world.store.collection('responses').count({ enterpriseId: tenant.enterpriseId });
}

describe('POST /api/v1/responses', () => {
  test('stores a valid response and it counts in the scores', async () => {
    const res = await ingest(base());
    expect(res.status).toBe(201);
    expect(res.body.response.templateVersion).toBe(1);
    expect(res.body.response.siteCode).toBe('S1');
    const scores = await request(world.app).get('/api/v1/scores?site=S1').set('Authorization', `Bearer ${token}`);
    expect(scores.status).toBe(200);
    expect(scores.body.channels.survey.responses).toBe(1);
    // overall_satisfaction 4 on 5 points → (4−1)/4×100 = 75
    expect(scores.body.measures.acsi.score).toBeCloseTo(75, 6);
  });

  test('counts a retried submission once: same Idempotency-Key in sequence and in parallel', async () => {
    const before = await responseCount();
    const first = await ingest(base(), 'crm-case-1001');
    expect(first.status).toBe(201);
    const again = await ingest(base(), 'crm-case-1001');
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.response._id).toBe(first.body.response._id);
    const parallel = await Promise.all(Array.from({ length: 20 }, () => ingest(base(), 'crm-case-1002')));
    expect(parallel.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(parallel.map((r) => r.body.response._id)).size).toBe(1);
    expect(await responseCount()).toBe(before + 2);
  });

  test('a reused key with a different body is a 409 and stores nothing', async () => {
    await ingest(base(), 'crm-case-2001');
    const before = await responseCount();
    const res = await ingest({ ...base(), answers: surveyAnswers({ overall_satisfaction: 1 }) }, 'crm-case-2001');
    expect(res.status).toBe(409);
    expect(res.body.error.field).toBe('Idempotency-Key');
    expect(await responseCount()).toBe(before);
  });

  test.each([
    ['an unknown question', { answers: surveyAnswers({ q99: 3 }) }, 'answers.q99'],
    ['an out-of-range rating', { answers: surveyAnswers({ staff_attitude: 6 }) }, 'answers.staff_attitude'],
    ['a wrong type', { answers: surveyAnswers({ recommend: 'ten' }) }, 'answers.recommend'],
    ['a missing required answer', { answers: surveyAnswers({ overall_satisfaction: undefined }) }, 'answers.overall_satisfaction'],
    ['a wrong channel', { channel: 'call' }, 'channel'],
    ['a missing version', { templateVersion: undefined }, 'templateVersion'],
  ])('%s is a 400 naming the question, and nothing is stored', async (_label, change, field) => {
    const before = await responseCount();
    const res = await ingest({ ...base(), ...change });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message).toContain(field);
    expect(await responseCount()).toBe(before);
  });

  test('a site of another enterprise, or a template version that does not exist, is a 404', async () => {
    const otherSite = await ingest({ ...base(), siteCode: other.sites[0].code + 'X' });
    expect(otherSite.status).toBe(404);
    const missingVersion = await ingest({ ...base(), templateVersion: 7 });
    expect(missingVersion.status).toBe(404);
    const otherTemplate = await publishDefaultTemplate(other.ctx, 'survey');
    const foreign = await ingest({ ...base(), templateId: otherTemplate.templateId });
    expect(foreign.status).toBe(404);
  });

  test('an analyst may read scores but not ingest', async () => {
    const agent = await loginAgent(world.app, tenant.users.analyst!.email);
    expect((await agent.post('/api/v1/responses').send(base())).status).toBe(403);
    expect((await agent.get('/api/v1/scores')).status).toBe(200);
  });
});

describe('GET /api/v1/scores', () => {
  test('returns CPSQ with n, SD, CI, low-sample flag, the dropped channels and the method', async () => {
    const res = await request(world.app).get('/api/v1/scores?period=year').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.cpsq.score).not.toBeNull();
    expect(res.body.cpsq.lowSample).toBe(true);
    expect(res.body.droppedChannels).toEqual(expect.arrayContaining(['call', 'mystery']));
    expect(res.body.effectiveWeights).toEqual({ survey: 1 });
    expect(res.body.cpsq.method).toMatch(/correlation between indicators is ignored/i);
    expect(res.body.bySite).toHaveLength(2);
    expect(res.body.gate.target).toBe(80);
  });

  test('bad filters are 400s naming the field', async () => {
    const get = (q: string) => request(world.app).get(`/api/v1/scores?${q}`).set('Authorization', `Bearer ${token}`);
    expect((await get('from=2026-13-45')).body.error.field).toBe('from');
    expect((await get('channel=fax')).body.error.field).toBe('channel');
    expect((await get('period=decade')).body.error.field).toBe('period');
    expect((await get('from=2026-05-01&to=2026-04-01')).body.error.field).toBe('from');
  });

  test('refuses channel weights that do not sum to 1 and a negative target', async () => {
    const agent = await loginAgent(world.app, tenant.admin.email);
    const weights = await agent.put('/api/v1/project').send({ channelWeights: { survey: 0.5, call: 0.3, mystery: 0.3 } });
    expect(weights.status).toBe(400);
    expect(weights.body.error.field).toBe('channelWeights');
    const target = await agent.put('/api/v1/project').send({ target: -5 });
    expect(target.status).toBe(400);
    expect(target.body.error.field).toBe('target');
    const ok = await agent.put('/api/v1/project').send({ gateRule: 'lowerBound', target: 85 });
    expect(ok.status).toBe(200);
    const scores = await agent.get('/api/v1/scores');
    expect(scores.body.gate).toMatchObject({ rule: 'lowerBound', target: 85 });
  });
});
