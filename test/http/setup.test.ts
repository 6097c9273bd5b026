/** The setup page: creates the first operator, logs them in, then answers 404 like any unknown path. */
import request from 'supertest';
import { composeApp } from '../../server/compose';
import type { User } from '../../server/services/accounts/users';
import { currentSetupToken } from '../../server/services/setup/token';
import { buildWorld, csrfTokenOf, type World } from '../helpers/world';

const GOOD = 'river willow 2026';
let world: World;
let token: string;
beforeEach(async () => {
  world = await buildWorld();
  token = (await currentSetupToken(world.store))!;
});
afterEach(() => world.close());

const operators = () => world.store.collection<User>('users').count({ role: 'operator' });

async function post(agent: ReturnType<typeof request.agent>, form: Record<string, string>, lang = '') {
  const path = `/setup/${token}`;
  const csrf = await csrfTokenOf(agent, `${path}${lang}`);
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: csrf, ...form });
}

test('the setup URL shows the form in Chinese and English; a wrong token is a 404', async () => {
  const zh = await request(world.app).get(`/setup/${token}`).expect(200);
  expect(zh.text).toContain('创建平台运营账号');
  expect(zh.text).toMatch(/name="passwordConfirm"/);
  const en = await request(world.app).get(`/setup/${token}?lang=en`).expect(200);
  expect(en.text).toContain('Create the platform operator');
  expect(en.text).toContain('At least 12 characters');
  await request(world.app).get(`/setup/${token}x`).expect(404);
});

test('creates the operator, logs them in on the enterprises page, and the URL then answers 404', async () => {
  const agent = request.agent(world.app);
  const res = await post(agent, { email: 'ops@example.com', name: '王敏', password: GOOD, passwordConfirm: GOOD });
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/operator/enterprises');
  const page = await agent.get('/operator/enterprises').expect(200);
  expect(page.text).toContain('平台运营账号已创建');
  const me = await agent.get('/api/v1/me').expect(200);
  expect(me.body.user).toMatchObject({ email: 'ops@example.com', role: 'operator', name: '王敏' });

  await request(world.app).get(`/setup/${token}`).expect(404);
  const again = request.agent(world.app);
  await again.get('/login');
  const csrf = await csrfTokenOf(again, '/login');
  await again.post(`/setup/${token}`).type('form').send({ _csrf: csrf, email: 'late@example.com', password: GOOD, passwordConfirm: GOOD }).expect(404);
  expect(await operators()).toBe(1);
});

test.each([
  ['passwords that differ', { password: GOOD, passwordConfirm: `${GOOD}!` }, '两次输入的密码不一致', 'The two passwords do not match'],
  ['a short password', { password: 'short', passwordConfirm: 'short' }, '密码至少需要 12 个字符', 'The password needs at least 12 characters'],
  ['a common password', { password: 'password1234', passwordConfirm: 'password1234' }, '密码太常见', 'This password is too common'],
  ['no email address', { email: 'not-an-email', password: GOOD, passwordConfirm: GOOD }, '请输入有效的邮箱地址', 'Enter a valid email address'],
])('%s: 400, the rule in the reader language, the email kept, nothing created', async (_what, form, zhText, enText) => {
  for (const [lang, text] of [
    ['', zhText],
    ['?lang=en', enText],
  ]) {
    const res = await post(request.agent(world.app), { email: 'ops@example.com', ...form }, lang);
    expect(res.status).toBe(400);
    expect(res.text).toContain(text);
    expect(res.text).toContain(`value="${(form as { email?: string }).email ?? 'ops@example.com'}"`);
    expect(res.text).not.toContain(GOOD); // a password is never sent back
  }
  expect(await operators()).toBe(0);
  await request(world.app).get(`/setup/${token}`).expect(200);
});

test('a form without its CSRF token is refused and creates nothing', async () => {
  await request(world.app).post(`/setup/${token}`).type('form').send({ email: 'ops@example.com', password: GOOD, passwordConfirm: GOOD }).expect(403);
  expect(await operators()).toBe(0);
});

test('the login page names the demo accounts only when start-up says the demo is there outside production', async () => {
  const plain = await request(world.app).get('/login').expect(200);
  expect(plain.text).not.toContain('demo.test');
  const { app } = composeApp({ ...world.deps, showDemoLogins: true });
  const withDemo = await request(app).get('/login').expect(200);
  expect(withDemo.text).toContain('admin@demo.test');
});

test('a wrong token is a 404 whatever the form holds, and creates nothing', async () => {
  const agent = request.agent(world.app);
  const csrf = await csrfTokenOf(agent, `/setup/${token}`);
  for (const form of [
    { email: 'ops@example.com', password: GOOD, passwordConfirm: GOOD },
    { email: 'x', password: 'short', passwordConfirm: 'other' },
  ]) {
    await agent
      .post(`/setup/${'x'.repeat(43)}`)
      .type('form')
      .send({ _csrf: csrf, ...form })
      .expect(404);
  }
  expect(await operators()).toBe(0);
});
