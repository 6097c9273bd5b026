/**
 * Dashboard JSON and pages: the figures equal what getScores computes for the
 * same scope, filters with nonsense values are a 400 naming the field, the
 * pages show the key figures without JavaScript, comment text is escaped,
 * and a user limited to one site sees only that site.
 */
import { scoreText } from '../../server/http/figures';
import { insertUser } from '../../server/services/accounts/users';
import { getScores } from '../../server/services/scores/query';
import { CHANNELS } from '../../server/services/templates/types';
import { publishAll, seedResponses, submit, type Published } from '../helpers/dashboard';
import { surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, loginAgent, PASSWORD, type Tenant, type World } from '../helpers/world';
import { HEAVY_MS } from '../helpers/timeouts';

let world: World;
let a: Tenant;
let b: Tenant;
let published: Published;
const XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>';

beforeAll(async () => {
  world = await buildWorld();
  a = await buildTenant(world.store);
  b = await buildTenant(world.store);
  published = await publishAll(a);
  await seedResponses(a, published, 6);
  await submit(a, published, 'survey', 1, surveyAnswers({ comment: XSS, overall_satisfaction: 1, recommend: 2 }));
  const pb = await publishAll(b);
  await seedResponses(b, pb, 2, 99);
}, HEAVY_MS);
afterAll(() => world.close());

test('overview JSON equals getScores for the same scope (CPSQ, CI, gate, channels, measures)', async () => {
  const agent = await loginAgent(world.app, a.users.analyst!.email);
  const res = await agent.get('/api/v1/dashboard/overview?period=quarter').expect(200);
  const scores = await getScores(a.ctx, { period: 'quarter' });
  expect(res.body.from).toBe(scores.scope.from);
  expect(res.body.to).toBe(scores.scope.to);
  expect(res.body.cpsq.score).toBeCloseTo(scores.cpsq.score!, 10);
  expect(res.body.cpsq.ci).toEqual(scores.cpsq.ci);
  expect(res.body.gate).toEqual(scores.gate);
  expect(res.body.responses).toBe(CHANNELS.reduce((n, c) => n + scores.channels[c].responses, 0));
  expect(res.body.responses).toBeGreaterThan(20);
  for (const [i, c] of CHANNELS.entries()) {
    expect(res.body.channels[i]).toMatchObject({ channel: c, responses: scores.channels[c].responses, score: scores.channels[c].score });
  }
  expect(res.body.measures.nps.score).toBeCloseTo(scores.measures.nps.score!, 10);
  // Over the last 12 months the trend runs from the period's first calendar month (13 months unless the period starts on the 1st)
  // to this month, scored exactly as the month query scores it.
  const month = await getScores(a.ctx, { period: 'month' });
  const last12 = (await agent.get('/api/v1/dashboard/overview').expect(200)).body;
  const trend = last12.trend;
  expect(trend[0].month).toBe(last12.from.slice(0, 7));
  expect(trend).toHaveLength(last12.from.endsWith('-01') ? 12 : 13);
  const last = trend[trend.length - 1];
  expect(last.month).toBe(month.scope.from.slice(0, 7));
  expect(last.score).toBeCloseTo(month.cpsq.score!, 10);
  expect(last.responses).toBe(CHANNELS.reduce((n, c) => n + month.channels[c].responses, 0));
  expect(res.body.projection.source).toBe('customerData');
  expect(res.body.projection.score).toBeGreaterThan(0);
});

test('site, channel and indicator views match getScores', async () => {
  const agent = await loginAgent(world.app, a.users.analyst!.email);
  const sites = await agent.get('/api/v1/dashboard/sites?channel=survey').expect(200);
  const scores = await getScores(a.ctx, { channel: 'survey' });
  for (const s of scores.bySite!) {
    const row = sites.body.sites.find((r: { siteId: string }) => r.siteId === s.siteId);
    expect(row).toMatchObject({ score: s.cpsq.score, ci: s.cpsq.ci, lowSample: s.cpsq.lowSample, responses: s.responses });
  }
  expect(sites.body.sites[0].rank).toBe(1);
  expect(sites.body.sites[0].score).toBeGreaterThanOrEqual(sites.body.sites[1].score);

  const site = a.sites[0];
  const ind = await agent.get(`/api/v1/dashboard/indicators?site=${site.code}`).expect(200);
  const siteScores = await getScores(a.ctx, { siteId: site._id });
  const perceived = Object.entries(siteScores.perceived).filter(([, p]) => p.score !== null);
  expect(perceived.length).toBeGreaterThan(5);
  for (const [code, p] of perceived) {
    expect(ind.body.tree.find((r: { code: string }) => r.code === code).score).toBeCloseTo(p.score!, 10);
    expect(ind.body.heat[0].scores[code]).toBeCloseTo(p.score!, 10);
  }
  expect(ind.body.heat).toHaveLength(1);
  expect(ind.body.radar).toHaveLength(8);

  const ch = await agent.get('/api/v1/dashboard/channels?channel=mystery').expect(200);
  expect(ch.body.checklist.visits).toBe(scores.bySite ? (await getScores(a.ctx, { channel: 'mystery' })).channels.mystery.responses : 0);
  const item = ch.body.checklist.items.find((i: { id: string }) => i.id === 'quote_before_work');
  expect(item.critical).toBe(true);
  expect(item.passRate).toBeCloseTo((100 * item.yes) / (item.yes + item.no), 10);
});

