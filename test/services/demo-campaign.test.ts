import pino from 'pino';
import type { Enterprise } from '../../server/services/accounts/enterprises';
import { listCampaigns } from '../../server/services/campaigns/campaigns';
import { campaignStatus } from '../../server/services/campaigns/status';
import { systemActor, tenantContext } from '../../server/services/context';
import { DEMO_ENTERPRISE_CODE, seedDemo } from '../../server/services/demo';
import { seedDemoCampaign } from '../../server/services/demo/campaigns';
import type { ResponseDoc } from '../../server/services/responses/types';
import { getScores } from '../../server/services/scores/query';
import { buildWorld, type World } from '../helpers/world';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world.close());

test('the demo enterprise gets a year of survey-link answers across its five sites, SH01 best and WH01 weakest', async () => {
  const log = pino({ level: 'silent' });
  await seedDemo(world.store, 'demo-pass-1234', log);
  const enterprise = (await world.store.collection<Enterprise>('enterprises').findOne({ code: DEMO_ENTERPRISE_CODE }))!;
  const ctx = tenantContext(world.store, systemActor(enterprise._id));
  const [campaign] = await listCampaigns(ctx);
  const { total, sites } = await campaignStatus(ctx, campaign!);
  expect(total.recipients).toBe(2000);
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

  const scoreOf = async (siteCode: string) => (await getScores(ctx, { siteCode, from: campaign!.startsOn, to: campaign!.endsOn, channel: 'survey' })).cpsq.score!;
  const scores = Object.fromEntries(await Promise.all(['BJ01', 'SH01', 'GZ01', 'CD01', 'WH01'].map(async (c) => [c, await scoreOf(c)] as const)));
  expect(Math.max(...Object.values(scores))).toBe(scores.SH01);
  expect(Math.min(...Object.values(scores))).toBe(scores.WH01);
  expect(scores.SH01! - scores.WH01!).toBeGreaterThan(15);

  // Seeding again adds nothing.
  await seedDemoCampaign(ctx, log);
  expect(await listCampaigns(ctx)).toHaveLength(1);
}, 60_000);
