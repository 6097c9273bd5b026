/**
 * English names for enterprises and sites: accepted and checked where names are
 * entered (site and enterprise API and forms), shown on English pages, JSON,
 * survey pages, reports and the English half of the invitation, and the
 * Chinese name wherever there is no English one.
 */
import request from 'supertest';
import { insertUser } from '../../server/services/accounts/users';
import { updateSite } from '../../server/services/accounts/sites';
import { surveyMail } from '../../server/services/campaigns/messages';
import type { Recipient } from '../../server/services/campaigns/types';
import { buildCampaign } from '../helpers/campaigns';
import { buildTenant, buildWorld, csrfTokenOf, loginAgent, PASSWORD, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let built: Awaited<ReturnType<typeof buildCampaign>>;
let admin: Awaited<ReturnType<typeof loginAgent>>;
const ENGLISH_SITE = 'Riverside Service Point';

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  built = await buildCampaign(tenant);
  // The first site has an English name, the second has none.
  await updateSite(tenant.ctx, tenant.sites[0]._id, { nameEn: ENGLISH_SITE });
  admin = await loginAgent(world.app, tenant.admin.email);
});
afterAll(() => world.close());

describe('entering an English name', () => {
  test.each([
    ['Chinese characters', '北京 Service', /Chinese characters belong in name/],
    ['more than 100 characters', 'x'.repeat(101), /at most 100 characters/],
    ['a control character', 'Line\u0007bell', /control characters/],
  ])('a site nameEn with %s is refused with a 400 naming nameEn, and nothing is stored', async (_what, nameEn, rule) => {
    const res = await admin.post('/api/v1/sites').send({ code: 'EN9', name: '测试场所', city: '北京', nameEn });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('nameEn');
    expect(res.body.error.message).toMatch(rule);
    expect(await world.store.collection('sites').findOne({ code: 'EN9' })).toBeNull();
  });

  test('a site created with an English name keeps it; a blank one is left out; an update to "" clears it', async () => {
    const made = await admin.post('/api/v1/sites').send({ code: 'EN1', name: '滨江服务点', city: '杭州', nameEn: '  Binjiang Point ' });
    expect(made.status).toBe(201);
    expect(made.body.site.nameEn).toBe('Binjiang Point');
    const blank = await admin.post('/api/v1/sites').send({ code: 'EN2', name: '西湖服务点', city: '杭州', nameEn: '' });
    expect(blank.body.site).not.toHaveProperty('nameEn');
    const cleared = await admin.put(`/api/v1/sites/${made.body.site._id}`).send({ nameEn: '' });
    expect(cleared.status).toBe(200);
    expect(cleared.body.site.nameEn).toBe('');
  });

  test('the sites page form takes an English name and lists it under the Chinese one', async () => {
    const csrf = await csrfTokenOf(admin, '/admin/sites');
    const posted = await admin
      .post('/admin/sites')
      .type('form')
      .send({ _csrf: csrf, code: 'EN3', name: '钱塘服务点', nameEn: 'Qiantang Point', city: '杭州', address: '', managerEmail: '' });
    expect(posted.status).toBe(303);
    const page = await admin.get('/admin/sites');
    expect(page.text).toContain('钱塘服务点<br><span lang="en">Qiantang Point</span>');
    expect(page.text).toContain('<label for="nameEn">英文名称（可选）</label>');
  });

  test('the operator creates an enterprise with an English name through the API, and a Chinese one in nameEn is refused', async () => {
    await insertUser(world.store, { enterpriseId: null, email: 'names-op@t.test', name: 'op', role: 'operator', password: PASSWORD });
    const operator = await loginAgent(world.app, 'names-op@t.test');
    const admin = { email: 'names-admin@t.test', name: 'Admin' };
    const bad = await operator.post('/api/v1/enterprises').send({ code: 'names-bad', name: '坏名企业', nameEn: '华星', admin });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('nameEn');
    const good = await operator.post('/api/v1/enterprises').send({ code: 'names-good', name: '好名企业', nameEn: 'Good Name Co', admin });
    expect(good.status).toBe(201);
    expect(good.body.enterprise.nameEn).toBe('Good Name Co');
  });
});

describe('showing the English name', () => {
  test('the site ranking shows the English name in English and the Chinese name in Chinese; a site without one keeps its Chinese name', async () => {
    const [withEn, without] = tenant.sites;
    const en = await admin.get('/dashboard/sites?lang=en');
    expect(en.text).toContain(ENGLISH_SITE);
    expect(en.text).toContain(without.name);
    const json = await admin.get('/api/v1/dashboard/sites?lang=en');
    const rows = json.body.sites as Array<{ code: string; name: string }>;
    expect(rows.find((r) => r.code === withEn.code)?.name).toBe(ENGLISH_SITE);
    expect(rows.find((r) => r.code === without.code)?.name).toBe(without.name);
    expect(en.text).toContain(`${withEn.code}</a> ${ENGLISH_SITE}`);
    // The Chinese page's table shows the Chinese name (the English one stays only in the scripts' data).
    const zh = await admin.get('/dashboard/sites?lang=zh-CN');
    expect(zh.text).toContain(`${withEn.code}</a> ${withEn.name}`);
    expect(zh.text).not.toContain(`</a> ${ENGLISH_SITE}`);
  });

  test('the survey page at /f names the site in the page language, falling back to the Chinese name', async () => {
    const linkOf = (siteId: string) => built.siteLinks.find((l) => l.siteId === siteId)!._id;
    const en = await request(world.app).get(`/f/${linkOf(tenant.sites[0]._id)}?lang=en`);
    expect(en.status).toBe(200);
    expect(en.text).toContain(ENGLISH_SITE);
    const zh = await request(world.app).get(`/f/${linkOf(tenant.sites[0]._id)}?lang=zh-CN`);
    expect(zh.text).toContain(tenant.sites[0].name);
    expect(zh.text).not.toContain(ENGLISH_SITE);
    const fallback = await request(world.app).get(`/f/${linkOf(tenant.sites[1]._id)}?lang=en`);
    expect(fallback.text).toContain(tenant.sites[1].name);
  });

  test('the English audit report names the site in English', async () => {
    const report = await admin.get('/reports/audit?lang=en');
    expect(report.status).toBe(200);
    expect(report.text).toContain(ENGLISH_SITE);
  });

  test('the invitation names enterprise and site in English in its English half, in Chinese in its Chinese half, and falls back per name', () => {
    const recipient = { enterpriseId: 'e', email: 'a@example.com', name: 'Ann', token: 't' } as Recipient;
    const urls = { survey: 'https://x/s/t', unsubscribe: 'https://x/u/t' };
    const both = surveyMail(
      'invitation',
      recipient,
      {
        enterpriseName: '华星家电服务',
        enterpriseNameEn: 'Huaxing Appliance Service',
        siteName: '北京朝阳服务中心',
        siteNameEn: 'Beijing Chaoyang',
        lastDay: '2026-12-31',
      },
      urls,
    );
    const [zhHalf, enHalf] = both.text.split('———');
    expect(zhHalf).toContain('华星家电服务');
    expect(zhHalf).not.toContain('Huaxing');
    expect(enHalf).toContain('Huaxing Appliance Service');
    expect(enHalf).not.toContain('华星家电服务');
    expect(both.subject.split(' / ')[1]).toContain('Huaxing Appliance Service');
    const onlyZh = surveyMail('invitation', recipient, { enterpriseName: '华星家电服务', siteName: '北京朝阳服务中心', lastDay: '2026-12-31' }, urls);
    expect(onlyZh.text.split('———')[1]).toContain('华星家电服务');
  });
});
