/**
 * The personal survey link as a customer without JavaScript uses it: plain
 * GETs and form POSTs, page by page, with errors re-rendered and answers kept.
 */
import request from 'supertest';
import type { Recipient } from '../../server/services/campaigns/types';
import { findPersonalLink } from '../../server/services/campaigns/links';
import { submitPersonal } from '../../server/services/campaigns/respond';
import { domainEvents } from '../../server/services/events';
import type { ResponseDoc } from '../../server/services/responses/types';
import { buildCampaign, formFields } from '../helpers/campaigns';
import { surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let recipients: Recipient[];

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  recipients = (
    await buildCampaign(tenant, {
      recipients: Array.from({ length: 11 }, (_, i) => ({ email: `c${i}@example.com`, name: `顾客${i}`, siteCode: 'S1', caseId: `K${i}` })),
    })
  ).recipients;
});
afterAll(() => world.close());

const responsesOf = (r: Recipient) => world.store.collection<ResponseDoc>('responses').find({ 'refs.recipientId': r._id });
const recipient = (r: Recipient) => world.store.collection<Recipient>('recipients').findOne({ _id: r._id });
const checked = (html: string, name: string, value: string) => new RegExp(`name="${name}" value="${value}" checked`).test(html);

test('walks the form page by page without JavaScript, keeping answers on errors, and thanks the customer', async () => {
  const r = recipients[0]!;
  const url = `/s/${r.token}`;
  const form = await request(world.app).get(url);
  expect(form.status).toBe(200);
  expect(form.text).toContain('<html lang="zh-CN">');
  expect(form.text).toContain('您最近接受的是哪项服务');
  expect(form.text).not.toContain('repair_speed');
  expect((await recipient(r))!.openedAt).toBeDefined();

  const empty = await request(world.app).post(url).type('form').send({ page: '0', nav: 'next' });
  expect(empty.status).toBe(400);
  expect(empty.text).toContain('请回答此题');
  expect(empty.text).toContain('name="page" value="0"');

  // Repair chosen: the delivery page is skipped on the server, the repair page comes next.
  const repair = await request(world.app).post(url).type('form').send({ page: '0', nav: 'next', a_service_type: 'repair' });
  expect(repair.status).toBe(200);
  expect(repair.text).toContain('name="page" value="2"');
  expect(repair.text).toContain('<input type="hidden" name="a_service_type" value="repair">');
  expect(repair.text).toContain('a_repair_speed');
  expect(repair.text).not.toContain('a_delivery_on_time');

  // A missing required answer comes back with its error and the other answers still chosen.
  const missing = await request(world.app).post(url).type('form').send({ page: '2', nav: 'next', a_service_type: 'repair', a_explanation: '5' });
  expect(missing.status).toBe(400);
  expect(missing.text).toContain('q_repair_speed_err');
  expect(checked(missing.text, 'a_explanation', '5')).toBe(true);

  const back = await request(world.app).post(url).type('form').send({ page: '2', nav: 'back', a_service_type: 'repair', a_explanation: '5' });
  expect(back.text).toContain('name="page" value="0"');
  expect(checked(back.text, 'a_service_type', 'repair')).toBe(true);
  expect(back.text).toContain('<input type="hidden" name="a_explanation" value="5">');

  const counted: string[] = [];
  const off = domainEvents.on('response.counted', (e) => counted.push(e.responseId));
  const done = await request(world.app)
    .post(url)
    .type('form')
    .send(formFields({ page: '4' }));
  off();
  expect(done.status).toBe(200);
  expect(done.text).toContain('感谢您的评价');
  const [stored] = await responsesOf(r);
  expect(stored).toMatchObject({
    source: 'link',
    channel: 'survey',
    refs: { recipientId: r._id },
    answers: { service_type: 'repair', repair_speed: 4, recommend: 9 },
  });
  expect(counted).toEqual([stored!._id]);
  // Personal data stays with the recipient, never in the response.
  expect(JSON.stringify(stored)).not.toMatch(/c0@example\.com|顾客0/);
  expect((await recipient(r))!).toMatchObject({ respondedAt: expect.any(String), responseId: stored!._id, nextMailAt: '~' });
});

test('a final submit with an error on an earlier page returns to that page', async () => {
  const r = recipients[1]!;
  const res = await request(world.app)
    .post(`/s/${r.token}`)
    .type('form')
    .send(formFields({ page: '4', a_repair_speed: '9' }));
  expect(res.status).toBe(400);
  expect(res.text).toContain('name="page" value="2"');
  expect(res.text).toContain('q_repair_speed_err');
  expect(await responsesOf(r)).toHaveLength(0);
});

