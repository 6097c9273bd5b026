/**
 * The operator renames an enterprise after creating it: its Chinese and
 * English names, from the enterprises page (no-JS form with CSRF) or the JSON
 * API. Bad input is refused naming the field, and each change is logged.
 */
import type request from 'supertest';
import { insertUser } from '../../server/services/accounts/users';
import type { Enterprise } from '../../server/services/accounts/enterprises';
import { buildTenant, buildWorld, csrfTokenOf, loginAgent, PASSWORD, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let operator: ReturnType<typeof request.agent>;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  await insertUser(world.store, { enterpriseId: null, email: 'rename-op@t.test', name: 'op', role: 'operator', password: PASSWORD });
  operator = await loginAgent(world.app, 'rename-op@t.test');
});
afterAll(() => world.close());

const enterpriseOf = (id: string) => world.store.collection<Enterprise>('enterprises').findOne({ _id: id });
const renameEntries = (id: string) => world.store.collection('auditLog').find({ action: 'enterprise.update', entityId: id });

describe('renaming over the API', () => {
  test('the operator changes both names; the change and its audit-log entry are stored together', async () => {
    const before = (await enterpriseOf(tenant.enterpriseId))!;
    const res = await operator.put(`/api/v1/enterprises/${tenant.enterpriseId}`).send({ name: '华星家电服务', nameEn: ' Huaxing Appliance Service ' });
    expect(res.status).toBe(200);
    expect(res.body.enterprise).toMatchObject({ _id: tenant.enterpriseId, code: before.code, name: '华星家电服务', nameEn: 'Huaxing Appliance Service' });
    expect(await enterpriseOf(tenant.enterpriseId)).toMatchObject({ name: '华星家电服务', nameEn: 'Huaxing Appliance Service' });
    const [entry] = await renameEntries(tenant.enterpriseId);
    expect(entry).toMatchObject({
      enterpriseId: tenant.enterpriseId,
      detail: { before: { name: before.name, nameEn: '' }, after: { name: '华星家电服务', nameEn: 'Huaxing Appliance Service' } },
    });
  });

  test.each([
    ['an empty name', { name: '  ' }, 'name', /is required/],
    ['Chinese characters in nameEn', { nameEn: '华星' }, 'nameEn', /Chinese characters belong in name/],
    ['a nameEn over 100 characters', { nameEn: 'x'.repeat(101) }, 'nameEn', /at most 100 characters/],
    ['a name over 100 characters', { name: '名'.repeat(101) }, 'name', /at most 100 characters/],
    ['a code (it cannot change)', { code: 'other-code' }, 'code', /unknown field/],
  ])('%s is refused with a 400 naming the field, and nothing changes', async (_what, body, field, rule) => {
    const before = await enterpriseOf(tenant.enterpriseId);
    const logged = (await renameEntries(tenant.enterpriseId)).length;
    const res = await operator.put(`/api/v1/enterprises/${tenant.enterpriseId}`).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message).toMatch(rule);
    expect(await enterpriseOf(tenant.enterpriseId)).toEqual(before);
    expect(await renameEntries(tenant.enterpriseId)).toHaveLength(logged);
  });

  test('an empty change is answered with the enterprise as it is, and logs nothing', async () => {
    const before = await enterpriseOf(tenant.enterpriseId);
    const logged = (await renameEntries(tenant.enterpriseId)).length;
    const res = await operator.put(`/api/v1/enterprises/${tenant.enterpriseId}`).send({});
    expect(res.status).toBe(200);
    expect(res.body.enterprise).toEqual(before);
    expect(await renameEntries(tenant.enterpriseId)).toHaveLength(logged);
  });

  test('an unknown enterprise is a 404; an enterprise admin may not rename even their own enterprise', async () => {
    expect((await operator.put('/api/v1/enterprises/no-such-enterprise').send({ nameEn: 'X' })).status).toBe(404);
    const admin = await loginAgent(world.app, tenant.admin.email);
    const before = await enterpriseOf(tenant.enterpriseId);
    expect((await admin.put(`/api/v1/enterprises/${tenant.enterpriseId}`).send({ nameEn: 'Hijacked' })).status).toBe(403);
    expect(await enterpriseOf(tenant.enterpriseId)).toEqual(before);
  });
});

describe('renaming on the enterprises page', () => {
  test('each row has an edit form with the names filled in and a CSRF token', async () => {
    await operator.put(`/api/v1/enterprises/${tenant.enterpriseId}`).send({ name: '华星家电服务', nameEn: 'Huaxing Appliance Service' });
    const page = await operator.get('/operator/enterprises?lang=zh-CN');
    expect(page.status).toBe(200);
    const form = new RegExp(`<form method="post" action="/operator/enterprises/${tenant.enterpriseId}"[^>]*>([\\s\\S]*?)</form>`).exec(page.text)?.[1];
    expect(form).toContain('name="_csrf" value="');
    expect(form).toContain('name="name" required maxlength="100" value="华星家电服务"');
    expect(form).toContain('name="nameEn" lang="en" maxlength="100" value="Huaxing Appliance Service"');
    expect(page.text).toContain('修改名称');
  });

  test('the form saves both names, says so, and a blank English name clears it', async () => {
    const csrf = await csrfTokenOf(operator, '/operator/enterprises');
    const saved = await operator
      .post(`/operator/enterprises/${tenant.enterpriseId}`)
      .type('form')
      .send({ _csrf: csrf, name: '华星电器服务', nameEn: 'Huaxing Electric Service' });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe('/operator/enterprises');
    expect(await enterpriseOf(tenant.enterpriseId)).toMatchObject({ name: '华星电器服务', nameEn: 'Huaxing Electric Service' });
    // The flash was written in the language of the post (the page was last read in Chinese).
    const page = await operator.get('/operator/enterprises');
    expect(page.text).toContain(`<p class="flash flash-ok" role="status">${(await enterpriseOf(tenant.enterpriseId))!.code}：名称已保存</p>`);

    await operator.post(`/operator/enterprises/${tenant.enterpriseId}`).type('form').send({ _csrf: csrf, name: '华星电器服务', nameEn: '' });
    expect((await enterpriseOf(tenant.enterpriseId))!.nameEn).toBe('');
  });

  test('a refused form leaves the names as they were and flashes the field and rule', async () => {
    const csrf = await csrfTokenOf(operator, '/operator/enterprises');
    const before = await enterpriseOf(tenant.enterpriseId);
    const res = await operator.post(`/operator/enterprises/${tenant.enterpriseId}`).type('form').send({ _csrf: csrf, name: '华星电器服务', nameEn: '华星' });
    expect(res.status).toBe(303);
    expect(await enterpriseOf(tenant.enterpriseId)).toEqual(before);
    const page = await operator.get('/operator/enterprises?lang=en');
    expect(page.text).toContain('nameEn: must be the English name: Chinese characters belong in name');
  });

  test('a form post without the CSRF token is refused and changes nothing', async () => {
    const before = await enterpriseOf(tenant.enterpriseId);
    const res = await operator.post(`/operator/enterprises/${tenant.enterpriseId}`).type('form').send({ name: '无令牌', nameEn: 'No Token' });
    expect(res.status).toBe(403);
    expect(await enterpriseOf(tenant.enterpriseId)).toEqual(before);
  });
});
