/**
 * Mystery visits are judged against their visit plan, never against 30: a site
 * behind its plan is named once on the page with what was done and what was
 * due; a site visited without a plan, or on plan, is not flagged.
 */
import { mysteryAnswersFor } from '../../server/services/demo/dashboardAnswers';
import { publishAll, submit, type Published } from '../helpers/dashboard';
import { HEAVY_MS } from '../helpers/timeouts';
import { mysteryPlan, today } from '../helpers/visits';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';
import { addDays, DAY_MS } from '../../server/services/calendar';
import { mulberry32 } from '../../server/services/random';

let world: World;
let a: Tenant;
let published: Published;

beforeAll(async () => {
  world = await buildWorld();
  a = await buildTenant(world.store);
  published = await publishAll(a);
  // S1: 12 visits planned over the 30 days ending today, 5 done. S2: 5 visits, no plan.
  await mysteryPlan(a, { siteId: a.sites[0]._id, from: addDays(today(), -29), to: today(), visits: 12 });
  const r = mulberry32(5);
  for (let k = 0; k < 5; k++) {
    const at = new Date(Date.now() - (1 + k * 3) * DAY_MS).toISOString();
    await submit(a, published, 'mystery', 0, mysteryAnswersFor(r, 0.8), at);
    await submit(a, published, 'mystery', 1, mysteryAnswersFor(r, 0.8), at);
  }
}, HEAVY_MS);
afterAll(() => world.close());

test('a site behind its visit plan is named once with visits done and due; an unplanned site is not flagged as short of 30', async () => {
  const agent = await loginAgent(world.app, a.users.analyst!.email);
  const json = (await agent.get('/api/v1/dashboard/sites').expect(200)).body;
  expect(json.sampleNote.behindPlan).toEqual([{ siteCode: 'S1', done: 5, planned: 12 }]);
  expect(json.sampleNote.short).toEqual([]);
  const zh = (await agent.get('/dashboard/sites').expect(200)).text;
  expect(zh.match(/class="sample-note"/g)).toHaveLength(1);
  expect(zh).toContain('暗访进度落后于访问计划：S1 已完成 5 次，计划至今 12 次。');
  expect(zh).not.toMatch(/暗访[^<]*&lt;30/);
  const en = (await agent.get('/dashboard/sites?lang=en').expect(200)).text;
  expect(en).toContain('Mystery visits are behind the visit plan: S1 5 done, 12 planned so far.');
});

test('the visits due follow the period: behind in a window without visits, on plan in one that holds its share', async () => {
  const agent = await loginAgent(world.app, a.users.analyst!.email);
  // The plan's first 10 days: 12·10/30 = 4 visits due; S1's visits all came later.
  const from = addDays(today(), -29);
  const to = addDays(today(), -20);
  const json = (await agent.get(`/api/v1/dashboard/sites?from=${from}&to=${to}`).expect(200)).body;
  const s1 = json.sites.find((s: { code: string }) => s.code === 'S1');
  expect(s1.responses).toBe(0);
  // Nothing done in that window while 4 were due: behind.
  expect(json.sampleNote.behindPlan).toEqual([{ siteCode: 'S1', done: 0, planned: 4 }]);
  const recent = (await agent.get(`/api/v1/dashboard/sites?from=${addDays(today(), -2)}&to=${today()}`).expect(200)).body;
  // The last 3 days: 12·3/30 = 1.2 → 1 due, 1 done (the visit of yesterday).
  expect(recent.sites.find((s: { code: string }) => s.code === 'S1').responses).toBe(1);
  expect(recent.sampleNote.behindPlan).toEqual([]);
});