test('a retried submit shows the thank-you page and stores nothing twice', async () => {
  const r = recipients[2]!;
  const first = await request(world.app).post(`/s/${r.token}`).type('form').send(formFields());
  const again = await request(world.app).post(`/s/${r.token}`).type('form').send(formFields());
  expect([first.status, again.status]).toEqual([200, 200]);
  expect(again.text).toContain('感谢您的评价');
  expect(again.text).toContain('您已经提交过这份问卷');
  // Going back and answering differently is "already answered", not an error.
  const other = await request(world.app)
    .post(`/s/${r.token}`)
    .type('form')
    .send(formFields({ a_overall_satisfaction: '1' }));
  expect(other.status).toBe(200);
  expect(other.text).toContain('感谢您的评价');
  expect(await responsesOf(r)).toHaveLength(1);
  expect((await request(world.app).get(`/s/${r.token}`)).text).toContain('您已经提交过这份问卷');
});

test('a double submit in parallel stores one response, with the same or with different answers', async () => {
  for (const [r, bodies] of [
    [recipients[3]!, [formFields(), formFields()]],
    [recipients[4]!, [formFields(), formFields({ a_overall_satisfaction: '2', a_recommend: '3' })]],
  ] as const) {
    const results = await Promise.all(bodies.map((b) => request(world.app).post(`/s/${r.token}`).type('form').send(b)));
    expect(results.map((x) => x.status)).toEqual([200, 200]);
    for (const x of results) expect(x.text).toContain('感谢您的评价');
    expect(await responsesOf(r)).toHaveLength(1);
  }
});

test('two submits that both saw the link unanswered store one response', async () => {
  // All calls get the same snapshot, as requests racing past the "already answered" check would.
  const fresh = (await buildCampaign(tenant, { recipients: [{ email: 'race@example.com', siteCode: 'S1' }] })).recipients[0]!;
  const link = (await findPersonalLink(world.store, fresh.token))!;
  const outcomes = await Promise.all([
    submitPersonal(link.ctx, link.recipient, link.campaign, surveyAnswers()),
    submitPersonal(link.ctx, link.recipient, link.campaign, surveyAnswers()),
    submitPersonal(link.ctx, link.recipient, link.campaign, surveyAnswers({ overall_satisfaction: 1 })),
  ]);
  expect(outcomes).toContain('thanks');
  expect(outcomes).toContain('already');
  expect(await responsesOf(fresh)).toHaveLength(1);
});

test('unknown, malformed and expired tokens get the same 404 page', async () => {
  const r = recipients[5]!;
  await world.store.collection<Recipient>('recipients').updateOne({ _id: r._id }, { $set: { expiresAt: new Date(Date.now() - 1000).toISOString() } });
  const expired = await request(world.app).get(`/s/${r.token}`);
  const unknown = await request(world.app).get(`/s/${'A'.repeat(r.token.length)}`);
  const malformed = await request(world.app).get('/s/abc');
  const long = await request(world.app).get(`/s/${'A'.repeat(300)}`);
  for (const res of [expired, unknown, malformed, long]) expect(res.status).toBe(404);
  for (const res of [expired, malformed, long]) expect(res.text).toBe(unknown.text);
  expect(expired.text).toContain('此链接无效或已过期');
  const post = await request(world.app).post(`/s/${r.token}`).type('form').send(formFields());
  expect(post.status).toBe(404);
  expect(await responsesOf(r)).toHaveLength(0);
});

test('switches to English and remembers it', async () => {
  const agent = request.agent(world.app);
  const en = await agent.get(`/s/${recipients[6]!.token}?lang=en`);
  expect(en.text).toContain('<html lang="en">');
  expect(en.text).toContain('Which service did you receive most recently?');
  expect(en.text).toContain(
    `<button type="submit" name="nav" value="language" formaction="/s/${recipients[6]!.token}?lang=zh-CN" formnovalidate class="r-lang" lang="zh-CN">中文</button>`,
  );
  const next = await agent.post(`/s/${recipients[6]!.token}`).type('form').send({ page: '0', nav: 'next' });
  expect(next.text).toContain('Please answer this question');
});

