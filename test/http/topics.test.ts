/**
 * What customers write (/topics): topics per site and period with sentiment
 * and their effect on satisfaction (Welch CI), the comments page filtered by
 * topic and sentiment, site scope for a site manager, retries counted once,
 * and topic edits by an admin, audited and effective at once.
 */
import { insertUser, type User } from '../../server/services/accounts/users';
import { submitResponse } from '../../server/services/responses/submit';
import { publishAll, submit, type Published } from '../helpers/dashboard';
import { surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, csrfTokenOf, loginAgent, PASSWORD, type Tenant, type World } from '../helpers/world';
import { DAY_MS } from '../../server/services/calendar';

let world: World;
let t: Tenant;
let published: Published;
let manager: User;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString();

// S1: praise for punctual visits (scores 5 and 4); S2: complaints about charges (scores 1 and 2), plus praise.
const S1_GOOD = ['师傅很准时，态度也好', '上门准时，修得很快', '师傅准时到达，很专业'];
const S2_BAD = ['收费太贵了，不满意', '上门费不合理，坑人', '换个零件收了三百，太贵'];

beforeAll(async () => {
  world = await buildWorld();
  t = await buildTenant(world.store);
  published = await publishAll(t);
  manager = await insertUser(world.store, {
    enterpriseId: t.enterpriseId,
    email: `${t.enterpriseId}-s1m@t.test`,
    name: 'S1 manager',
    role: 'siteManager',
    password: PASSWORD,
    siteIds: [t.sites[0]._id],
  });
  for (let i = 0; i < 12; i++) {
    await submit(t, published, 'survey', 0, surveyAnswers({ overall_satisfaction: 4 + (i % 2), comment: S1_GOOD[i % 3] }), daysAgo(1 + i));
    await submit(t, published, 'survey', 1, surveyAnswers({ overall_satisfaction: 1 + (i % 2), recommend: 2, comment: S2_BAD[i % 3] }), daysAgo(1 + i));
    await submit(t, published, 'survey', 1, surveyAnswers({ overall_satisfaction: 4 + (i % 2), comment: '师傅态度很好，谢谢' }), daysAgo(2 + i));
  }
});
afterAll(() => world.close());

/** A topic row as the API sends it: what these tests read. */
interface TopicRowView {
  zh: string;
  mentions: number;
  effect: { difference: number; ci: [number, number]; significant: boolean };
}

const topicRow = (body: { topics: Array<{ code: string }> }, code: string) => body.topics.find((r) => r.code === code) as unknown as TopicRowView;

test('the topic summary counts mentions, sentiment and a significant drag of a topic on satisfaction', async () => {
  const analyst = await loginAgent(world.app, t.users.analyst!.email);
  const body = (await analyst.get('/api/v1/topics').expect(200)).body;
  expect(body.commented).toBe(36);
  const charges = topicRow(body, 'charges');
  expect(charges).toMatchObject({ zh: '收费', mentions: 12, sentiment: { positive: 0, neutral: 0, negative: 12 }, nWith: 12, nWithout: 24 });
  // Charge complaints score 0–25 against 75–100 for the rest: the difference and its whole interval are below 0.
  expect(charges.effect.difference).toBeLessThan(-50);
  expect(charges.effect.ci[1]).toBeLessThan(0);
  expect(charges.effect.significant).toBe(true);
  expect(topicRow(body, 'punctuality')).toMatchObject({ mentions: 12, sentiment: { positive: 12, neutral: 0, negative: 0 } });
  expect(topicRow(body, 'punctuality').effect.difference).toBeGreaterThan(0);
  // The trend has one row per month of the period, the last (this month) partial.
  expect(body.trend.at(-1)).toMatchObject({ partial: true });
  expect(body.trend.reduce((sum: number, m: { commented: number }) => sum + m.commented, 0)).toBe(36);
});

test('the topic page shows Chinese topic names with their effect, and English ones in English', async () => {
  const analyst = await loginAgent(world.app, t.users.analyst!.email);
  const zh = (await analyst.get('/topics?lang=zh-CN').expect(200)).text;
  expect(zh).toContain('客户在说什么');
  expect(zh).toMatch(/<tr data-topic="charges">[\s\S]*?收费[\s\S]*?显著拉低/);
  expect(zh).toMatch(/href="\/dashboard\/comments\?topic(=|&#x3D;)charges"/);
  const en = (await analyst.get('/topics?lang=en').expect(200)).text;
  expect(en).toMatch(/<tr data-topic="charges">[\s\S]*?Charges[\s\S]*?significantly lower/);
  expect(en).not.toContain('显著拉低');
});

