/**
 * The case list over HTTP: filters for site, owner, status, reason, channel,
 * age and overdue, four orders, pages, bulk assign and bulk close with a
 * reason, saved views, and the filtered list as CSV with formula-neutralised
 * cells. Cases are built directly so each filter has a known answer.
 */
import type { FollowUpTask } from '../../server/services/alerts/types';
import { waitUntil } from '../helpers/wait';
import { listCases } from '../../server/services/cases/list';
import { buildTenant, buildWorld, csrfTokenOf, loginAgent, type Tenant, type World } from '../helpers/world';

let world: World;
let t: Tenant;
let all: FollowUpTask[];
const HOUR = 3_600_000;
const NOW = Date.now();

/** 60 cases: every 4th critical, sites alternating, a third each lowNps / lowOverall / both, ages 0–59 × 5 hours. */
function caseAt(i: number): FollowUpTask {
  const createdAt = new Date(NOW - i * 5 * HOUR - 60_000).toISOString();
  const critical = i % 4 === 0;
  const rules = i % 3 === 0 ? (['lowNps'] as const) : i % 3 === 1 ? (['lowOverall'] as const) : (['lowOverall', 'lowNps'] as const);
  const status = i % 5 === 0 ? 'resolved' : i % 5 === 1 ? 'assigned' : 'open';
  const site = t.sites[i % 2]!;
  return {
    _id: `fu-case${String(i).padStart(2, '0')}`,
    enterpriseId: t.enterpriseId,
    responseId: `r${i}`,
    siteId: site._id,
    siteCode: site.code,
    channel: i % 6 === 5 ? 'call' : 'survey',
    rule: rules[0],
    detail: {},
    reason: rules.join('; '),
    respondedAt: createdAt,
    reasons: rules.map((rule) => ({ rule, detail: {}, reason: rule, responseId: `r${i}`, respondedAt: createdAt, channel: 'survey' as const })),
    has: Object.fromEntries(rules.map((r) => [r, true])),
    responseIds: [`r${i}`],
    customerKey: `response:r${i}`,
    severity: critical ? 'critical' : 'normal',
    priority: critical ? 1 : 2,
    dueAt: new Date(Date.parse(createdAt) + (critical ? 24 : 72) * HOUR).toISOString(),
    escalations: [],
    escalatedLevel: 0,
    status,
    ...(status === 'assigned' ? { assigneeId: t.users.agent!._id, assigneeName: 'agent' } : {}),
    callbacks: [],
    notify: { state: 'skipped', to: [] },
    createdAt,
    updatedAt: createdAt,
    rev: 1,
  };
}

beforeAll(async () => {
  world = await buildWorld();
  t = await buildTenant(world.store);
  all = Array.from({ length: 60 }, (_, i) => caseAt(i));
  // A staff note that a spreadsheet would run as a formula.
  all[5]!.closure = { reason: '=HYPERLINK("http://x","y")', at: all[5]!.createdAt, by: 'u', byName: 'u' };
  await t.ctx.store.collection<FollowUpTask>('followUpTasks').insertMany(all);
});
afterAll(() => world.close());

const active = (c: FollowUpTask) => c.status !== 'resolved' && c.status !== 'closed';
const ids = (list: FollowUpTask[]) => list.map((c) => c._id);
const newest = (list: FollowUpTask[]) => [...list].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));

