import request from 'supertest';
import { buildTenant, buildWorld, csrfTokenOf, loginAgent, PASSWORD, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;

beforeAll(async () => {
  world = await buildWorld({ LOGIN_MAX_ATTEMPTS: '3' });
  tenant = await buildTenant(world.store);
});
afterAll(() => world.close());

describe('login and sessions', () => {
  test('GET /healthz names the embedded store', async () => {
    const res = await request(world.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', store: 'embedded' });
  });

  test('logs in through the API, sets an httpOnly sameSite cookie, and /me answers the user without the hash', async () => {
    const res = await request(world.app).post('/api/v1/auth/login').send({ email: tenant.admin.email, password: PASSWORD });
    expect(res.status).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/ss\.sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(res.body.user.passwordHash).toBeUndefined();

    const agent = await loginAgent(world.app, tenant.admin.email);
    const me = await agent.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(tenant.admin.email);
    expect(me.body.enterprise._id).toBe(tenant.enterpriseId);
    expect(JSON.stringify(me.body)).not.toMatch(/scrypt/);
  });

  test('a wrong password is a 401 that does not say which part was wrong', async () => {
    const res = await request(world.app).post('/api/v1/auth/login').send({ email: tenant.users.analyst!.email, password: 'nope-nope' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  test('the login page logs in with a CSRF token and refuses a form post without one', async () => {
    const agent = request.agent(world.app);
    const token = await csrfTokenOf(agent, '/login');
    const noToken = await agent.post('/login').type('form').send({ email: tenant.users.agent!.email, password: PASSWORD });
    expect(noToken.status).toBe(403);
    const ok = await agent.post('/login').type('form').send({ _csrf: token, email: tenant.users.agent!.email, password: PASSWORD });
    expect(ok.status).toBe(302);
    expect(ok.headers.location).toBe('/agent');
    const workspace = await agent.get('/agent');
    expect(workspace.status).toBe(200);
    expect(workspace.text).toContain('回访工作台');
  });

  test('a failed form login re-renders the page in Chinese with the email kept', async () => {
    const agent = request.agent(world.app);
    const token = await csrfTokenOf(agent, '/login');
    const res = await agent.post('/login').type('form').send({ _csrf: token, email: tenant.users.shopper!.email, password: 'bad-bad-bad' });
    expect(res.status).toBe(401);
    expect(res.text).toContain('邮箱或密码错误');
    expect(res.text).toContain(tenant.users.shopper!.email);
  });

  test('the login redirect never leaves the site', async () => {
    const agent = request.agent(world.app);
    const token = await csrfTokenOf(agent, '/login');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: token, email: tenant.users.reviewer!.email, password: PASSWORD, next: '//evil.example/' });
    expect(res.headers.location).toBe('/review');
  });

  test('pages switch to English with ?lang=en and remember it', async () => {
    const agent = request.agent(world.app);
    expect((await agent.get('/login?lang=en')).text).toContain('Log in');
    expect((await agent.get('/login')).text).toContain('Log in');
    expect((await request(world.app).get('/login')).text).toContain('登录');
  });

  test('anonymous pages redirect to login; the anonymous API answers 401 JSON', async () => {
    const page = await request(world.app).get('/admin/sites');
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe('/login?next=%2Fadmin%2Fsites');
    const api = await request(world.app).get('/api/v1/sites');
    expect(api.status).toBe(401);
    expect(api.body.error.code).toBe('unauthenticated');
  });

  test('security headers are set', async () => {
    const res = await request(world.app).get('/login');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  test('logout ends the session', async () => {
    const agent = await loginAgent(world.app, tenant.admin.email);
    expect((await agent.post('/api/v1/auth/logout').send({})).status).toBe(200);
    expect((await agent.get('/api/v1/me')).status).toBe(401);
  });
});

describe('roles and API tokens', () => {
  test('an analyst may read sites but not create them', async () => {
    const agent = await loginAgent(world.app, tenant.users.analyst!.email);
    expect((await agent.get('/api/v1/sites')).status).toBe(200);
    const res = await agent.post('/api/v1/sites').send({ code: 'X1', name: 'x', city: 'y' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });

  test('an admin creates a bearer token that works until revoked, and the audit log records both', async () => {
    const admin = await loginAgent(world.app, tenant.admin.email);
    const created = await admin.post('/api/v1/tokens').send({ name: 'CRM', role: 'analyst' });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    expect(Buffer.from(token.slice(4), 'base64url').length).toBeGreaterThanOrEqual(16);
    const viaToken = await request(world.app).get('/api/v1/sites').set('Authorization', `Bearer ${token}`);
    expect(viaToken.status).toBe(200);
    expect(viaToken.body.sites).toHaveLength(2);
    expect((await admin.delete(`/api/v1/tokens/${created.body.record._id}`)).status).toBe(204);
    expect((await request(world.app).get('/api/v1/sites').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    const log = await admin.get('/api/v1/audit-log');
    const actions = log.body.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['apiToken.create', 'apiToken.revoke']));
  });

  test('an admin creates a site through the page form and the audit log names who did it', async () => {
    const agent = await loginAgent(world.app, tenant.admin.email);
    const token = await csrfTokenOf(agent, '/admin/sites');
    const res = await agent
      .post('/admin/sites')
      .type('form')
      .send({ _csrf: token, code: 'GZ9', name: '广州测试点', city: '广州', address: '', managerEmail: '' });
    expect(res.status).toBe(303);
    const page = await agent.get('/admin/sites');
    expect(page.text).toContain('广州测试点');
    const log = await agent.get('/api/v1/audit-log');
    const entry = log.body.entries.find((e: { action: string }) => e.action === 'site.create');
    expect(entry.actorId).toBe(tenant.admin._id);
  });
});