test('the comments page filters by topic and by sentiment, and labels each comment', async () => {
  const analyst = await loginAgent(world.app, t.users.analyst!.email);
  const charges = (await analyst.get('/api/v1/dashboard/comments?topic=charges').expect(200)).body;
  expect(charges.comments).toHaveLength(12);
  expect(charges.comments.every((c: { text: string; topics: string[] }) => S2_BAD.includes(c.text) && c.topics.includes('charges'))).toBe(true);
  const negative = (await analyst.get('/api/v1/dashboard/comments?sentiment=negative').expect(200)).body;
  expect(new Set(negative.comments.map((c: { text: string }) => c.text))).toEqual(new Set(S2_BAD));
  const positivePunctual = (await analyst.get('/api/v1/dashboard/comments?topic=punctuality&sentiment=positive').expect(200)).body;
  expect(positivePunctual.comments).toHaveLength(12);
  const page = (await analyst.get('/dashboard/comments?topic=charges&sentiment=negative&lang=zh-CN').expect(200)).text;
  expect(page).toContain('<option value="charges" selected>收费</option>');
  expect(page).toContain('<span class="senti-tag senti-tag-negative">负面</span> <span class="topic-tag">收费</span>');
  expect((page.match(/class="comment"/g) ?? []).length).toBe(12);
});

test('an unknown topic or sentiment is a 400 naming the field', async () => {
  const analyst = await loginAgent(world.app, t.users.analyst!.email);
  expect((await analyst.get('/api/v1/dashboard/comments?topic=weather').expect(400)).body.error.message).toMatch(/^topic: no topic with code weather/);
  expect((await analyst.get('/api/v1/dashboard/comments?sentiment=angry').expect(400)).body.error.message).toMatch(
    /^sentiment: must be one of positive, neutral, negative/,
  );
  expect((await analyst.get('/api/v1/topics?period=decade').expect(400)).body.error.message).toMatch(/^period:/);
});

test('a site manager sees only their site’s topics and comments, and may not edit topics', async () => {
  const agent = await loginAgent(world.app, manager.email);
  const body = (await agent.get('/api/v1/topics').expect(200)).body;
  expect(body.commented).toBe(12);
  expect(topicRow(body, 'charges').mentions).toBe(0);
  expect(topicRow(body, 'punctuality').mentions).toBe(12);
  expect((await agent.get('/api/v1/dashboard/comments?topic=charges').expect(200)).body.comments).toEqual([]);
  // Naming the other site is refused, not answered with its comments.
  await agent.get('/api/v1/topics?site=S2').expect(400);
  await agent.put('/api/v1/topics/charges').send({ zh: '价格' }).expect(403);
  await agent.get('/topics/settings').expect(403);
  const page = (await agent.get('/topics?lang=zh-CN').expect(200)).text;
  expect(page).not.toContain('收费太贵了');
  expect(page).not.toContain('/topics/settings');
});

test('a retried submission is counted once', async () => {
  const other = await buildTenant(world.store);
  const pub = await publishAll(other);
  const input = {
    templateId: pub.survey.templateId,
    templateVersion: pub.survey.version,
    siteId: other.sites[0]._id,
    channel: 'survey' as const,
    answers: surveyAnswers({ comment: '配件缺货，等了一周' }),
    source: 'api' as const,
    idempotencyKey: 'retry-1',
  };
  await submitResponse(other.ctx, input);
  expect((await submitResponse(other.ctx, input)).replayed).toBe(true);
  const analyst = await loginAgent(world.app, other.users.analyst!.email);
  const body = (await analyst.get('/api/v1/topics').expect(200)).body;
  expect(body.commented).toBe(1);
  expect(topicRow(body, 'parts').mentions).toBe(1);
});

test('an admin renames a topic and adds a keyword: audited, and the next page uses them', async () => {
  const other = await buildTenant(world.store);
  const pub = await publishAll(other);
  await submit(other, pub, 'survey', 0, surveyAnswers({ comment: '工本费另算' }));
  const admin = await loginAgent(world.app, other.admin.email);
  expect(topicRow((await admin.get('/api/v1/topics').expect(200)).body, 'charges').mentions).toBe(0);
  const bad = await admin
    .put('/api/v1/topics/charges')
    .send({ addKeywords: [''] })
    .expect(400);
  expect(bad.body.error.message).toMatch(/^addKeywords\.0: must be 1–30 characters/);
  const csrf = await csrfTokenOf(admin, '/topics/settings');
  await admin
    .post('/topics/settings/charges')
    .type('form')
    .send({ _csrf: csrf, zh: '收费与价格', en: 'Charges and prices', keywords: '收费\n价格，工本费' })
    .expect(303)
    .expect('location', '/topics/settings#topic-charges');
  const body = (await admin.get('/api/v1/topics').expect(200)).body;
  expect(topicRow(body, 'charges')).toMatchObject({ zh: '收费与价格', en: 'Charges and prices', mentions: 1 });
  const settings = (await admin.get('/api/v1/topics/settings').expect(200)).body;
  expect(settings.topics.find((x: { code: string }) => x.code === 'charges').keywords).toEqual(['收费', '价格', '工本费']);
  const log = await world.store.collection('auditLog').find({ enterpriseId: other.enterpriseId, action: 'topic.update' });
  expect(log).toHaveLength(1);
  expect(log[0]).toMatchObject({ entity: 'topic', entityId: 'charges', detail: { before: { zh: '收费' }, after: { zh: '收费与价格' } } });
  // Another enterprise keeps the shipped set.
  const analyst = await loginAgent(world.app, t.users.analyst!.email);
  expect(topicRow((await analyst.get('/api/v1/topics').expect(200)).body, 'charges').zh).toBe('收费');
});
