/**
 * The campaign's recipient list over HTTP with 3,000 recipients: pages of 50,
 * search by name, email, phone and case id, the status filter, masked
 * contacts, bad queries refused by field, and a site manager confined to
 * their site's recipients.
 */
import { insertUser } from '../../server/services/accounts/users';
import type { Recipient } from '../../server/services/campaigns/types';
import { buildCampaign } from '../helpers/campaigns';
import { PASSWORD, buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let manager: Awaited<ReturnType<typeof loginAgent>>;
let campaignId: string;
let list: string;

const COUNT = 3000;
const pad = (i: number) => String(i).padStart(4, '0');
/** Rows of the table body, one per recipient shown. */
/** The page's HTML with the entity handlebars writes for = in links decoded. */
const htmlOf = (html: string) => html.replace(/&#x3D;/g, '=');
const rowsOf = (html: string) => (html.split('<tbody>')[1]?.split('</tbody>')[0] ?? '').match(/<tr>/g)?.length ?? 0;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  const recipients = Array.from({ length: COUNT }, (_, i) => ({
    name: `客户${pad(i)}`,
    email: `c${pad(i)}@example.com`,
    phone: `1390000${pad(i)}`,
    siteCode: i % 2 === 0 ? 'S1' : 'S2',
    caseId: `R-${pad(i)}`,
  }));
  const { campaign } = await buildCampaign(tenant, { recipients });
  campaignId = campaign._id;
  list = `/campaigns/${campaignId}/recipients`;
  // Where each stands, set as the sender and the respondent pages would leave it.
  const col = world.store.collection<Recipient>('recipients');
  const at = new Date().toISOString();
  const byEmails = (from: number, to: number) => ({ campaignId, email: { $in: Array.from({ length: to - from }, (_, k) => `c${pad(from + k)}@example.com`) } });
  await col.updateMany(byEmails(0, 1000), { $set: { invitedAt: at, mailsSent: 1 } });
  await col.updateMany(byEmails(100, 300), { $set: { remindersSent: 1, mailsSent: 2 } });
  await col.updateMany(byEmails(300, 420), { $set: { respondedAt: at } });
  await col.updateMany(byEmails(420, 450), { $set: { bouncedAt: at } });
  await col.updateMany(byEmails(450, 460), { $set: { unsubscribedAt: at } });
  await col.updateMany(byEmails(2990, 3000), { $set: { expiresAt: '2020-01-01T00:00:00.000Z' } });
  admin = await loginAgent(world.app, tenant.admin.email);
  await insertUser(world.store, {
    enterpriseId: tenant.enterpriseId,
    email: 'list.s1@t.test',
    name: '网点负责人',
    role: 'siteManager',
    password: PASSWORD,
    siteIds: [tenant.sites[0]!._id],
  });
  manager = await loginAgent(world.app, 'list.s1@t.test');
});
afterAll(() => world.close());

test('pages through 3,000 recipients 50 at a time, in upload order, with masked contacts', async () => {
  const first = await admin.get(list);
  expect(first.status).toBe(200);
  expect(first.text).toContain('共 3,000 位收件人');
  expect(rowsOf(first.text)).toBe(50);
  expect(first.text).toContain('第 1 / 60 页');
  expect(htmlOf(first.text)).toContain(`href="${list}?page=2" rel="next"`);
  expect(first.text).not.toContain('c0000@example.com');
  expect(first.text).not.toContain('13900000000');
  const last = await admin.get(`${list}?page=60`);
  expect(rowsOf(last.text)).toBe(50);
  expect(last.text).toContain('R-2999');
  expect(last.text).not.toContain('rel="next"');
  // A page past the end (the list shrank since the link was made) shows the last page.
  const beyond = await admin.get(`${list}?page=75`);
  expect(beyond.text).toContain('第 60 / 60 页');
});

test('search finds a recipient by name, email, phone as typed with spaces or +86, and case id in any case', async () => {
  for (const q of ['客户1234', 'C1234@EXAMPLE.com', '+86 139 0000 1234', 'r-1234']) {
    const found = await admin.get(list).query({ q });
    expect(found.status).toBe(200);
    expect(found.text).toContain('找到 1 位收件人');
    expect(found.text).toContain('R-1234');
  }
  const partial = await admin.get(list).query({ q: '客户12' });
  expect(partial.text).toContain('找到 100 位收件人');
  const none = await admin.get(list).query({ q: 'nobody-here' });
  expect(none.text).toContain('没有符合条件的收件人');
  // Paging keeps the search.
  const broad = await admin.get(list).query({ q: 'example.com' });
  expect(htmlOf(broad.text)).toContain(`href="${list}?q=example.com&amp;page=2"`);
});

test('the status filter shows exactly the recipients in that state, alone or with a search', async () => {
  const counts: Record<string, number> = { pending: 1990, invited: 640, reminded: 200, answered: 120, bounced: 30, unsubscribed: 10, expired: 10 };
  expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(COUNT);
  for (const [status, n] of Object.entries(counts)) {
    const res = await admin.get(`/api/v1/campaigns/${campaignId}/recipients`).query({ status });
    expect(res.status).toBe(200);
    expect({ status, total: res.body.total }).toEqual({ status, total: n });
    expect(res.body.recipients.every((r: { status: string }) => r.status === status)).toBe(true);
  }
  const page = await admin.get(list).query({ status: 'answered' });
  expect(page.text).toContain('找到 120 位收件人');
  expect(page.text).toContain('<option value="answered" selected>已回复</option>');
  const both = await admin.get(list).query({ status: 'bounced', q: 'c042' });
  expect(both.text).toContain('找到 10 位收件人');
  const en = await admin.get(list).query({ status: 'reminded' }).set('Cookie', 'lang=en');
  expect(en.status).toBe(200);
});

test('a bad status or page is refused naming the field and the rule', async () => {
  const bad = await admin.get(`/api/v1/campaigns/${campaignId}/recipients`).query({ status: 'lost' });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toContain('status: must be one of pending, invited, reminded, answered, bounced, unsubscribed, expired');
  const page = await admin.get(`/api/v1/campaigns/${campaignId}/recipients`).query({ page: '0' });
  expect(page.status).toBe(400);
  expect(JSON.stringify(page.body)).toContain('page: must be 1 or more');
});

test("a site manager sees only their site's recipients, in the list and in the search", async () => {
  const mine = await manager.get(`/api/v1/campaigns/${campaignId}/recipients`);
  expect(mine.status).toBe(200);
  expect(mine.body.total).toBe(COUNT / 2);
  expect(mine.body.recipients.every((r: { siteCode: string }) => r.siteCode === 'S1')).toBe(true);
  const other = await manager.get(list).query({ q: 'R-1235' });
  expect(other.status).toBe(200);
  expect(other.text).toContain('找到 0 位收件人');
  const own = await manager.get(list).query({ q: 'R-1234' });
  expect(own.text).toContain('找到 1 位收件人');
});
