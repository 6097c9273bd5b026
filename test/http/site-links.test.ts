/**
 * Anonymous site links (/f/:id) from the QR code at a service point: one
 * response per device cookie and day, a per-IP limit on posts, 404 once closed.
 */
import request from 'supertest';
import { closeCampaign } from '../../server/services/campaigns/campaigns';
import { findSiteLink } from '../../server/services/campaigns/links';
import { submitAtSite } from '../../server/services/campaigns/respond';
import type { SiteLink } from '../../server/services/campaigns/types';
import type { ResponseDoc } from '../../server/services/responses/types';
import { buildCampaign, formFields } from '../helpers/campaigns';
import { surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, type Tenant, type World } from '../helpers/world';
import { DAY_MS } from '../../server/services/calendar';

let world: World;
let tenant: Tenant;
let link: SiteLink;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  const built = await buildCampaign(tenant);
  link = built.siteLinks.find((l) => l.siteId === tenant.sites[1]!._id)!;
});
afterAll(() => world.close());

const walkIns = (l: SiteLink) => world.store.collection<ResponseDoc>('responses').find({ 'refs.siteLinkId': l._id });

test('a walk-in answers once per device and day; another device counts separately', async () => {
  const phone = request.agent(world.app);
  const form = await phone.get(`/f/${link._id}`);
  expect(form.status).toBe(200);
  expect(form.text).toContain(tenant.sites[1]!.name);
  expect(String(form.headers['set-cookie'])).toMatch(/ss_dev=[A-Za-z0-9_-]{22};.*Path=\/f;.*HttpOnly/);

  const done = await phone.post(`/f/${link._id}`).type('form').send(formFields());
  expect(done.text).toContain('感谢您的评价');
  const [stored] = await walkIns(link);
  expect(stored).toMatchObject({ source: 'site-link', siteId: tenant.sites[1]!._id, refs: { siteLinkId: link._id } });

  const again = await phone
    .post(`/f/${link._id}`)
    .type('form')
    .send(formFields({ a_overall_satisfaction: '1' }));
  expect(again.status).toBe(200);
  expect(again.text).toContain('今天您已经在此评价过了');
  expect((await phone.get(`/f/${link._id}`)).text).toContain('今天您已经在此评价过了');
  expect(await walkIns(link)).toHaveLength(1);

  const otherPhone = request.agent(world.app);
  await otherPhone.get(`/f/${link._id}`);
  expect((await otherPhone.post(`/f/${link._id}`).type('form').send(formFields())).text).toContain('感谢您的评价');
  expect(await walkIns(link)).toHaveLength(2);
});

test('the same device may answer again the next day', async () => {
  const target = (await findSiteLink(world.store, link._id))!;
  const today = new Date();
  const yesterday = new Date(today.getTime() - DAY_MS);
  const device = 'device-a-aaaaaaaaaaaaa';
  expect(await submitAtSite(target.ctx, target.link, target.campaign, device, surveyAnswers(), yesterday)).toBe('thanks');
  expect(await submitAtSite(target.ctx, target.link, target.campaign, device, surveyAnswers({ recommend: 2 }), yesterday)).toBe('already');
  expect(await submitAtSite(target.ctx, target.link, target.campaign, device, surveyAnswers(), today)).toBe('thanks');
  expect(await submitAtSite(target.ctx, target.link, target.campaign, device, surveyAnswers(), today)).toBe('already');
});

test('device records keep only a hash of the cookie', async () => {
  const records = await world.store.collection('deviceResponses').find({ siteLinkId: link._id });
  expect(records.length).toBeGreaterThan(0);
  expect(JSON.stringify(records)).not.toContain('device-a-aaaaaaaaaaaaa');
});

test('site link ids carry 128 random bits; 96-bit ids on posters printed earlier still open', async () => {
  expect(link._id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  const printedEarlier = { ...link, _id: 'Qx7_k2Lm9pRt4vWz' };
  await world.store.collection<SiteLink>('siteLinks').insertOne(printedEarlier);
  const form = await request(world.app).get(`/f/${printedEarlier._id}`);
  expect(form.status).toBe(200);
  expect(form.text).toContain(tenant.sites[1]!.name);
  expect((await request(world.app).get(`/f/${printedEarlier._id}x`)).status).toBe(404);
});

test('unknown links and links of a closed campaign are 404', async () => {
  expect((await request(world.app).get('/f/AAAAAAAAAAAAAAAA')).status).toBe(404);
  expect((await request(world.app).get('/f/x')).status).toBe(404);
  const other = await buildCampaign(tenant);
  await closeCampaign(tenant.ctx, other.campaign._id);
  const res = await request(world.app).post(`/f/${other.siteLinks[0]!._id}`).type('form').send(formFields());
  expect(res.status).toBe(404);
  expect(await walkIns(other.siteLinks[0]!)).toHaveLength(0);
});

test('switching language on a QR link keeps the answers and the page, and records no response', async () => {
  const phone = request.agent(world.app);
  await phone.get(`/f/${link._id}`);
  const before = (await walkIns(link)).length;
  const en = await phone
    .post(`/f/${link._id}?lang=en`)
    .type('form')
    .send({ page: '1', nav: 'language', a_service_type: 'delivery_install', a_delivery_on_time: '4' });
  expect(en.status).toBe(200);
  expect(en.text).toContain('<html lang="en">');
  expect(en.text).toContain('Page 2 of 4');
  expect(en.text).toContain('name="page" value="1"');
  expect(en.text).toContain('<input type="hidden" name="a_service_type" value="delivery_install">');
  expect(en.text).toMatch(/name="a_delivery_on_time" value="4" checked/);
  expect(en.text).not.toContain('role="alert"');
  expect(en.text).toContain(`formaction="/f/${link._id}?lang=zh-CN"`);
  expect(await walkIns(link)).toHaveLength(before);
});

test('limits form posts per IP address', async () => {
  // A world of its own, so the limiter's count starts at zero.
  const fresh = await buildWorld();
  try {
    const t = await buildTenant(fresh.store);
    const { siteLinks } = await buildCampaign(t);
    const statuses: number[] = [];
    for (let i = 0; i < 61; i += 1)
      statuses.push((await request(fresh.app).post(`/f/${siteLinks[0]!._id}`).type('form').send({ page: '0', nav: 'next' })).status);
    expect(statuses.slice(0, 60).every((s) => s === 400)).toBe(true);
    const limited = await request(fresh.app).post(`/f/${siteLinks[0]!._id}`).type('form').send(formFields());
    expect(statuses[60]).toBe(429);
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('提交过于频繁');
    expect(await fresh.store.collection('responses').count({})).toBe(0);
  } finally {
    await fresh.close();
  }
});