test.each([
  ['period=forever', 'period', /period: must be one of last12, month/],
  ['at=2024-02-30', 'at', /at: must be a date that exists, as YYYY-MM-DD/],
  ['from=yesterday', 'from', /from: must be a date as YYYY-MM-DD/],
  ['channel=sms', 'channel', /channel: must be one of survey, call, mystery/],
  ['site=NOPE', 'site', /site: no site with code NOPE/],
  ['colour=red', 'colour', /colour: unknown field/],
  ['from=2025-05-01&to=2025-04-01', 'from', /from: must not be after to/],
  ['period=month&from=2025-01-01', 'period', /period: give either period/],
  ['site=S1&site=S2', 'site', /site: /],
])('a nonsense filter (%s) is a 400 naming the field', async (query, field, message) => {
  const agent = await loginAgent(world.app, a.users.analyst!.email);
  const res = await agent.get(`/api/v1/dashboard/overview?${query}`).expect(400);
  expect(res.body.error.field).toBe(field);
  expect(res.body.error.message).toMatch(message);
  const page = await agent.get(`/dashboard/sites?${query}`).set('Accept', 'text/html');
  expect(page.status).toBe(400);
  expect(page.text).toMatch(message);
});

test('another enterprise’s site code is not a filter value', async () => {
  const agent = await loginAgent(world.app, b.users.analyst!.email);
  const res = await agent.get(`/api/v1/dashboard/overview?site=${a.sites[0]._id}`).expect(400);
  expect(res.body.error.field).toBe('site');
});

test('pages show the key figures server-side, keep the filters in links, and switch language', async () => {
  const agent = await loginAgent(world.app, a.users.analyst!.email);
  const json = (await agent.get('/api/v1/dashboard/overview?period=last12&channel=survey').expect(200)).body;
  const page = await agent.get('/dashboard?period=last12&channel=survey').expect(200);
  expect(page.text).toContain(`data-figure="cpsq.score">${scoreText(json.cpsq.score)}</text>`);
  expect(page.text).toContain(`data-figure="responses" data-format="int">${json.responses}</dd>`);
  expect(page.text).toContain('href="/dashboard/sites?period&#x3D;last12&amp;channel&#x3D;survey"');
  expect(page.text).toContain('顾客感知服务质量指数');
  // Few survey responses here: the page says so once, naming the channel and its count.
  expect(json.cpsq.lowSample).toBe(true);
  expect(json.sampleNote.short).toEqual([
    { siteCode: null, channel: 'survey', n: json.channels.find((c: { channel: string }) => c.channel === 'survey').responses },
  ]);
  expect(page.text.match(/class="sample-note"/g)).toHaveLength(1);
  expect(page.text).toContain(`以下得分所依据的回应少于 30 份，区间较宽，仅供参考：调查 ${json.sampleNote.short[0].n} 份。`);
  const en = await agent.get('/dashboard?lang=en&channel=survey').expect(200);
  expect(en.text).toContain('Satisfaction dashboard');
  expect(en.text).toContain(
    `These scores rest on fewer than 30 responses, so their intervals are wide; read them with care: Survey ${json.sampleNote.short[0].n} responses.`,
  );
});

test('a comment of <script> is shown as text on the page and in its embedded data', async () => {
  const agent = await loginAgent(world.app, a.users.analyst!.email);
  const page = await agent.get('/dashboard/comments?maxScore=10').expect(200);
  expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  expect(page.text).not.toContain('<script>alert');
  expect(page.text).not.toContain('<img src=x');
  expect(page.text).toContain('\\u003cscript>alert');
  const json = await agent.get('/api/v1/dashboard/comments?q=alert').expect(200);
  expect(json.body.comments).toHaveLength(1);
  expect(json.body.comments[0]).toMatchObject({ text: XSS, score: 0, siteCode: a.sites[1].code, nps: 2 });
});

test('a user limited to one site sees only that site everywhere', async () => {
  const email = `limited-${Date.now()}@a.test`;
  await insertUser(world.store, { enterpriseId: a.enterpriseId, email, name: 'L', role: 'analyst', password: PASSWORD, siteIds: [a.sites[0]._id] });
  const agent = await loginAgent(world.app, email);
  const sites = await agent.get('/api/v1/dashboard/sites').expect(200);
  expect(sites.body.sites.map((s: { code: string }) => s.code)).toEqual([a.sites[0].code]);
  const overview = await agent.get('/api/v1/dashboard/overview').expect(200);
  const own = await getScores(a.ctx, { siteId: a.sites[0]._id });
  expect(overview.body.cpsq.score).toBeCloseTo(own.cpsq.score!, 10);
  const comments = await agent.get('/api/v1/dashboard/comments').expect(200);
  expect(comments.body.comments.every((c: { siteCode: string }) => c.siteCode === a.sites[0].code)).toBe(true);
  await agent.get(`/api/v1/dashboard/overview?site=${a.sites[1].code}`).expect(400);
});

test('roles without scores.read get 403', async () => {
  const agent = await loginAgent(world.app, a.users.shopper!.email);
  await agent.get('/api/v1/dashboard/overview').expect(403);
});

test('the report of another enterprise’s audit is a 404, page and PDF alike', async () => {
  const { createAudit } = await import('../../server/services/audits/audits');
  const { actorOf } = await import('../../server/services/accounts/users');
  const { tenantContext } = await import('../../server/services/context');
  const audit = await createAudit(tenantContext(world.store, actorOf(b.users.auditor!)), {
    kind: 'stage1',
    plannedDate: new Date().toISOString().slice(0, 10),
  });
  const agent = await loginAgent(world.app, a.users.analyst!.email);
  await agent.get(`/reports/audit?audit=${audit._id}`).expect(404);
  await agent.get(`/reports/audit.pdf?audit=${audit._id}`).expect(404);
  const own = await loginAgent(world.app, b.users.analyst!.email);
  expect((await own.get(`/reports/audit?audit=${audit._id}`).expect(200)).text).toContain(audit.evidenceFrom);
});
