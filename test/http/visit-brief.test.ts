/**
 * The shopper's brief over HTTP: planners write scenarios, a fee in yuan and
 * the site's address; bad input is a 400 naming the field and rule with
 * nothing stored; the shopper reads the brief before accepting, the reviewer
 * beside the report; another enterprise or another shopper sees none of it.
 */
import { assignVisit } from '../../server/services/visits/assignment';
import { addShopper, mysteryPlan } from '../helpers/visits';
import { buildTenant, buildWorld, csrfTokenOf, loginAgent, type Tenant, type World } from '../helpers/world';
import { feeToFen } from '../../server/http/visits/briefSchema';
import type { VisitPlan } from '../../server/services/visits/types';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world.close());

const BRIEF = {
  fee: '150.5',
  scenarios: [
    {
      type: 'repair',
      ask: { 'zh-CN': '询问空调不制冷的维修费用', en: 'Ask what fixing an air conditioner that does not cool costs' },
      observe: { 'zh-CN': '是否先报价再维修' },
    },
    { type: 'enquiry', buy: { 'zh-CN': '索取延保价目表' } },
  ],
};

async function planWithShopper() {
  const tenant = await buildTenant(world.store);
  const { plan, visits } = await mysteryPlan(tenant, { visits: 2 });
  const shopper = await addShopper(tenant, ['北京']);
  const admin = await loginAgent(world.app, tenant.admin.email);
  return { tenant, plan, visits, shopper, admin };
}

/** A page's text with the entities handlebars writes inside attributes decoded (`=` in a URL). */
const html = (res: { text: string }) => res.text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
const planOf = (tenant: Tenant, id: string) => tenant.ctx.store.collection<VisitPlan>('visitPlans').findOne({ _id: id });
const auditCount = (tenant: Tenant, planId: string) =>
  world.store.collection('auditLog').count({ enterpriseId: tenant.enterpriseId, action: 'visitPlan.brief', entityId: planId });

describe('fee amounts', () => {
  test.each([
    ['150', 15000],
    ['150.5', 15050],
    ['150.50', 15050],
    ['0', 0],
    ['0.01', 1],
    ['¥ 99.99', 9999],
  ])('reads %s yuan as %i fen by its digits', (raw, fen) => {
    expect(feeToFen(raw)).toEqual({ fen });
  });
  test.each([
    ['-1', 'negative'],
    ['1.005', 'decimals'],
    ['abc', 'money'],
    ['1,000', 'money'],
    ['100000.01', 'feeMax'],
  ])('refuses %s with the rule %s', (raw, rule) => {
    expect(feeToFen(raw)).toEqual({ rule });
  });
});

describe('writing the brief over the API', () => {
  test('stores the scenarios and the fee as whole fen, with one audit entry', async () => {
    const { tenant, plan, admin } = await planWithShopper();
    const res = await admin.put(`/api/v1/visit-plans/${plan._id}/brief`).send(BRIEF);
    expect(res.status).toBe(200);
    const stored = await planOf(tenant, plan._id);
    expect(stored?.brief?.feeFen).toBe(15050);
    expect(stored?.brief?.scenarios.map((s) => s.type)).toEqual(['repair', 'enquiry']);
    expect(stored?.brief?.scenarios[0].ask).toEqual(BRIEF.scenarios[0].ask);
    expect(await auditCount(tenant, plan._id)).toBe(1);
  });

  test.each([
    [{ fee: '-5' }, 'fee: must not be negative'],
    [{ fee: '12.345' }, 'fee: must have at most 2 decimal places'],
    [{ fee: 'ten' }, 'fee: must be an amount in yuan'],
    [{ fee: -1 }, 'fee: must not be negative'],
    [{ scenarios: [{ type: 'haircut', ask: { 'zh-CN': 'x' } }] }, 'scenarios.0.type: must be one of enquiry'],
    [{ scenarios: [{ type: 'repair' }] }, 'scenarios.0.ask.zh-CN: needs at least one text in Chinese'],
    [{ scenarios: [{ type: 'repair', ask: { 'zh-CN': '', en: 'Ask' } }] }, 'scenarios.0.ask.zh-CN: needs the Chinese text before an English one'],
    [{ scenarios: [{ type: 'repair', ask: { 'zh-CN': 'x'.repeat(1001) } }] }, 'scenarios.0.ask.zh-CN: must be at most 1000 characters'],
    [{ scenarios: [BRIEF.scenarios[0], BRIEF.scenarios[0]] }, 'scenarios.1.type: each visit type at most once'],
    [{ payout: 1 }, 'payout: unknown field'],
  ])('refuses %j with a 400 naming the field and rule, keeping the brief as it was', async (body, message) => {
    const { tenant, plan, admin } = await planWithShopper();
    await admin.put(`/api/v1/visit-plans/${plan._id}/brief`).send(BRIEF).expect(200);
    const res = await admin.put(`/api/v1/visit-plans/${plan._id}/brief`).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
    expect((await planOf(tenant, plan._id))?.brief?.feeFen).toBe(15050);
    expect(await auditCount(tenant, plan._id)).toBe(1);
  });

  test('a shopper, reviewer or another enterprise cannot write a brief', async () => {
    const { tenant, plan } = await planWithShopper();
    const other = await buildTenant(world.store);
    for (const email of [tenant.users.shopper!.email, tenant.users.reviewer!.email, other.admin.email]) {
      const res = await (await loginAgent(world.app, email)).put(`/api/v1/visit-plans/${plan._id}/brief`).send(BRIEF);
      expect([403, 404]).toContain(res.status);
    }
    expect((await planOf(tenant, plan._id))?.brief).toBeUndefined();
  });
});

