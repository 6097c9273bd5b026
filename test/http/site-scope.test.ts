/**
 * The probes of issue 16, as a user limited to one site (北京, "BJ01") would try
 * them against another site of the same enterprise (上海, "SH01"): each is a
 * 404, while the same request on the user's own site works.
 */
import { importCases } from '../../server/services/calls/cases';
import { insertUser } from '../../server/services/accounts/users';
import type { Role } from '../../server/services/accounts/roles';
import { submitResponse } from '../../server/services/responses/submit';
import { caseRows } from '../helpers/calls';
import { dayFromNow } from '../helpers/audits';
import { publishDefaultTemplate, surveyAnswers } from '../helpers/templates';
import { mysteryPlan } from '../helpers/visits';
import { buildTenant, buildWorld, loginAgent, PASSWORD, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let bj: string;
let sh: string;
let auditId: string;
const responseAt: Record<'bj' | 'sh', string> = { bj: '', sh: '' };

async function limitedAgent(role: Exclude<Role, 'operator'>, siteIds: string[]) {
  const email = `bj-${role}-${tenant.enterpriseId}@test.local`;
  await insertUser(world.store, { enterpriseId: tenant.enterpriseId, email, name: `BJ ${role}`, role, password: PASSWORD, siteIds });
  return loginAgent(world.app, email);
}

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  [bj, sh] = tenant.sites.map((s) => s._id);
  const auditor = await loginAgent(world.app, tenant.users.auditor!.email);
  auditId = (await auditor.post('/api/v1/audits').send({ kind: 'stage1', plannedDate: dayFromNow(2) })).body.audit._id;

  const survey = await publishDefaultTemplate(tenant.ctx, 'survey');
  for (const [key, siteId] of [
    ['bj', bj],
    ['sh', sh],
  ] as const) {
    const { response } = await submitResponse(tenant.ctx, {
      templateId: survey.templateId,
      templateVersion: survey.version,
      siteId,
      channel: 'survey',
      answers: surveyAnswers(),
      source: 'api',
    });
    responseAt[key] = response._id;
  }
  await publishDefaultTemplate(tenant.ctx, 'call');
  await importCases(tenant.ctx, [...caseRows(2, { prefix: 'BJ', siteCode: 'S1' }), ...caseRows(3, { prefix: 'SH', siteCode: 'S2' })], {
    source: 'csv',
    now: new Date('2024-03-06T02:00:00Z'),
  });
  await mysteryPlan(tenant, { siteId: sh });
  await mysteryPlan(tenant, { siteId: bj });
});
afterAll(() => world.close());

describe('a BJ01-limited auditor', () => {
  let auditor: Awaited<ReturnType<typeof loginAgent>>;
  beforeAll(async () => {
    auditor = await limitedAgent('auditor', [bj]);
  });

  test('gets 404 setting a bonus or adding a deduction at SH01, and 200/201 at BJ01', async () => {
    expect((await auditor.put(`/api/v1/audits/${auditId}/sites/${sh}/bonus`).send({ points: 1, reason: 'r' })).status).toBe(404);
    expect((await auditor.post(`/api/v1/audits/${auditId}/sites/${sh}/deductions`).send({ reason: 'complaint' })).status).toBe(404);
    expect((await auditor.put(`/api/v1/audits/${auditId}/sites/${bj}/bonus`).send({ points: 1, reason: 'r' })).status).toBe(200);
    expect((await auditor.post(`/api/v1/audits/${auditId}/sites/${bj}/deductions`).send({ reason: 'complaint' })).status).toBe(201);
    // The audit as a whole shows only BJ01's entries and adjustments.
    const read = await auditor.get(`/api/v1/audits/${auditId}`);
    expect(read.status).toBe(200);
    expect(read.body.adjustments.every((a: { siteId: string }) => a.siteId === bj)).toBe(true);
  });

  test('may not plan an audit or change its status, which span every site', async () => {
    expect((await auditor.post('/api/v1/audits').send({ kind: 'stage1', plannedDate: dayFromNow(3) })).status).toBe(403);
    expect((await auditor.put(`/api/v1/audits/${auditId}`).send({ status: 'inProgress' })).status).toBe(403);
  });
});

