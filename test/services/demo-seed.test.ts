/**
 * The demo seed, run once for this file (it takes tens of seconds): every
 * capability's demo data is there, realistic, and a rerun adds nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import type { Enterprise } from '../../server/services/accounts/enterprises';
import type { User } from '../../server/services/accounts/users';
import { listCampaigns } from '../../server/services/campaigns/campaigns';
import { campaignStatus } from '../../server/services/campaigns/status';
import { systemActor, tenantContext, type TenantContext } from '../../server/services/context';
import { DEMO_ENTERPRISE_CODE, seedDemo } from '../../server/services/demo';
import { seedDemoCampaign } from '../../server/services/demo/campaigns';
import { RECENT_CUSTOMERS } from '../../server/services/demo/recentInvitations';
import { seedDemoTemplates } from '../../server/services/demo/templates';
import type { ResponseDoc } from '../../server/services/responses/types';
import type { FollowUpTask } from '../../server/services/alerts/types';
import { dueLevels } from '../../server/services/cases/escalation';
import { caseFigures } from '../../server/services/cases/figures';
import { getScores } from '../../server/services/scores/query';
import { listTemplates } from '../../server/services/templates/versions';
import type { VisitEvidence } from '../../server/services/visits/evidence';
import { gapDays } from '../../server/services/visits/slots';
import type { Visit } from '../../server/services/visits/types';
import { visitSpan } from '../../server/services/visits/assignment';
import { buildWorld, csrfTokenOf, loginAgent, type World } from '../helpers/world';
import { HEAVY_MS } from '../helpers/timeouts';
import { DAY_MS } from '../../server/services/calendar';

let world: World;
let ctx: TenantContext;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  world = await buildWorld();
  // As npm start does: the app's mailer (the outbox, without SMTP) sends the demo's current invitations.
  const result = await seedDemo(world.store, 'demo-pass-1234', log, undefined, { mail: { mailer: world.deps.mailer, baseUrl: 'https://survey.demo.test' } });
  expect(result.created).toBe(true);
  const enterprise = (await world.store.collection<Enterprise>('enterprises').findOne({ code: DEMO_ENTERPRISE_CODE }))!;
  ctx = tenantContext(world.store, systemActor(enterprise._id));
}, HEAVY_MS);
afterAll(() => world.close());

test('a second seed does nothing', async () => {
  expect(await seedDemo(world.store, 'demo-pass-1234', log)).toEqual({ created: false });
});

test('the demo seed publishes the three default templates, one per channel, and a rerun adds none', async () => {
  const templates = await listTemplates(ctx);
  expect(templates.map((t) => t.channel).sort()).toEqual(['call', 'mystery', 'survey']);
  expect(templates.every((t) => t.publishedVersion === 1 && t.draft === null)).toBe(true);

  await seedDemoTemplates(ctx, log);
  expect(await listTemplates(ctx)).toHaveLength(3);
});

test(
  'the demo enterprise gets a year of survey-link answers across its five sites, SH01 best and WH01 weakest',
  async () => {
    const [campaign] = await listCampaigns(ctx);
    const { total, sites } = await campaignStatus(ctx, campaign!);
    expect(total.recipients).toBe(2000 + RECENT_CUSTOMERS);
    expect(total.invited).toBeGreaterThan(1950);
    expect(total.responded).toBeGreaterThan(900);
    expect(total.walkIns).toBe(300);
    expect(sites.map((s) => s.siteCode).sort()).toEqual(['BJ01', 'CD01', 'GZ01', 'SH01', 'WH01']);

    // Other channels' demo data (calls, visits) share the store: look at survey links only.
    const responses = (await ctx.store.collection<ResponseDoc>('responses').find({ channel: 'survey' })).filter((r) => r.refs?.campaignId === campaign!._id);
    const months = new Set(responses.map((r) => r.respondedAt.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(12);
    expect(new Set(responses.map((r) => r.source))).toEqual(new Set(['link', 'site-link']));
    expect(responses).toHaveLength(total.responded + total.walkIns);

    const scoreOf = async (siteCode: string) =>
      (await getScores(ctx, { siteCode, from: campaign!.startsOn, to: campaign!.endsOn, channel: 'survey' })).cpsq.score!;
    const scores = Object.fromEntries(await Promise.all(['BJ01', 'SH01', 'GZ01', 'CD01', 'WH01'].map(async (c) => [c, await scoreOf(c)] as const)));
    expect(Math.max(...Object.values(scores))).toBe(scores.SH01);
    expect(Math.min(...Object.values(scores))).toBe(scores.WH01);
    expect(scores.SH01! - scores.WH01!).toBeGreaterThan(15);

    // Seeding again adds nothing.
    await seedDemoCampaign(ctx, log);
    expect(await listCampaigns(ctx)).toHaveLength(1);
  },
  HEAVY_MS,
);

test(
  'seeds a shopper pool, a year of approved visits with photos under the revisit rule, and open work',
  async () => {
    expect(await ctx.store.collection<User>('users').count({ role: 'shopper' })).toBe(4);
    const visits = await ctx.store.collection<Visit>('visits').find({});
    const approved = visits.filter((v) => v.state === 'approved');
    expect(approved.length).toBeGreaterThanOrEqual(50);
    expect(new Set(approved.map((v) => v.siteId)).size).toBe(5);
    expect(visits.map((v) => v.state)).toEqual(expect.arrayContaining(['assigned', 'accepted', 'submitted']));

    // Every approved visit counts exactly once, through the normal path.
    const counted = await ctx.store.collection<ResponseDoc>('responses').find({ source: 'visit', countedAt: { $exists: true } });
    expect(counted.map((r) => r.refs?.visitId).sort()).toEqual(approved.map((v) => v._id).sort());

    for (const a of visits)
      for (const b of visits) {
        if (a._id < b._id && a.shopperId && a.shopperId === b.shopperId && a.siteId === b.siteId)
          expect(gapDays(visitSpan(a), visitSpan(b))).toBeGreaterThanOrEqual(60);
      }
    const photos = await ctx.store.collection<VisitEvidence>('visitEvidence').find({});
    expect(photos.length).toBeGreaterThanOrEqual(approved.length);
    for (const p of photos.slice(0, 5)) expect(fs.existsSync(path.join(world.dir, p.file))).toBe(true);
  },
  HEAVY_MS,
);

test('every counted response came through a channel: no mystery response without its visit', async () => {
  const mystery = await ctx.store.collection<ResponseDoc>('responses').find({ channel: 'mystery', countedAt: { $exists: true } });
  expect(mystery.length).toBeGreaterThan(0);
  expect(mystery.every((r) => r.source === 'visit' && r.refs?.visitId)).toBe(true);
  expect(await ctx.store.collection('followUpTasks').count({})).toBeGreaterThan(0);
});

test('the demo’s follow-up cases look worked: most resolved with root causes, some recovered, some overdue, a few open', async () => {
  const year = { fromIso: new Date(Date.now() - 365 * DAY_MS).toISOString(), toIsoExclusive: new Date(Date.now() + DAY_MS).toISOString() };
  const f = (await caseFigures(ctx, year))!;
  expect(f.resolution.n).toBeGreaterThan(100);
  expect(f.rootCauses.length).toBeGreaterThanOrEqual(5);
  expect(f.recovery.answered).toBeGreaterThan(20);
  expect(f.recovery.rate!).toBeGreaterThan(50);
  expect(f.recovery.rate!).toBeLessThan(95);
  expect(f.overdue).toBeGreaterThan(0);
  // Overdue cases are the exception, not the backlog.
  expect(f.overdue).toBeLessThan(f.resolution.n / 5);
  expect(f.sla.share!).toBeGreaterThan(30);
  expect(f.sla.share!).toBeLessThan(100);
  expect(f.firstContact.medianHours!).toBeGreaterThan(1);
  expect(f.sites).toHaveLength(5);
  // Nothing of the demo's past is waiting to be mailed as an escalation.
  const cases = await ctx.store.collection<FollowUpTask>('followUpTasks').find({ status: { $in: ['open', 'assigned', 'called'] } });
  expect(
    cases.every(
      (c) =>
        dueLevels(
          c,
          [
            { to: 'siteManager', afterHours: 0 },
            { to: 'admins', afterHours: 24 },
          ],
          new Date(),
        ).length === 0,
    ),
  ).toBe(true);
});

test('the outbox holds the current invitations, and each link opens the survey for a customer who has not answered', async () => {
  const admin = await loginAgent(world.app, 'admin@demo.test', 'demo-pass-1234');
  const outbox = await admin.get('/admin/outbox');
  expect(outbox.status).toBe(200);
  expect(outbox.text).not.toContain('发件箱为空');
  const ids = [...outbox.text.matchAll(/href="\/admin\/outbox\/([^"]+)"/g)].map((m) => m[1]!);
  expect(ids).toHaveLength(RECENT_CUSTOMERS);
  expect(outbox.text).toContain('华星家电服务邀请您评价最近的服务');

  const [campaign] = await listCampaigns(ctx);
  const before = (await campaignStatus(ctx, campaign!)).total.responded;
  for (const id of ids) {
    const mail = await admin.get(`/admin/outbox/${id}`);
    const link = /https:\/\/survey\.demo\.test(\/s\/[A-Za-z0-9_-]+)/.exec(mail.text.replace(/=\r?\n/g, ''));
    expect(link).not.toBeNull();
    const form = await request(world.app).get(link![1]!);
    expect(form.status).toBe(200);
    expect(form.text).toContain('您最近接受的是哪项服务？');
  }
  // Nobody has answered these yet: the campaign counts them as invited and waiting.
  expect((await campaignStatus(ctx, campaign!)).total.responded).toBe(before);
});

test('the demo agent finds cases waiting right after seeding, and the call script names the enterprise', async () => {
  const agent = await loginAgent(world.app, 'agent@demo.test', 'demo-pass-1234');
  const home = await agent.get('/agent');
  const waiting = /data-figure="dueNow">(\d+)<\/strong> 个工单等待回访/.exec(home.text);
  expect(waiting).not.toBeNull();
  expect(Number(waiting![1])).toBeGreaterThan(0);

  const next = await agent
    .post('/agent/next')
    .type('form')
    .send({ _csrf: await csrfTokenOf(agent, '/agent') });
  expect(next.status).toBe(303);
  expect(next.headers.location).toMatch(/^\/agent\/call-cases\//);
  const page = await agent.get(next.headers.location);
  expect(page.status).toBe(200);
  expect(page.text).toContain('我是华星家电服务客服');
  expect(page.text).not.toMatch(/××|\{enterprise\}/);
});
