/**
 * The edges of login and the JSON API (issue 16, part 6): failures slow down one
 * account from one address, successes count toward nothing, no answer reveals
 * that an email has an account elsewhere, writes are JSON only, and no GET
 * changes state (the SMS export's marking is in test/http/campaigns.test.ts).
 */
import request from 'supertest';
import { publishDefaultTemplate } from '../helpers/templates';
import { buildCampaign } from '../helpers/campaigns';
import { insertUser } from '../../server/services/accounts/users';
import { buildTenant, buildWorld, loginAgent, PASSWORD, type Tenant, type World } from '../helpers/world';

describe('login failures, behind a proxy that names the client address', () => {
  let world: World;
  let tenant: Tenant;
  beforeAll(async () => {
    world = await buildWorld({ LOGIN_MAX_ATTEMPTS: '3', TRUST_PROXY: 'true' });
    tenant = await buildTenant(world.store);
  });
  afterAll(() => world.close());

  test('wrong passwords slow down that account from that address only: the real user elsewhere still logs in', async () => {
    const email = tenant.users.auditor!.email;
    const from = (address: string) => ({ 'X-Forwarded-For': address });
    for (let i = 0; i < 3; i++) {
      expect((await request(world.app).post('/api/v1/auth/login').set(from('203.0.113.9')).send({ email, password: 'wrong-password' })).status).toBe(401);
    }
    const guesser = await request(world.app).post('/api/v1/auth/login').set(from('203.0.113.9')).send({ email, password: PASSWORD });
    expect(guesser.status).toBe(429);
    expect(guesser.body.error.message).toMatch(/try again in \d+ seconds/);
    const owner = await request(world.app).post('/api/v1/auth/login').set(from('198.51.100.7')).send({ email, password: PASSWORD });
    expect(owner.status).toBe(200);
  });

  test('the wait ends: once it has passed, the right password from the same address logs in and clears the count', async () => {
    const email = tenant.users.reviewer!.email;
    const from = { 'X-Forwarded-For': '203.0.113.10' };
    for (let i = 0; i < 3; i++) await request(world.app).post('/api/v1/auth/login').set(from).send({ email, password: 'wrong-password' });
    expect((await request(world.app).post('/api/v1/auth/login').set(from).send({ email, password: PASSWORD })).status).toBe(429);
    // The clock moves on: the pair's wait is set to have ended.
    await world.store.collection('loginFailures').updateMany({}, { $set: { retryAfter: '2000-01-01T00:00:00.000Z' } });
    expect((await request(world.app).post('/api/v1/auth/login').set(from).send({ email, password: PASSWORD })).status).toBe(200);
    expect(await world.store.collection('loginFailures').count({ _id: `${email}|203.0.113.10` })).toBe(0);
  });

  test('successful logins never count toward the per-address limit: 40 colleagues log in from one office', async () => {
    const office = { 'X-Forwarded-For': '192.0.2.40' };
    for (let i = 0; i < 40; i++) {
      const res = await request(world.app).post('/api/v1/auth/login').set(office).send({ email: tenant.users.analyst!.email, password: PASSWORD });
      expect(res.status).toBe(200);
    }
  });
});