describe('the plan page form', () => {
  test('saves the brief from the form and shows it, the fee in yuan and the map links', async () => {
    const { tenant, plan, admin } = await planWithShopper();
    await admin.put(`/api/v1/sites/${tenant.sites[0]._id}`).send({ address: '朝阳区建国路88号' }).expect(200);
    const csrf = await csrfTokenOf(admin, `/visit-plans/${plan._id}`);
    const res = await admin
      .post(`/visit-plans/${plan._id}/brief`)
      .type('form')
      .send({ _csrf: csrf, fee: '80', 'purchase.buy.zh-CN': '购买一支电动牙刷', 'purchase.observe.zh-CN': '是否开具发票' });
    expect(res.status).toBe(303);
    expect((await planOf(tenant, plan._id))?.brief).toMatchObject({ feeFen: 8000, scenarios: [{ type: 'purchase', buy: { 'zh-CN': '购买一支电动牙刷' } }] });
    const page = { text: html(await admin.get(`/visit-plans/${plan._id}`)) };
    expect(page.text).toContain('¥80.00');
    expect(page.text).toContain('购买一支电动牙刷');
    expect(page.text).toContain(`https://uri.amap.com/search?keyword=${encodeURIComponent('北京朝阳区建国路88号')}`);
    expect(page.text).toContain(`https://www.openstreetmap.org/search?query=${encodeURIComponent('北京朝阳区建国路88号')}`);
  });

  test('a refused form comes back as a 400 in the page language, with what was typed', async () => {
    const { tenant, plan, admin } = await planWithShopper();
    const csrf = await csrfTokenOf(admin, `/visit-plans/${plan._id}`);
    const zh = await admin.post(`/visit-plans/${plan._id}/brief`).type('form').send({ _csrf: csrf, fee: '12.345', 'repair.ask.zh-CN': '问保修期' });
    expect(zh.status).toBe(400);
    expect(zh.text).toContain('每次暗访酬金（元）: 最多两位小数');
    expect(zh.text).toContain('value="12.345"');
    expect(zh.text).toContain('问保修期');
    const en = await admin
      .post(`/visit-plans/${plan._id}/brief?lang=en`)
      .type('form')
      .send({ _csrf: csrf, fee: '5', 'repair.ask.en': 'Ask about the warranty' });
    expect(en.status).toBe(400);
    expect(en.text).toContain('Repair request · What to ask · Chinese: needs the Chinese text before an English one');
    expect((await planOf(tenant, plan._id))?.brief).toBeUndefined();
  });
});