test('switching language mid-survey keeps every answer and the page, shows no errors and remembers the language', async () => {
  const token = recipients[8]!.token;
  const agent = request.agent(world.app);
  const page2 = await agent.post(`/s/${token}`).type('form').send({ page: '0', nav: 'next', a_service_type: 'repair' });
  expect(page2.text).toContain('第 2 页，共 4 页');
  // The switch is a submit button inside the form, after the forward button (Enter goes forward), not a link that drops the form.
  const form = /<form[^>]*>([\s\S]*?)<\/form>/.exec(page2.text)![1]!;
  expect(form.indexOf(`formaction="/s/${token}?lang=en"`)).toBeGreaterThan(form.indexOf('value="next"'));
  expect(page2.text).not.toContain('<a class="r-lang"');

  // Page 2 half answered (a required question still open): switch.
  const en = await agent
    .post(`/s/${token}?lang=en`)
    .type('form')
    .send({ page: '2', nav: 'language', a_service_type: 'repair', a_repair_speed: '4', a_explanation: '2' });
  expect(en.status).toBe(200);
  expect(String(en.headers['set-cookie'])).toMatch(/lang=en;/);
  expect(en.text).toContain('<html lang="en">');
  expect(en.text).toContain('Page 2 of 4');
  expect(en.text).toContain('name="page" value="2"');
  expect(en.text).toContain('<input type="hidden" name="a_service_type" value="repair">');
  expect(checked(en.text, 'a_repair_speed', '4')).toBe(true);
  expect(checked(en.text, 'a_explanation', '2')).toBe(true);
  expect(en.text).toContain('How satisfied are you with the time from reporting the fault to the repair being done?');
  expect(en.text).not.toContain('role="alert"');
  expect(en.text).not.toContain('Please answer this question');
  expect(en.text).toContain(`formaction="/s/${token}?lang=zh-CN" formnovalidate class="r-lang" lang="zh-CN">中文</button>`);
  expect(await responsesOf(recipients[8]!)).toHaveLength(0);

  // The language sticks for the following pages, and back again.
  const next = await agent
    .post(`/s/${token}`)
    .type('form')
    .send({ page: '2', nav: 'next', a_service_type: 'repair', a_repair_speed: '4', a_problem_solved: 'yes' });
  expect(next.text).toContain('Page 3 of 4');
  const zh = await agent
    .post(`/s/${token}?lang=zh-CN`)
    .type('form')
    .send({ page: '3', nav: 'language', a_service_type: 'repair', a_repair_speed: '4', a_problem_solved: 'yes', a_staff_attitude: '5' });
  expect(zh.text).toContain('第 3 页，共 4 页');
  expect(checked(zh.text, 'a_staff_attitude', '5')).toBe(true);
  expect(zh.text).toContain('<input type="hidden" name="a_problem_solved" value="yes">');
});

test('pages without a form keep the plain language link', async () => {
  const done = await request(world.app).post(`/s/${recipients[10]!.token}`).type('form').send(formFields());
  // Handlebars writes the = of the query as &#x3D;, which the browser reads as =.
  expect(done.text).toContain('<a class="r-lang" href="?lang&#x3D;en" lang="en" hreflang="en">English</a>');
  expect(done.text).not.toContain('value="language"');
  const gone = await request(world.app).get('/s/abc');
  expect(gone.text).toContain('<a class="r-lang" href="?lang&#x3D;en"');
});

test('promises no page total until the answers that decide it are given', async () => {
  const token = recipients[9]!.token;
  // The service type decides between the delivery and the repair page: three or four pages.
  const first = await request(world.app).get(`/s/${token}`);
  expect(first.text).toContain('<p class="r-progress">第 1 页</p>');
  const page2 = await request(world.app).post(`/s/${token}`).type('form').send({ page: '0', nav: 'next', a_service_type: 'consultation' });
  expect(page2.text).toContain('第 2 页，共 3 页');
  const back = await request(world.app).post(`/s/${token}`).type('form').send({ page: '3', nav: 'back', a_service_type: 'consultation' });
  expect(back.text).toContain('第 1 页，共 3 页');
});

test('refuses an oversized body with 413 and stores nothing', async () => {
  const r = recipients[7]!;
  const res = await request(world.app)
    .post(`/s/${r.token}`)
    .type('form')
    .send(formFields({ a_comment: 'x'.repeat(300_000) }));
  expect(res.status).toBe(413);
  expect(await responsesOf(r)).toHaveLength(0);
});
