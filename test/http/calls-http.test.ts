/**
 * Follow-up calls over HTTP: a phone number leaves the server whole only in
 * answers to the agent holding the case — checked on pages, the API, the CSV
 * export, the audit log and the request log (captured from pino).
 */
import pino from 'pino';
import request from 'supertest';
import { composeApp, type ComposedApp } from '../../server/compose';
import { insertUser } from '../../server/services/accounts/users';
import { publishDefaultTemplate } from '../helpers/templates';
import { buildTenant, buildWorld, PASSWORD, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let app: ComposedApp['app'];
const logLines: string[] = [];

// Entered in loose formats; stored as the second column. None may appear anywhere but the holder's answers.
const PHONES = [
  ['138 7519 0001', '13875190001'],
  ['+86 139-7528-0002', '13975280002'],
  ['(010) 6723 4563', '010-67234563'],
  ['0755-8731-9004', '0755-87319004'],
  ['13676540005', '13676540005'],
  ['13776540006', '13776540006'],
];
const full = PHONES.flatMap(([raw, normal]) => [raw, normal, normal.replace(/-/g, '')]);
const cases = PHONES.map(([raw], i) => ({
  caseId: `H-${i + 1}`,
  siteCode: 'S1',
  customerName: `客户${i + 1}`,
  phone: raw,
  serviceType: '维修',
  serviceDate: '2024-03-05',
}));
const leaks = (text: string) => full.filter((p) => text.includes(p));

async function login(email: string) {
  const agent = request.agent(app);
  const res = await agent.post('/api/v1/auth/login').send({ email, password: PASSWORD });
  expect(res.status).toBe(200);
  return agent;
}
const csrfOf = async (agent: request.Agent, path: string) => /name="_csrf" value="([^"]+)"/.exec((await agent.get(path)).text)![1]!;

let admin: request.Agent;
let analyst: request.Agent;
let agent1: request.Agent;
let agent2: request.Agent;
let listId = '';
let heldId = '';

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  // The request log at its most talkative and without redaction: our code must not hand it a number at all.
  const logger = pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) });
  app = composeApp({ ...world.deps, logger }).app;
  await publishDefaultTemplate(tenant.ctx, 'call');
  await insertUser(world.store, {
    enterpriseId: tenant.enterpriseId,
    email: `agent2@${tenant.enterpriseId}.test`,
    name: '坐席二',
    role: 'agent',
    password: PASSWORD,
  });
  admin = await login(tenant.admin.email);
  analyst = await login(tenant.users.analyst!.email);
  agent1 = await login(tenant.users.agent!.email);
  agent2 = await login(`agent2@${tenant.enterpriseId}.test`);
});
afterAll(() => world.close());

