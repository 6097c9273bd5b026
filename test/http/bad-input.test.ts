import { loginAgent } from '../helpers/world';
import { worldForFile } from '../helpers/fileWorld';

const fixture = worldForFile();

async function siteCount(): Promise<number> {
  return fixture.world.store.collection('sites').count({ enterpriseId: fixture.tenant.enterpriseId });
}

describe('bad input gets a clear 4xx and changes nothing', () => {
  test.each([
    ['malformed JSON', '{"code": "A1",', 400, 'malformed_json', undefined],
    ['a wrong type', { code: 'A1', name: 42, city: '北京' }, 400, 'invalid', 'name'],
    ['an unknown field', { code: 'A1', name: 'n', city: 'c', color: 'red' }, 400, 'invalid', 'color'],
    ['a smuggled operator', { code: { $gt: '' }, name: 'n', city: 'c' }, 400, 'invalid', 'code'],
    ['a missing field', { code: 'A1', name: 'n' }, 400, 'invalid', 'city'],
    ['a bad pattern', { code: 'A 1/..', name: 'n', city: 'c' }, 400, 'invalid', 'code'],
  ])('%s', async (_label, body, status, code, field) => {
    const agent = await loginAgent(fixture.world.app, fixture.tenant.admin.email);
    const before = await siteCount();
    const req = agent.post('/api/v1/sites').set('Content-Type', 'application/json');
    const res = await req.send(typeof body === 'string' ? body : JSON.stringify(body));
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    if (field) {
      expect(res.body.error.field).toBe(field);
      expect(res.body.error.message).toContain(field);
    }
    expect(await siteCount()).toBe(before);
  });

  test('an oversized body is a 413', async () => {
    const agent = await loginAgent(fixture.world.app, fixture.tenant.admin.email);
    const res = await agent.post('/api/v1/sites').send({ code: 'BIG', name: 'x'.repeat(2_000_000), city: 'c' });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('too_large');
  });

  test('a form-encoded body on the API is refused (415), which keeps cross-site forms out', async () => {
    const agent = await loginAgent(fixture.world.app, fixture.tenant.admin.email);
    const res = await agent.post('/api/v1/sites').type('form').send({ code: 'F1', name: 'n', city: 'c' });
    expect(res.status).toBe(415);
  });

  test('login with an operator instead of an email is a 400 naming the field', async () => {
    const request = (await import('supertest')).default;
    const res = await request(fixture.world.app)
      .post('/api/v1/auth/login')
      .send({ email: { $gt: '' }, password: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('email');
  });

  test('a duplicate site code is a 409 naming the field, and the first site is intact', async () => {
    const agent = await loginAgent(fixture.world.app, fixture.tenant.admin.email);
    const res = await agent.post('/api/v1/sites').send({ code: 'S1', name: 'dup', city: 'c' });
    expect(res.status).toBe(409);
    expect(res.body.error.field).toBe('code');
    const site = await agent.get(`/api/v1/sites/${fixture.tenant.sites[0]._id}`);
    expect(site.body.site.name).toBe(fixture.tenant.sites[0].name);
  });

  test('an unknown API route is a JSON 404', async () => {
    const agent = await loginAgent(fixture.world.app, fixture.tenant.admin.email);
    const res = await agent.get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