describe('API edges', () => {
  let world: World;
  let a: Tenant;
  let b: Tenant;
  let admin: Awaited<ReturnType<typeof loginAgent>>;
  beforeAll(async () => {
    world = await buildWorld();
    a = await buildTenant(world.store);
    b = await buildTenant(world.store);
    admin = await loginAgent(world.app, a.admin.email);
  });
  afterAll(() => world.close());

  test('the login form says to wait, not that the account is locked', async () => {
    const email = a.users.shopper!.email;
    for (let i = 0; i < 10; i++) await request(world.app).post('/api/v1/auth/login').send({ email, password: 'wrong-password' });
    const agent = request.agent(world.app);
    const page = await agent.get('/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const res = await agent.post('/login').type('form').send({ _csrf: csrf, email, password: PASSWORD });
    expect(res.status).toBe(429);
    expect(res.text).toContain('请稍候再试');
    expect(res.text).not.toContain('锁定');
  });
  test('inviting an email that has an account in another enterprise answers exactly as inviting a new one', async () => {
    const taken = await admin.post('/api/v1/users').send({ email: b.users.analyst!.email, name: 'Someone', role: 'analyst' });
    const fresh = await admin.post('/api/v1/users').send({ email: 'nobody-yet@a.test', name: 'Someone', role: 'analyst' });
    expect(taken.status).toBe(202);
    expect(fresh.status).toBe(202);
    expect(Object.keys(taken.body.invitation).sort()).toEqual(Object.keys(fresh.body.invitation).sort());
    expect(JSON.stringify(taken.body)).not.toMatch(/already|registered|exists/i);
    // The list of open invitations shows both alike.
    const list = (await admin.get('/api/v1/users')).body.invitations.map((i: { email: string }) => i.email);
    expect(list).toEqual(expect.arrayContaining([b.users.analyst!.email, 'nobody-yet@a.test']));
    // B's user is untouched: still in B, still with the old password.
    await loginAgent(world.app, b.users.analyst!.email);
  });

  test('the operator creating an enterprise whose admin email exists elsewhere gets the same answer as for a new one', async () => {
    await insertUser(world.store, { enterpriseId: null, email: 'op@edges.test', name: 'Op', role: 'operator', password: PASSWORD });
    const operator = await loginAgent(world.app, 'op@edges.test');
    const taken = await operator.post('/api/v1/enterprises').send({ code: 'edge-taken', name: 'Taken', admin: { email: b.admin.email, name: 'X' } });
    const fresh = await operator.post('/api/v1/enterprises').send({ code: 'edge-fresh', name: 'Fresh', admin: { email: 'fresh-admin@edges.test', name: 'Y' } });
    expect(taken.status).toBe(201);
    expect(fresh.status).toBe(201);
    expect(Object.keys(taken.body).sort()).toEqual(Object.keys(fresh.body).sort());
    expect(Object.keys(taken.body.invitation).sort()).toEqual(Object.keys(fresh.body.invitation).sort());
    expect(JSON.stringify(taken.body)).not.toMatch(/already|registered/i);
  });

  test('asking for a password reset answers the same for a known and an unknown address', async () => {
    const known = await request(world.app).post('/api/v1/auth/password-reset').send({ email: a.users.agent!.email });
    const unknown = await request(world.app).post('/api/v1/auth/password-reset').send({ email: 'no-such-person@a.test' });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
  });

  test('state-changing routes refuse text/plain with 415, with or without a body, and change nothing', async () => {
    const survey = await publishDefaultTemplate(a.ctx, 'survey');
    const { campaign } = await buildCampaign(a, { recipients: [{ email: 'x@example.com', siteCode: 'S1' }] });
    const plain = (url: string, body?: string) => {
      const req = admin.post(url).set('Content-Type', 'text/plain');
      return body === undefined ? req : req.send(body);
    };
    const tries = [
      await plain(`/api/v1/templates/${survey.templateId}/publish`),
      await plain(`/api/v1/campaigns/${campaign._id}/invitations`),
      await plain(`/api/v1/campaigns/${campaign._id}/close`),
      await plain(`/api/v1/campaigns/${campaign._id}/close`, '{}'),
      await admin.post(`/api/v1/campaigns/${campaign._id}/close`).set('Content-Type', 'application/x-www-form-urlencoded').send('a=1'),
    ];
    for (const res of tries) {
      expect(res.status).toBe(415);
      expect(res.body.error.code).toBe('unsupported_media_type');
    }
    expect((await admin.get(`/api/v1/campaigns/${campaign._id}`)).body.campaign.closedAt).toBeUndefined();
    expect(await world.store.collection('templateVersions').count({ templateId: survey.templateId })).toBe(1);
    // The same POST as JSON goes through.
    expect((await admin.post(`/api/v1/campaigns/${campaign._id}/close`).send({})).status).toBe(200);
  });
});
