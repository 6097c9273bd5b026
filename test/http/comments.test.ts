/**
 * The comments page leads somewhere: every comment links to its response (a
 * page with the answers) and to its follow-up case; filters for site, channel,
 * score band, date and text; pages of 50; chips coloured by band; mystery
 * shoppers' notes listed apart from customers' comments.
 */
import pino from 'pino';
import { handleCountedResponse } from '../../server/services/alerts/listener';
import { bandOf } from '../../server/services/dashboard/comments';
import { mysteryAnswersFor } from '../../server/services/demo/dashboardAnswers';
import type { ResponseDoc } from '../../server/services/responses/types';
import { publishAll, submit, type Published } from '../helpers/dashboard';
import { surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';
import { DAY_MS } from '../../server/services/calendar';
import { mulberry32 } from '../../server/services/random';

let world: World;
let t: Tenant;
let published: Published;
let lowResponse: ResponseDoc;
let caseId: string;

beforeAll(async () => {
  world = await buildWorld();
  t = await buildTenant(world.store);
  published = await publishAll(t);
  // 60 comments at S1 (one a day back from yesterday, scores 4 of 5 → 75), one low at S2 with a case, one shopper note.
  for (let i = 0; i < 60; i++) {
    await submit(
      t,
      published,
      'survey',
      0,
      surveyAnswers({ overall_satisfaction: 4, recommend: 8, comment: `评论 ${i}` }),
      new Date(Date.now() - (i + 1) * DAY_MS).toISOString(),
    );
  }
  ({ response: lowResponse } = await submit(
    t,
    published,
    'survey',
    1,
    surveyAnswers({ overall_satisfaction: 1, recommend: 1, comment: '等了三天，请回电 13812345678' }),
  ));
  const deps = { store: world.store, mailer: world.deps.mailer, logger: pino({ level: 'silent' }), baseUrl: 'http://localhost' };
  caseId = (
    await handleCountedResponse(deps, {
      enterpriseId: t.enterpriseId,
      siteId: lowResponse.siteId,
      channel: 'survey',
      responseId: lowResponse._id,
      at: lowResponse.respondedAt,
    })
  )[0]!._id;
  await submit(t, published, 'mystery', 0, { ...mysteryAnswersFor(mulberry32(4), 0.9), staff_description: '女，约30岁，工牌 A-1023' });
});
afterAll(() => world.close());

const json = async (query: string) => {
  const analyst = await loginAgent(world.app, t.users.analyst!.email);
  return (await analyst.get(`/api/v1/dashboard/comments?${query}`).expect(200)).body;
};

test('customer comments and shopper notes are listed apart', async () => {
  const customers = await json('');
  expect(customers.kind).toBe('customer');
  expect(customers.comments.map((c: { text: string }) => c.text)).not.toContain('女，约30岁，工牌 A-1023');
  const shoppers = await json('kind=shopper');
  expect(shoppers.comments.map((c: { text: string; kind: string }) => [c.text, c.kind])).toContainEqual(['女，约30岁，工牌 A-1023', 'shopper']);
  expect(shoppers.comments.every((c: { channel: string }) => c.channel === 'mystery')).toBe(true);
});

test('pages of 50, newest first, each comment with its response, band and case', async () => {
  const first = await json('');
  expect(first.comments).toHaveLength(50);
  expect(first.hasNext).toBe(true);
  expect(first.comments[0]).toMatchObject({ responseId: lowResponse._id, band: 'low', caseId });
  expect(first.comments[1]).toMatchObject({ text: '评论 0', band: 'mid', caseId: null });
  const second = await json('page=2');
  expect(second.comments.map((c: { text: string }) => c.text)).toEqual(Array.from({ length: 11 }, (_, i) => `评论 ${i + 49}`));
  expect(second.hasNext).toBe(false);
});

test('filters: band, text, site, date; bad values are a 400 naming the field', async () => {
  expect((await json('band=low')).comments.map((c: { responseId: string }) => c.responseId)).toEqual([lowResponse._id]);
  expect((await json('band=high')).comments).toEqual([]);
  // Newest first: 评论 5 (five days ago), then 评论 50 … 评论 59.
  expect((await json('q=评论 5')).comments.map((c: { text: string }) => c.text)).toEqual(['评论 5', ...Array.from({ length: 10 }, (_, i) => `评论 ${50 + i}`)]);
  expect((await json('site=S2')).comments.map((c: { responseId: string }) => c.responseId)).toEqual([lowResponse._id]);
  const threeDays = new Date(Date.now() - 3 * DAY_MS);
  const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const ranged = await json(`from=${day(threeDays)}&to=${day(threeDays)}`);
  expect(ranged.comments.map((c: { text: string }) => c.text)).toEqual(['评论 2']);
  const analyst = await loginAgent(world.app, t.users.analyst!.email);
  for (const [query, field] of [
    ['band=red', 'band'],
    ['kind=staff', 'kind'],
    ['page=0', 'page'],
  ]) {
    expect((await analyst.get(`/api/v1/dashboard/comments?${query}`).expect(400)).body.error.field).toBe(field);
  }
});

test('the page colours chips by band and links each comment to its response and case; the response page masks phones', async () => {
  const analyst = await loginAgent(world.app, t.users.analyst!.email);
  const html = (await analyst.get('/dashboard/comments').expect(200)).text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
  expect(html).toContain('<span class="score-pill band-low">0</span>');
  expect(html).toContain('<span class="score-pill band-mid">75</span>');
  expect(html).toContain(`<a href="/responses/${lowResponse._id}">查看答卷</a> · <a href="/follow-ups/${caseId}">查看跟进案件</a>`);
  expect(html).toContain('<a href="/dashboard/comments?page=2" rel="next">');
  expect(html).toContain('<a href="/dashboard/comments?kind=shopper">暗访员记录</a>');
  const page = (await analyst.get(`/responses/${lowResponse._id}`).expect(200)).text;
  expect(page).toContain('138****5678');
  expect(page).not.toContain('13812345678');
  expect(page).toContain(`/follow-ups/${caseId}`);
  const outsider = await loginAgent(world.app, (await buildTenant(world.store)).admin.email);
  await outsider.get(`/responses/${lowResponse._id}`).expect(404);
  expect([bandOf(59.9), bandOf(60), bandOf(79.9), bandOf(80), bandOf(null)]).toEqual(['low', 'mid', 'mid', 'high', 'none']);
});