describe('a BJ01-limited analyst', () => {
  let analyst: Awaited<ReturnType<typeof loginAgent>>;
  beforeAll(async () => {
    analyst = await limitedAgent('analyst', [bj]);
  });

  test('gets 404 listing SH01’s call cases, and only BJ01’s without a site', async () => {
    expect((await analyst.get(`/api/v1/call-cases?siteId=${sh}`)).status).toBe(404);
    const own = await analyst.get(`/api/v1/call-cases?siteId=${bj}`);
    expect(own.status).toBe(200);
    expect(own.body.total).toBe(2);
    const all = await analyst.get('/api/v1/call-cases');
    expect(all.body.cases.map((c: { siteId: string }) => c.siteId)).toEqual([bj, bj]);
  });

  test('gets 404 reading an SH01 response, 200 for a BJ01 one', async () => {
    expect((await analyst.get(`/api/v1/responses/${responseAt.sh}`)).status).toBe(404);
    expect((await analyst.get(`/api/v1/responses/${responseAt.bj}`)).status).toBe(200);
  });

  test('sees no SH01 visit in GET /visits', async () => {
    const res = await analyst.get('/api/v1/visits');
    expect(res.status).toBe(200);
    expect(res.body.visits.filter((v: { siteId: string }) => v.siteId !== bj)).toEqual([]);
  });

  test('gets only BJ01 in the site list and 404 for SH01', async () => {
    const list = await analyst.get('/api/v1/sites');
    expect(list.body.sites.map((s: { _id: string }) => s._id)).toEqual([bj]);
    expect((await analyst.get(`/api/v1/sites/${sh}`)).status).toBe(404);
  });

  test('gets the dashboard figures of BJ01 only, where an unlimited analyst gets both sites', async () => {
    const url = '/api/v1/dashboard/sites?from=2000-01-01&to=2100-01-01';
    const whole = await (await loginAgent(world.app, tenant.users.analyst!.email)).get(url);
    expect(JSON.stringify(whole.body)).toContain(sh);
    const res = await analyst.get(url);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain(bj);
    expect(JSON.stringify(res.body)).not.toContain(sh);
  });
});

describe('rollups, exports and reports for a BJ01-limited analyst', () => {
  const surveyResponses = (body: { channels: Record<string, { responses: number }> }) => body.channels.survey.responses;

  test('the enterprise figures pool BJ01 only, where an unlimited analyst pools both sites', async () => {
    const url = '/api/v1/scores?from=2000-01-01&to=2100-01-01';
    const whole = await (await loginAgent(world.app, tenant.users.analyst!.email)).get(url);
    const limited = await (await loginAgent(world.app, `bj-analyst-${tenant.enterpriseId}@test.local`)).get(url);
    expect(surveyResponses(whole.body)).toBe(2);
    expect(surveyResponses(limited.body)).toBe(1);
  });

  test('exports hold BJ01’s rows only, and asking for SH01 answers as for a site that does not exist', async () => {
    const analyst = await loginAgent(world.app, `bj-analyst-${tenant.enterpriseId}@test.local`);
    const responses = await analyst.get('/api/v1/exports/responses?format=csv');
    expect(responses.status).toBe(200);
    expect(responses.text).toContain(responseAt.bj);
    expect(responses.text).not.toContain(responseAt.sh);
    const scores = await analyst.get('/api/v1/exports/scores?format=csv&from=2000-01-01&to=2100-01-01');
    expect(scores.status).toBe(200);
    expect(scores.text).not.toMatch(/(^|,)S2(,|$)/m);
    const sh01 = await analyst.get('/api/v1/exports/responses?format=csv&site=S2');
    const none = await analyst.get('/api/v1/exports/responses?format=csv&site=ZZ99');
    expect(sh01.status).toBe(400);
    expect(sh01.body.error.message.replace('S2', 'ZZ99')).toBe(none.body.error.message);
  });
});

describe('a BJ01-limited reviewer', () => {
  test('lists and opens only BJ01 visits', async () => {
    const reviewer = await limitedAgent('reviewer', [bj]);
    const res = await reviewer.get('/api/v1/visits');
    expect(res.status).toBe(200);
    const sites = new Set(res.body.visits.map((v: { siteId: string }) => v.siteId));
    expect([...sites]).toEqual([bj]);
    const admin = await loginAgent(world.app, tenant.admin.email);
    const shVisit = (await admin.get('/api/v1/visits')).body.visits.find((v: { siteId: string }) => v.siteId === sh);
    expect(shVisit).toBeDefined();
    expect((await reviewer.get(`/api/v1/visits/${shVisit._id}`)).status).toBe(404);
  });
});

describe('a BJ01-limited admin', () => {
  test('cannot submit a response for SH01, nor manage what spans every site', async () => {
    const admin = await limitedAgent('admin', [bj]);
    const survey = await publishDefaultTemplate(tenant.ctx, 'survey');
    const body = { templateId: survey.templateId, templateVersion: survey.version, siteCode: 'S2', channel: 'survey', answers: surveyAnswers() };
    expect((await admin.post('/api/v1/responses').set('Idempotency-Key', 'bj-admin-sh-1').send(body)).status).toBe(404);
    expect(
      (
        await admin
          .post('/api/v1/responses')
          .set('Idempotency-Key', 'bj-admin-bj-1')
          .send({ ...body, siteCode: 'S1' })
      ).status,
    ).toBe(201);
    expect((await admin.get('/api/v1/users')).status).toBe(403);
    expect((await admin.post('/api/v1/sites').send({ code: 'X9', name: 'x', city: '深圳' })).status).toBe(403);
  });
});