test('each filter keeps exactly the cases a hand count finds, newest first', async () => {
  const admin = await loginAgent(world.app, t.admin.email);
  const get = async (query: string) => (await admin.get(`/api/v1/follow-ups?${query}`).expect(200)).body as { tasks: FollowUpTask[]; total: number };
  const now = new Date(NOW);
  const expectations: Array<[string, (c: FollowUpTask) => boolean]> = [
    ['site=S2', (c) => c.siteCode === 'S2'],
    [`owner=${t.users.agent!._id}`, (c) => c.assigneeId === t.users.agent!._id],
    ['owner=none', (c) => !c.assigneeId],
    ['status=open', (c) => c.status === 'open'],
    ['status=active', active],
    ['rule=lowNps', (c) => !!c.has!.lowNps],
    ['channel=call', (c) => c.channel === 'call'],
    ['age=lt1d', (c) => NOW - Date.parse(c.createdAt) < 24 * HOUR],
    ['age=1to3d', (c) => NOW - Date.parse(c.createdAt) >= 24 * HOUR && NOW - Date.parse(c.createdAt) < 72 * HOUR],
    ['age=gt7d', (c) => NOW - Date.parse(c.createdAt) >= 7 * 24 * HOUR],
    ['overdue=1', (c) => active(c) && c.dueAt! < now.toISOString()],
    ['overdue=1&site=S1&rule=lowOverall', (c) => active(c) && c.dueAt! < now.toISOString() && c.siteCode === 'S1' && !!c.has!.lowOverall],
  ];
  for (const [query, keep] of expectations) {
    const want = newest(all.filter(keep));
    expect(want.length).toBeGreaterThan(0);
    const got = await get(query);
    expect([query, got.total]).toEqual([query, want.length]);
    expect([query, ids(got.tasks)]).toEqual([query, ids(want)]);
  }
  for (const [query, field] of [
    ['age=old', 'age'],
    ['overdue=maybe', 'overdue'],
    ['rule=lowMood', 'rule'],
    ['sort=random', 'sort'],
    ['site=XX', 'site'],
  ]) {
    expect((await admin.get(`/api/v1/follow-ups?${query}`).expect(400)).body.error.field).toBe(field);
  }
});

test('sorting by priority puts critical cases first, soonest due first; pages of 50 cover every case once', async () => {
  const page1 = await listCases(t.ctx, { sort: 'priority' }, { page: 1, pageSize: 50 });
  const page2 = await listCases(t.ctx, { sort: 'priority' }, { page: 2, pageSize: 50 });
  expect(page1).toMatchObject({ total: 60, pages: 2, page: 1 });
  const order = [...page1.tasks, ...page2.tasks];
  expect(new Set(ids(order)).size).toBe(60);
  const want = [...all].sort((a, b) => a.priority! - b.priority! || (a.dueAt! < b.dueAt! ? -1 : a.dueAt! > b.dueAt! ? 1 : a._id < b._id ? -1 : 1));
  expect(ids(order)).toEqual(ids(want));
  expect(ids((await listCases(t.ctx, { sort: 'due' }, { page: 1, pageSize: 5 })).tasks)).toEqual(
    ids([...all].sort((a, b) => (a.dueAt! < b.dueAt! ? -1 : 1)).slice(0, 5)),
  );
  // Past the end: the last page.
  expect((await listCases(t.ctx, {}, { page: 9, pageSize: 50 })).page).toBe(2);

  const admin = await loginAgent(world.app, t.admin.email);
  const html = (await admin.get('/follow-ups?sort=priority&site=S1&page=1').expect(200)).text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
  expect(html).not.toContain('class="pager"'); // 30 cases: one page
  const secondPage = (await admin.get('/follow-ups?sort=priority&page=2').expect(200)).text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
  expect(secondPage).toContain('<a href="/follow-ups?sort=priority" rel="prev">');
  expect(html).toContain('class="sev sev-critical"');
});