describe('cases and lists', () => {
  test('the API refuses a bad case naming the item and field, without echoing the number', async () => {
    const res = await admin.post('/api/v1/call-cases').send({ cases: [cases[0], { ...cases[1], phone: '139 7528 000' }] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ field: 'cases.1.phone', message: expect.stringMatching(/^cases\.1\.phone: must be a mainland mobile/) });
    expect(res.text).not.toContain('7528');
    expect((await admin.post('/api/v1/call-cases').send({ cases: [{ ...cases[0], extra: 1 }] })).body.error).toMatchObject({ field: 'cases.0.extra' });
    expect((await agent1.post('/api/v1/call-cases').send({ cases })).status).toBe(403);
  });

  test('cases go in through the API once; a repeat reports duplicates', async () => {
    const res = await admin.post('/api/v1/call-cases').send({ cases: cases.slice(0, 4) });
    expect(res.status).toBe(201);
    expect(res.body.created).toBe(4);
    const again = await admin.post('/api/v1/call-cases').send(cases[0]);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ created: 0, duplicates: [{ row: 0, caseId: 'H-1', reason: 'existing' }] });
  });

  test('a CSV upload shows its row errors on the result page, in the page language', async () => {
    const csrf = await csrfOf(admin, '/call-cases');
    const csv = [
      'case_id,site_code,customer_name,phone,service_type,service_date',
      ...cases.slice(4).map((c) => [c.caseId, c.siteCode, c.customerName, c.phone, c.serviceType, c.serviceDate].join(',')),
      'H-9,S9,x,13800000000,维修,2024-03-05',
      'H-10,S1,,13800000000,维修,2024-03-05',
      `H-11,S1,x,13800000000,${'修'.repeat(41)},2024-03-05`,
      'H 12!,S1,x,13800000000,维修,2024-03-05',
      'H-13,S1,x,12345,维修,2024-03-05',
      'H-14,S1,x,13800000000,维修,2024-02-30',
      'H-15,S1,x,13800000000,维修,2999-01-01',
    ].join('\n');
    const res = await admin.post('/upload/call-cases/import').field('_csrf', csrf).attach('file', Buffer.from(csv), 'cases.csv');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/call-imports\//);
    const page = await admin.get(res.headers.location);
    for (const cell of [
      '<td>4</td><td><code>site_code</code> 场所代码</td><td>须为您可管理的场所代码之一（S1, S2）</td>',
      '<td>5</td><td><code>customer_name</code> 客户姓名</td><td>必填</td>',
      '<td>6</td><td><code>service_type</code> 服务类型</td><td>须为不超过 40 个字符的文本</td>',
      '<td>7</td><td><code>case_id</code> 工单号</td><td>只能包含字母、数字和 - _ . / # :（不超过 64 个字符）</td>',
      '<td>8</td><td><code>phone</code> 电话</td><td>须为中国大陆手机号（以 13–19 开头的 11 位数字）或带区号的固定电话，例如 010-12345678</td>',
      '<td>9</td><td><code>service_date</code> 服务日期</td><td>须为日期，格式 YYYY-MM-DD</td>',
      '<td>10</td><td><code>service_date</code> 服务日期</td><td>不能晚于今天</td>',
    ])
      expect(page.text).toContain(cell);
    expect(page.text).not.toMatch(/must |is required/);
    const en = await admin.get(`${res.headers.location}?lang=en`);
    expect(en.text).toContain('<td>4</td><td><code>site_code</code> Site code</td><td>must be one of your site codes (S1, S2)</td>');
    expect(en.text).toContain('<td>5</td><td><code>customer_name</code> Customer name</td><td>is required</td>');
    await admin.get('/call-cases?lang=zh-CN');
    // Without the CSRF token the upload is refused after parsing.
    expect((await admin.post('/upload/call-cases/import').attach('file', Buffer.from(csv), 'cases.csv')).status).toBe(403);
  });

  test('the planner page shows z, p, e, N, n∞ and n with the correction', async () => {
    const q = new URLSearchParams({ siteId: tenant.sites[0]._id, from: '2024-03-01', to: '2024-03-31', mode: 'planner', e: '0.3', p: '0.5', z: '1.96' });
    const res = await admin.get(`/call-lists/new?${q}`);
    expect(res.status).toBe(200);
    const figure = (name: string) => new RegExp(`data-figure="${name}">([^<]+)<`).exec(res.text)?.[1]?.trim();
    // n0 = 1.96²·0.25/0.09 = 10.67 → n∞ 11; with N = 6: 10.67/(1 + 9.67/6) = 4.09 → 5
    expect([figure('z'), figure('p'), figure('e'), figure('N'), figure('nInfinite'), figure('nFpc'), figure('quota')]).toEqual([
      '1.96',
      '0.5',
      '0.3',
      '6',
      '11',
      '5',
      '5',
    ]);
    const bad = await admin.get(`/call-lists/new?${new URLSearchParams({ ...Object.fromEntries(q), e: '2' })}`);
    expect(bad.text).toContain('e: must be a margin of error from 0.01 to 0.5');
    expect(
      (await admin.post('/api/v1/call-lists').send({ siteId: tenant.sites[0]._id, from: '2024-03-01', to: '2024-03-31', z: 'x' })).body.error,
    ).toMatchObject({ field: 'z' });
  });

  test('drawing from the planner opens the list with its seed and a passing reproduction check', async () => {
    const csrf = await csrfOf(admin, '/call-lists/new');
    const res = await admin.post('/call-lists').type('form').send({
      _csrf: csrf,
      siteId: tenant.sites[0]._id,
      from: '2024-03-01',
      to: '2024-03-31',
      mode: 'manual',
      quota: '6',
      e: '',
      p: '',
      z: '',
      expectedResponseRate: '1',
      maxAttempts: '4',
      templateId: '',
    });
    expect(res.status).toBe(303);
    listId = res.headers.location.split('/').pop()!;
    const page = await admin.get(res.headers.location);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/data-figure="seed">\d+</);
    expect(page.text).toContain('用同一种子重新抽样，结果完全一致');
    const draw = await analyst.get(`/api/v1/call-lists/${listId}/draw`);
    expect(draw.body.draw).toMatchObject({ populationSize: 6, sampleSize: 6, populationMatches: true, sampleMatches: true });
  });
});

