/**
 * Integrations call the API with a bearer token in every request: such a call
 * gets no session (no cookie is offered, none is stored), and the session-only
 * routes say so with a 400 instead of failing.
 */
import request from 'supertest';
import { createApiToken } from '../../server/services/accounts/apiTokens';
import { buildTenant, buildWorld, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let token: string;
beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  token = (await createApiToken(tenant.ctx, { name: 'CRM', role: 'analyst' })).token;
});
afterAll(() => world.close());

const sessionCount = () => world.store.collection('sessions').count({});

test('a token call is answered without a session cookie and stores no session', async () => {
  const before = await sessionCount();
  const res = await request(world.app).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
  expect(res.body.token).toMatchObject({ role: 'analyst', via: 'token' });
  expect(res.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/^ss\.sid=/)]));
  await request(world.app).get('/api/v1/campaigns').set('Authorization', `Bearer ${token}`).expect(200);
  expect(await sessionCount()).toBe(before);
});

test('logging in or out with a token is a 400 naming the authorization header, and a wrong token stays a 401', async () => {
  for (const path of ['/api/v1/auth/login', '/api/v1/auth/logout']) {
    const res = await request(world.app).post(path).set('Authorization', `Bearer ${token}`).send({ email: tenant.admin.email, password: 'x' }).expect(400);
    expect(res.body.error.message).toMatch(/^authorization: /);
  }
  await request(world.app).get('/api/v1/me').set('Authorization', 'Bearer not-a-token').expect(401);
});

test('a person signed in with the session cookie still gets and keeps their session', async () => {
  const agent = request.agent(world.app);
  const login = await agent.post('/api/v1/auth/login').send({ email: tenant.admin.email, password: 'test-pass-123' }).expect(200);
  expect(String(login.headers['set-cookie'])).toMatch(/ss\.sid=/);
  expect((await agent.get('/api/v1/me').expect(200)).body.user.email).toBe(tenant.admin.email);
});
