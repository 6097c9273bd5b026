/**
 * A customer who has chosen no language gets their browser's: English for
 * any English variant, zh-CN for Chinese, unknown languages or no header.
 * A choice made with ?lang= or remembered in the cookie still wins.
 */
import request from 'supertest';
import type { Recipient, SiteLink } from '../../server/services/campaigns/types';
import { buildCampaign } from '../helpers/campaigns';
import { buildTenant, buildWorld, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let recipient: Recipient;
let link: SiteLink;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  const built = await buildCampaign(tenant);
  recipient = built.recipients[0]!;
  link = built.siteLinks[0]!;
});
afterAll(() => world.close());

const firstPages = () => [`/s/${recipient.token}`, `/f/${link._id}`, '/login'];

test.each([
  ['en-US,en;q=0.9', 'en'],
  ['en-GB', 'en'],
  ['fr-FR, en;q=0.5', 'en'],
  ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
  ['zh-TW', 'zh-CN'],
  ['de-DE, fr;q=0.7', 'zh-CN'],
  ['en;q=0, de', 'zh-CN'],
])('with no language chosen, Accept-Language %s gets %s on the survey, walk-in and login pages', async (header, expected) => {
  for (const path of firstPages()) {
    const res = await request(world.app).get(path).set('Accept-Language', header);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    expect({ path, lang: /<html lang="([^"]+)">/.exec(res.text)?.[1] }).toEqual({ path, lang: expected });
    expect(String(res.headers.vary)).toMatch(/Accept-Language/i);
  }
});

test('without an Accept-Language header the first page is Chinese', async () => {
  for (const path of firstPages()) {
    const res = await request(world.app).get(path);
    expect({ path, lang: /<html lang="([^"]+)">/.exec(res.text)?.[1] }).toEqual({ path, lang: 'zh-CN' });
  }
});

test('the English login page shows English labels', async () => {
  const res = await request(world.app).get('/login').set('Accept-Language', 'en-US,en;q=0.9');
  expect(res.text).toContain('Email');
  expect(res.text).not.toContain('邮箱');
});

test('a language chosen with ?lang= or remembered in the cookie wins over the browser', async () => {
  const browser = request.agent(world.app);
  const chosen = await browser.get(`/f/${link._id}?lang=zh-CN`).set('Accept-Language', 'en-US');
  expect(chosen.text).toContain('<html lang="zh-CN">');
  const remembered = await browser.get('/login').set('Accept-Language', 'en-US');
  expect(remembered.text).toContain('<html lang="zh-CN">');

  const english = await request(world.app).get('/login').set('Cookie', 'lang=en').set('Accept-Language', 'zh-CN');
  expect(english.text).toContain('<html lang="en">');
});
