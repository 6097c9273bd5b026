import pino from 'pino';
import { createSite } from '../../server/services/accounts/sites';
import { createEnterprise } from '../../server/services/accounts/enterprises';
import { insertUser } from '../../server/services/accounts/users';
import { seedDemoCalls } from '../../server/services/calls/demo';
import { claimNext } from '../../server/services/calls/claims';
import { checkDraw } from '../../server/services/calls/draw';
import { supervisorReport } from '../../server/services/calls/progress';
import type { CallAttempt, CallCase, CallList } from '../../server/services/calls/types';
import { systemActor, tenantContext, type TenantContext } from '../../server/services/context';
import { DEMO_SITES } from '../../server/services/demo/seed';
import { publishDefaultTemplate } from '../helpers/templates';
import { buildWorld, PASSWORD, type World } from '../helpers/world';
import { HEAVY_MS } from '../helpers/timeouts';

let world: World;
let ctx: TenantContext;
let seconds = 0;
let cpuSeconds = 0;
beforeAll(async () => {
  world = await buildWorld();
  const operator = { userId: 'op', role: 'operator' as const, enterpriseId: null, via: 'system' as const };
  const { enterprise } = await createEnterprise(world.store, operator, {
    code: 'demo-calls',
    name: '华星',
    admin: { email: 'a@demo-calls.test', name: 'A', password: PASSWORD },
  });
  ctx = tenantContext(world.store, systemActor(enterprise._id));
  for (const site of DEMO_SITES) await createSite(ctx, site);
  await insertUser(world.store, { enterpriseId: enterprise._id, email: 'agent@demo-calls.test', name: '坐席 刘洋', role: 'agent', password: PASSWORD });
  await publishDefaultTemplate(ctx, 'call');
  const started = Date.now();
  const cpu = process.cpuUsage();
  await seedDemoCalls(ctx, pino({ level: 'silent' }));
  seconds = (Date.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  cpuSeconds = (used.user + used.system) / 1e6;
}, HEAVY_MS);
afterAll(() => world.close());

test('a year of monthly lists at every site, each draw reproducible', async () => {
  console.log(`demo calls seeded in ${seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s CPU)`);
  const lists = await ctx.store.collection<CallList>('callLists').find({}, { sort: { periodFrom: 1 } });
  // Twelve whole months, plus last week's list on any day of the month.
  expect(lists).toHaveLength(13 * 5);
  expect(new Set(lists.map((l) => l.siteCode))).toEqual(new Set(DEMO_SITES.map((s) => s.code)));
  for (const list of [lists[0]!, lists[31]!, lists[lists.length - 1]!])
    expect(await checkDraw(ctx, list._id)).toMatchObject({ populationMatches: true, sampleMatches: true });
});

test('the calls follow the rules: spread over the day, within the attempt limit, completes stored as call responses', async () => {
  const cases = await ctx.store.collection<CallCase>('callCases').find({ status: { $ne: 'unsampled' } });
  for (const c of cases) {
    expect(c.attempts).toBeLessThanOrEqual(4);
    if (c.status === 'non_contact') expect(c.attempts).toBe(4);
    // A retry never lands in the same part of the day as the attempt before it, unless the customer set the time.
    const attempts = await ctx.store.collection<CallAttempt>('callAttempts').find({ caseRef: c._id }, { sort: { at: 1 } });
    attempts.forEach((a, i) => {
      if (i > 0 && attempts[i - 1]!.outcome !== 'callback') expect(a.daypart).not.toBe(attempts[i - 1]!.daypart);
    });
  }
  // Callbacks the demo customers asked for fall in calling hours (local 09:00–20:30).
  for (const a of await ctx.store.collection<CallAttempt>('callAttempts').find({ outcome: 'callback' })) {
    const minutes = ((new Date(a.callbackAt!).getUTCHours() + 8) % 24) * 60 + new Date(a.callbackAt!).getUTCMinutes();
    expect(minutes).toBeGreaterThanOrEqual(9 * 60);
    expect(minutes).toBeLessThanOrEqual(20 * 60 + 30);
  }
  const completed = cases.filter((c) => c.status === 'completed').length;
  expect(completed).toBeGreaterThan(500);
  expect(await ctx.store.collection('responses').count({ channel: 'call', source: 'call' })).toBe(completed);
  const report = await supervisorReport(ctx, { from: '2000-01-01', to: '2999-12-31' });
  expect(report.agents).toHaveLength(3);
  expect(report.total.responseRate).toBeGreaterThan(0.4);
  expect(report.total.responseRate).toBeLessThan(0.9);
  expect(report.sites.map((s) => s.siteCode)).toEqual(['BJ01', 'CD01', 'GZ01', 'SH01', 'WH01']);
});

test('running the seeder again adds nothing', async () => {
  const before = await ctx.store.collection('callCases').count({});
  await seedDemoCalls(ctx, pino({ level: 'silent' }));
  expect(await ctx.store.collection('callCases').count({})).toBe(before);
});

test("this week's list is partly worked: some cases completed, the rest open and due now", async () => {
  const lists = await ctx.store.collection<CallList>('callLists').find({}, { sort: { drawnAt: -1 } });
  const week = lists.filter((l) => l.drawnAt === lists[0]!.drawnAt);
  expect(week).toHaveLength(5);
  const cases = await ctx.store.collection<CallCase>('callCases').find({ callListId: { $in: week.map((l) => l._id) } });
  const now = new Date().toISOString();
  const due = cases.filter((c) => c.status === 'open' && c.dueAt! <= now);
  expect(due.length).toBeGreaterThan(cases.length / 3);
  expect(cases.filter((c) => c.status === 'completed').length).toBeGreaterThan(0);
  // The workspace's "next case" hands the demo agent one of them.
  const agent = (await ctx.store.collection<{ _id: string }>('users').findOne({ email: 'agent@demo-calls.test' }))!;
  const { case: next } = await claimNext(tenantContext(world.store, { userId: agent._id, role: 'agent', enterpriseId: ctx.actor.enterpriseId, via: 'system' }));
  expect(next).not.toBeNull();
});
