/**
 * A person's language belongs to their account: switching it while signed in
 * saves it (and logs the change), and signing in on a browser that never chose
 * one brings it back. Mails to them (alert subjects, password links) follow it.
 */
import request from 'supertest';
import type { User } from '../../server/services/accounts/users';
import { csrfTokenOf, loginAgent, PASSWORD } from '../helpers/world';
import { worldForFile } from '../helpers/fileWorld';

const fixture = worldForFile();

const localeOf = async (user: User) => (await fixture.world.store.collection<User>('users').findOne({ _id: user._id }))!.locale;
const languageEntries = (user: User) => fixture.world.store.collection('auditLog').find({ action: 'user.setLanguage', entityId: user._id });

/** Signs in through the login form on a fresh browser, after choosing a language on the login page when `chosen` is given. */
async function formLogin(email: string, chosen?: 'zh-CN' | 'en') {
  const agent = request.agent(fixture.world.app);
  const _csrf = await csrfTokenOf(agent, chosen ? `/login?lang=${chosen}` : '/login');
  const res = await agent.post('/login').type('form').send({ _csrf, email, password: PASSWORD }).expect(302);
  return { agent, res };
}

test('switching to English while signed in saves English to the account and logs the change once', async () => {
  const analyst = fixture.tenant.users.analyst!;
  expect(await localeOf(analyst)).toBeUndefined();
  const agent = await loginAgent(fixture.world.app, analyst.email);
  await agent.get('/dashboard?lang=en').expect(200);
  expect(await localeOf(analyst)).toBe('en');
  await agent.get('/dashboard?lang=en').expect(200);
  const entries = await languageEntries(analyst);
  expect(entries.map((e) => (e as { detail?: unknown }).detail)).toEqual([{ from: null, to: 'en' }]);
});

test('signing in on a new browser that chose no language opens the account language', async () => {
  const agentUser = fixture.tenant.users.agent!;
  await fixture.world.store.collection<User>('users').updateOne({ _id: agentUser._id }, { $set: { locale: 'en' } });
  const { agent, res } = await formLogin(agentUser.email);
  expect(String(res.headers['set-cookie'])).toMatch(/(^|,\s*)lang=en;/);
  const page = await agent.get(res.headers.location!).set('Accept-Language', 'zh-CN').expect(200);
  expect(page.text).toContain('<html lang="en"');
});

test('signing in on a browser that chose Chinese makes Chinese the account language', async () => {
  const reviewer = fixture.tenant.users.reviewer!;
  await fixture.world.store.collection<User>('users').updateOne({ _id: reviewer._id }, { $set: { locale: 'en' } });
  await formLogin(reviewer.email, 'zh-CN');
  expect(await localeOf(reviewer)).toBe('zh-CN');
  expect((await languageEntries(reviewer)).map((e) => (e as { detail?: unknown }).detail)).toEqual([{ from: 'en', to: 'zh-CN' }]);
});

test('a browser language (Accept-Language) is not a choice: it neither saves nor overrides the account language', async () => {
  const auditor = fixture.tenant.users.auditor!;
  const agent = request.agent(fixture.world.app);
  const _csrf = await csrfTokenOf(agent, '/login');
  await agent.post('/login').set('Accept-Language', 'en-US').type('form').send({ _csrf, email: auditor.email, password: PASSWORD }).expect(302);
  expect(await localeOf(auditor)).toBeUndefined();
  expect(await languageEntries(auditor)).toEqual([]);
});
