/**
 * The demo's customer voice: after the demo seed, the topic page shows
 * Chinese topics, the sites differ in what their customers complain about,
 * and complaint topics visibly drag the score down (their interval below 0).
 */
import pino from 'pino';
import type { Enterprise } from '../../server/services/accounts/enterprises';
import { systemActor, tenantContext, type TenantContext } from '../../server/services/context';
import { resolveScope } from '../../server/services/dashboard/filters';
import { DEMO_ENTERPRISE_CODE, seedDemo } from '../../server/services/demo';
import { topicSummary, type TopicSummary } from '../../server/services/topics/summary';
import { HEAVY_MS } from '../helpers/timeouts';
import { buildWorld, loginAgent, type World } from '../helpers/world';

let world: World;
let ctx: TenantContext;
let all: TopicSummary;

beforeAll(async () => {
  world = await buildWorld();
  await seedDemo(world.store, 'demo-pass-1234', pino({ level: 'silent' }));
  const enterprise = (await world.store.collection<Enterprise>('enterprises').findOne({ code: DEMO_ENTERPRISE_CODE }))!;
  ctx = tenantContext(world.store, systemActor(enterprise._id));
  all = await topicSummary(ctx, await resolveScope(ctx, {}));
}, HEAVY_MS);
afterAll(() => world.close());

const mentions = (s: TopicSummary, code: string) => s.topics.find((t) => t.code === code)!.mentions;

test('the demo year has hundreds of commented responses spread over many topics, in every sentiment', () => {
  expect(all.commented).toBeGreaterThan(200);
  expect(all.topics.filter((t) => t.mentions >= 10).length).toBeGreaterThanOrEqual(6);
  expect(all.sentiment.positive).toBeGreaterThan(0);
  expect(all.sentiment.negative).toBeGreaterThan(0);
  expect(all.sentiment.neutral).toBeGreaterThan(0);
});

test('complaint topics drag the demo score down significantly, and praise lifts it', () => {
  const drags = all.topics.filter((t) => t.effect?.significant && t.effect.difference < 0);
  expect(drags.length).toBeGreaterThanOrEqual(2);
  expect(drags.map((t) => t.code)).toContain('waiting');
  for (const t of drags) expect(t.effect!.ci[1]).toBeLessThan(0);
  expect(all.topics.some((t) => t.effect?.significant && t.effect.difference > 0)).toBe(true);
});

test('sites differ in what their customers complain about', async () => {
  const site = async (code: string) => topicSummary(ctx, await resolveScope(ctx, { site: code }));
  const [cd, wh, gz, sh] = [await site('CD01'), await site('WH01'), await site('GZ01'), await site('SH01')];
  // The share of commenting customers who complain about the topic (negative comments mentioning it).
  const share = (s: TopicSummary, code: string) => s.topics.find((t) => t.code === code)!.sentiment.negative / s.commented;
  // SH01's customers have no complaint of their own; CD01's are about charges, WH01's about parts and waiting, GZ01's about late visits.
  expect(share(cd, 'charges')).toBeGreaterThan(share(sh, 'charges'));
  expect(share(wh, 'parts')).toBeGreaterThan(share(sh, 'parts'));
  expect(share(gz, 'punctuality')).toBeGreaterThan(share(sh, 'punctuality'));
});

test('the demo topic page lists Chinese topics with their effect on the score', async () => {
  const analyst = await loginAgent(world.app, 'analyst@demo.test', 'demo-pass-1234');
  const page = (await analyst.get('/topics?lang=zh-CN').expect(200)).text;
  expect(page).toContain('<th scope="row"><a href="/dashboard/comments?topic&#x3D;charges">收费</a></th>');
  expect(page).toContain('显著拉低');
});