describe('who reads the brief', () => {
  test('the assigned shopper sees scenario, fee and address before accepting, in Chinese and English', async () => {
    const { tenant, plan, visits, shopper, admin } = await planWithShopper();
    await admin.put(`/api/v1/sites/${tenant.sites[0]._id}`).send({ address: '朝阳区建国路88号' }).expect(200);
    await admin.put(`/api/v1/visit-plans/${plan._id}/brief`).send(BRIEF).expect(200);
    await assignVisit(tenant.ctx, visits[1]._id, shopper.user._id);
    const agent = await loginAgent(world.app, shopper.user.email);
    const zhRes = await agent.get(`/my-visits/${visits[1]._id}`);
    expect(zhRes.status).toBe(200);
    const zh = { text: html(zhRes) };
    // The second visit takes the second scenario.
    expect(zh.text).toContain('咨询');
    expect(zh.text).toContain('索取延保价目表');
    expect(zh.text).toContain('¥150.50');
    expect(zh.text).toContain('朝阳区建国路88号');
    expect(zh.text).toContain('https://uri.amap.com/search?keyword=');
    expect(zh.text.indexOf('索取延保价目表')).toBeLessThan(zh.text.indexOf(`/my-visits/${visits[1]._id}/accept`));
    const en = await agent.get(`/my-visits/${visits[1]._id}?lang=en`);
    expect(en.text).toContain('Enquiry');
    expect(en.text).toContain('CNY 150.50');
    expect(en.text.indexOf('openstreetmap.org')).toBeLessThan(en.text.indexOf('uri.amap.com'));
    const api = await agent.get(`/api/v1/visits/${visits[1]._id}/brief`);
    expect(api.body).toMatchObject({ scenario: { type: 'enquiry' }, feeFen: 15050, site: { address: '朝阳区建国路88号' } });
  });

  test('an accepted visit keeps the brief its shopper accepted when the plan is edited; a visit not yet accepted follows the edit', async () => {
    const { tenant, plan, visits, shopper, admin } = await planWithShopper();
    await admin.put(`/api/v1/visit-plans/${plan._id}/brief`).send(BRIEF).expect(200);
    const second = await addShopper(tenant, ['北京']);
    await assignVisit(tenant.ctx, visits[0]._id, shopper.user._id);
    await assignVisit(tenant.ctx, visits[1]._id, second.user._id);
    const agent = await loginAgent(world.app, shopper.user.email);
    await agent.post(`/api/v1/visits/${visits[0]._id}/accept`).expect(200);
    // The planner swaps the scenarios round and raises the fee after the first visit was accepted.
    await admin
      .put(`/api/v1/visit-plans/${plan._id}/brief`)
      .send({ fee: '200', scenarios: [...BRIEF.scenarios].reverse() })
      .expect(200);
    const brief = async (i: number) => (await admin.get(`/api/v1/visits/${visits[i]!._id}/brief`).expect(200)).body;
    expect(await brief(0)).toMatchObject({ scenario: { type: 'repair' }, feeFen: 15050 });
    expect((await agent.get(`/api/v1/visits/${visits[0]._id}/brief`).expect(200)).body).toMatchObject({ scenario: { type: 'repair' }, feeFen: 15050 });
    expect(await brief(1)).toMatchObject({ scenario: { type: 'repair' }, feeFen: 20000 });
    const reviewer = await loginAgent(world.app, tenant.users.reviewer!.email);
    const review = (await reviewer.get(`/review/visits/${visits[0]._id}`).expect(200)).text;
    expect(review).toContain('询问空调不制冷的维修费用');
    expect(review).toContain('¥150.50');
    // Declined, the visit goes back to the pool with the plan's brief as it is now.
    await agent.post(`/api/v1/visits/${visits[0]._id}/decline`).send({}).expect(200);
    expect(await brief(0)).toMatchObject({ scenario: { type: 'enquiry' }, feeFen: 20000 });
  });

  test('another shopper and another enterprise get a 404 for the brief', async () => {
    const { tenant, plan, visits, shopper, admin } = await planWithShopper();
    await admin.put(`/api/v1/visit-plans/${plan._id}/brief`).send(BRIEF).expect(200);
    await assignVisit(tenant.ctx, visits[0]._id, shopper.user._id);
    const otherShopper = await addShopper(tenant, ['北京']);
    const other = await buildTenant(world.store);
    for (const email of [otherShopper.user.email, other.admin.email]) {
      const agent = await loginAgent(world.app, email);
      expect((await agent.get(`/api/v1/visits/${visits[0]._id}/brief`)).status).toBe(404);
      expect((await agent.get(`/my-visits/${visits[0]._id}`)).status).toBe(404);
    }
  });

  test('the reviewer sees the visit scenario, fee and address beside the report', async () => {
    const { tenant, plan, visits, admin } = await planWithShopper();
    await admin.put(`/api/v1/visit-plans/${plan._id}/brief`).send(BRIEF).expect(200);
    const reviewer = await loginAgent(world.app, tenant.users.reviewer!.email);
    const page = await reviewer.get(`/review/visits/${visits[0]._id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('询问空调不制冷的维修费用');
    expect(page.text).toContain('¥150.50');
    expect(page.text).toContain('场所尚未填写地址');
  });
});

describe('site address', () => {
  test('is edited on the sites page and refused over the API when it spans lines', async () => {
    const { tenant, admin } = await planWithShopper();
    const site = tenant.sites[0];
    const csrf = await csrfTokenOf(admin, '/admin/sites');
    await admin
      .post(`/admin/sites/${site._id}`)
      .type('form')
      .send({ _csrf: csrf, name: site.name, city: site.city, address: '海淀区中关村大街1号', managerEmail: '' })
      .expect(303);
    const page = await admin.get('/admin/sites');
    expect(page.text).toContain('海淀区中关村大街1号');
    const bad = await admin.put(`/api/v1/sites/${site._id}`).send({ address: '第一行\n第二行' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('address: must be one line without control characters');
    const long = await admin.put(`/api/v1/sites/${site._id}`).send({ address: 'x'.repeat(201) });
    expect(long.body.error.message).toBe('address: must be at most 200 characters');
    const stored = await tenant.ctx.store.collection<{ _id: string; address?: string }>('sites').findOne({ _id: site._id });
    expect(stored?.address).toBe('海淀区中关村大街1号');
    expect(await world.store.collection('auditLog').count({ enterpriseId: tenant.enterpriseId, action: 'site.update', entityId: site._id })).toBe(1);
  });
});