test('the filtered list exports as CSV (and XLSX) with formula cells neutralised', async () => {
  const admin = await loginAgent(world.app, t.admin.email);
  await admin.get('/api/v1/exports/cases?site=S2').expect(400);
  const list = (await admin.get('/follow-ups?site=S2&sort=oldest').expect(200)).text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
  expect(list).toContain('href="/api/v1/exports/cases?site=S2&sort=oldest&format=csv"');
  const res = await admin.get('/api/v1/exports/cases?site=S2&sort=oldest&format=csv').expect(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  const lines = res.text
    .replace(/^\ufeff/, '')
    .trim()
    .split('\r\n');
  expect(lines[0]).toBe(
    'case_id,opened,site,channel,reasons,severity,status,owner,due,overdue,first_contact,resolved,root_cause,action,closed_reason,recovery,recovery_rating',
  );
  const want = all.filter((c) => c.siteCode === 'S2').sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(ids(want));
  expect(res.text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
  expect(res.text).not.toMatch(/,=HYPERLINK/);
  // The entry is written once the download has ended, after the response reached the test: poll with a generous deadline.
  const exported = () => world.store.collection('auditLog').find({ enterpriseId: t.enterpriseId, action: 'export.cases' });
  const audit = await waitUntil(exported, (found) => found.length > 0, 'the export.cases audit entry');
  expect(audit[0]!.detail).toMatchObject({ rows: want.length, format: 'csv' });
  const xlsx = await admin
    .get('/api/v1/exports/cases?format=xlsx')
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200);
  expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
});

test('bulk assign and bulk close with a reason change each ticked case once, with an audit entry each', async () => {
  const admin = await loginAgent(world.app, t.admin.email);
  const open = all.filter((c) => c.status === 'open').slice(0, 3);
  let res = await admin
    .post('/api/v1/follow-ups/bulk')
    .send({ ids: ids(open), action: 'assign' })
    .expect(400);
  expect(res.body.error.field).toBe('assigneeId');
  res = await admin
    .post('/api/v1/follow-ups/bulk')
    .send({ ids: [...ids(open), 'fu-nope'], action: 'assign', assigneeId: t.users.agent!._id })
    .expect(200);
  expect(res.body.changed).toEqual(ids(open));
  expect(res.body.skipped).toEqual([{ id: 'fu-nope', reason: 'follow-up task not found' }]);
  const cases = t.ctx.store.collection<FollowUpTask>('followUpTasks');
  for (const c of open) expect(await cases.findOne({ _id: c._id })).toMatchObject({ status: 'assigned', assigneeId: t.users.agent!._id });

  // The page form: ticked boxes, one reason, back to the filtered list.
  const csrf = await csrfTokenOf(admin, '/follow-ups');
  const resolved = all.find((c) => c.status === 'resolved')!;
  res = await admin
    .post('/follow-ups/bulk')
    .type('form')
    .send(
      `_csrf=${csrf}&ids=${open[0]!._id}&ids=${resolved._id}&action=close&reason=${encodeURIComponent('重复案件')}&back=${encodeURIComponent('/follow-ups?status=active')}`,
    )
    .expect(303);
  expect(res.headers.location).toBe('/follow-ups?status=active');
  expect((await admin.get('/follow-ups?status=active')).text).toContain('已处理 1 件，跳过 1 件');
  expect(await cases.findOne({ _id: open[0]!._id })).toMatchObject({ status: 'closed', closure: { reason: '重复案件' } });
  expect((await cases.findOne({ _id: resolved._id }))!.status).toBe('resolved');
  expect(await world.store.collection('auditLog').count({ enterpriseId: t.enterpriseId, action: 'followUp.close' })).toBe(1);
  expect(await world.store.collection('auditLog').count({ enterpriseId: t.enterpriseId, action: 'followUp.assign' })).toBe(3);
  const analyst = await loginAgent(world.app, t.users.analyst!.email);
  await analyst
    .post('/api/v1/follow-ups/bulk')
    .send({ ids: ids(open), action: 'close', reason: 'x' })
    .expect(403);
});

test('a saved view keeps the filters and opens the same list; views are per user', async () => {
  const admin = await loginAgent(world.app, t.admin.email);
  const csrf = await csrfTokenOf(admin, '/follow-ups');
  const res = await admin.post('/follow-ups/views').type('form').send({ _csrf: csrf, name: '北京超时', query: 'site=S1&overdue=1&page=3&lang=en' }).expect(303);
  expect(res.headers.location).toBe('/follow-ups?site=S1&overdue=1');
  const list = (await admin.get('/follow-ups').expect(200)).text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
  expect(list).toContain('<a href="/follow-ups?site=S1&overdue=1" class="saved-view">北京超时</a>');
  await admin.post('/follow-ups/views').type('form').send({ _csrf: csrf, name: 'bad', query: 'status=whatever' }).expect(400);
  const agent = await loginAgent(world.app, t.users.agent!.email);
  expect((await agent.get('/follow-ups').expect(200)).text).not.toContain('北京超时');
});