describe('working the list', () => {
  test('only the holding agent sees the number in full, after a "show" click that is audit-logged, in the API and on the page', async () => {
    const next = await agent1.post('/api/v1/call-cases/next').send({});
    expect(next.body.case).toMatchObject({ heldByYou: true, phoneMasked: true, mayRevealPhone: true });
    expect(leaks(JSON.stringify(next.body))).toEqual([]);
    heldId = next.body.case._id;
    const page = await agent1.get(`/agent/call-cases/${heldId}`);
    expect(page.status).toBe(200);
    expect(leaks(page.text)).toEqual([]);
    expect(page.text).toContain(`action="/agent/call-cases/${heldId}/phone"`);

    const shown = await agent1.post(`/api/v1/call-cases/${heldId}/phone`).send({});
    expect(shown.status).toBe(200);
    const phone = shown.body.phone as string;
    expect(full).toContain(phone);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const shownPage = await agent1.post(`/agent/call-cases/${heldId}/phone`).type('form').send({ _csrf: csrf });
    expect(shownPage.status).toBe(200);
    expect(shownPage.text).toContain(`data-phone="${phone}"`);
    expect(await world.store.collection('auditLog').count({ action: 'contact.reveal', entity: 'callCases', entityId: heldId })).toBe(2);
    // Nobody else may reveal it.
    for (const reader of [agent2, admin]) expect((await reader.post(`/api/v1/call-cases/${heldId}/phone`).send({})).status).toBe(403);

    for (const reader of [agent2, admin, analyst]) {
      const one = await reader.get(`/api/v1/call-cases/${heldId}`);
      expect(one.body.case).toMatchObject({ phoneMasked: true, heldByYou: false });
      expect(leaks(one.text)).toEqual([]);
    }
    const other = await agent2.get(`/agent/call-cases/${heldId}`);
    expect(other.status).toBe(303);
    expect(leaks(other.text)).toEqual([]);
    // Shoppers and auditors have no business with call cases at all.
    const shopper = await login(tenant.users.shopper!.email);
    expect((await shopper.get(`/api/v1/call-cases/${heldId}`)).status).toBe(403);
  });

  test('an outcome on a case someone else holds is refused with 409 and a message', async () => {
    const res = await agent2.post(`/api/v1/call-cases/${heldId}/outcome`).send({ outcome: 'refused' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'case_not_held',
      message: expect.stringMatching(/^you do not hold case H-\d: take it with “next case” first$/),
    });
    expect((await agent1.post(`/api/v1/call-cases/${heldId}/outcome`).send({ outcome: 'maybe' })).body.error.field).toBe('outcome');
    const badAnswers = await agent1.post(`/api/v1/call-cases/${heldId}/outcome`).send({ outcome: 'completed', answers: { service_completed: 'yes' } });
    expect(badAnswers.status).toBe(400);
    expect(badAnswers.body.error.field).toMatch(/^answers\./);
  });

  test('the agent records a no-answer on the page, then a colleague completes another case through the API', async () => {
    const csrf = await csrfOf(agent1, `/agent/call-cases/${heldId}`);
    const res = await agent1.post(`/agent/call-cases/${heldId}/outcome`).type('form').send({ _csrf: csrf, outcome: 'no_answer', note: '' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/agent');
    const workspace = await agent1.get('/agent');
    expect(workspace.text).toMatch(/无人接听/);

    const next = await agent2.post('/api/v1/call-cases/next').send({});
    const answers = { service_completed: 'yes', technician_attitude: 4, timeliness: 5, problem_solved: 'yes', overall_satisfaction: 4 };
    const done = await agent2.post(`/api/v1/call-cases/${next.body.case._id}/outcome`).send({ outcome: 'completed', answers });
    expect(done.status).toBe(200);
    expect(done.body.case).toMatchObject({ status: 'completed', phoneMasked: true });
    const closed = await agent2.post(`/api/v1/call-cases/${next.body.case._id}/outcome`).send({ outcome: 'completed', answers });
    expect(closed.status).toBe(409);
    expect(closed.body.error.message).toMatch(/is already closed \(completed\); no further outcome can be recorded$/);
    const callback = await agent1.post('/api/v1/call-cases/next').send({});
    const at = new Date(Date.now() + 3600_000).toISOString();
    expect((await agent1.post(`/api/v1/call-cases/${callback.body.case._id}/outcome`).send({ outcome: 'callback', callbackAt: at })).status).toBe(200);
  });

  test('no full number on any list, report, export or log', async () => {
    const pages = [
      [admin, '/call-cases'],
      [admin, `/call-lists/${listId}`],
      [admin, '/call-lists?from=2024-01-01&to=2024-12-31'],
      [analyst, '/calls/supervisor?from=2024-03-01&to=2024-03-31'],
      [admin, `/call-lists/${listId}/export.csv`],
      [analyst, `/api/v1/call-lists/${listId}/export.csv`],
      [admin, '/api/v1/call-cases'],
      [admin, '/api/v1/calls/report?from=2024-03-01&to=2024-03-31'],
      [admin, '/api/v1/audit-log'],
      [admin, '/admin/audit-log'],
      [agent1, '/agent'],
      [agent2, '/agent'],
    ] as const;
    for (const [who, path] of pages) {
      const res = await who.get(path);
      expect([path, res.status]).toEqual([path, 200]);
      expect([path, leaks(res.text)]).toEqual([path, []]);
    }
    const csv = (await admin.get(`/call-lists/${listId}/export.csv`)).text;
    expect(csv.split('\r\n')[0]).toBe(
      '\uFEFFcase_id,site_code,customer_name,phone,service_type,service_date,status,attempts,dayparts,last_outcome,last_attempt_at,contacted,response_id',
    );
    // Masked: only the first and last digits leave the call.
    expect(csv).toMatch(/,(138\*\*\*\*0001|139\*\*\*\*0002|010-\*\*\*\*4563),/);
    const log = logLines.join('');
    expect(log).toContain('/api/v1/call-cases/next');
    expect(leaks(log)).toEqual([]);
  });

  test('the supervisor report counts the list’s outcomes', async () => {
    const res = await analyst.get('/api/v1/calls/report?from=2024-03-01&to=2024-03-31');
    const total = res.body.report.total;
    expect(total).toMatchObject({ lists: 1, quota: 6, sampled: 6, completed: 1, contacted: 2, attempts: 3, attemptedCases: 3, open: 5 });
    expect(total.responseRate).toBeCloseTo(1 / 6);
    expect(total.contactRate).toBeCloseTo(2 / 6);
    expect(total.attemptsPerCase).toBe(1);
    expect(res.body.report.agents.map((a: { calls: number }) => a.calls).sort()).toEqual([1, 2]);
    const page = await analyst.get('/calls/supervisor?from=2024-03-01&to=2024-03-31');
    expect(page.text).toContain('AAPOR RR1');
    expect(page.text).toMatch(/<tr data-site="S1"><th scope="row">S1<\/th><td>6<\/td><td>1<\/td>/);
    expect((await agent1.get('/calls/supervisor')).status).toBe(403);
  });
});
