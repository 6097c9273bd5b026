/**
 * Every role lands on its work: logging in without `next` goes straight
 * there (no detour through the menu at `/`), and `/` sends each person to
 * the same place. A site manager not yet given sites still gets the menu.
 */
import request from 'supertest';
import { insertUser, type User } from '../../server/services/accounts/users';
import { buildTenant, buildWorld, csrfTokenOf, PASSWORD, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let users: Record<string, User>;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  const add = (email: string, role: User['role'], extra: Partial<User> = {}) =>
    insertUser(world.store, {
      enterpriseId: role === 'operator' ? null : tenant.enterpriseId,
      email,
      name: role,
      role,
      password: PASSWORD,
      ...extra,
    } as Parameters<typeof insertUser>[1]);
  users = {
    ...(tenant.users as Record<string, User>),
    operator: await add('landing-op@t.test', 'operator'),
    oneSiteManager: await add('one-site@t.test', 'siteManager', { siteIds: [tenant.sites[0]._id] }),
    twoSiteManager: await add('two-sites@t.test', 'siteManager', { siteIds: [tenant.sites[0]._id, tenant.sites[1]._id] }),
  };
});
afterAll(() => world.close());

async function logIn(email: string) {
  const agent = request.agent(world.app);
  const csrf = await csrfTokenOf(agent, '/login');
  const res = await agent.post('/login').type('form').send({ _csrf: csrf, email, password: PASSWORD });
  expect(res.status).toBe(302);
  return { agent, landedAt: res.headers.location as string };
}

const WORK: Array<[string, () => string]> = [
  ['admin', () => '/dashboard'],
  ['analyst', () => '/dashboard'],
  ['oneSiteManager', () => `/dashboard?site=${tenant.sites[0].code}`],
  ['twoSiteManager', () => '/dashboard'],
  ['agent', () => '/agent'],
  ['shopper', () => '/my-visits'],
  ['reviewer', () => '/review'],
  ['auditor', () => '/audits'],
  ['operator', () => '/operator/enterprises'],
];

test.each(WORK)('the %s logs in straight onto their work page, which opens, and `/` sends them there too', async (who, work) => {
  const { agent, landedAt } = await logIn(users[who]!.email);
  expect(landedAt).toBe(work());
  const page = await agent.get(landedAt);
  expect(page.status).toBe(200);
  const home = await agent.get('/');
  expect(home.status).toBe(302);
  expect(home.headers.location).toBe(work());
});

test('a `next` page named at login still wins over the landing page', async () => {
  const agent = request.agent(world.app);
  const csrf = await csrfTokenOf(agent, '/login');
  const res = await agent.post('/login').type('form').send({ _csrf: csrf, email: users.agent!.email, password: PASSWORD, next: '/account/password' });
  expect(res.headers.location).toBe('/account/password');
});

test('a site manager without sites has no work page yet and sees the menu at `/`', async () => {
  const unplaced = await insertUser(world.store, {
    enterpriseId: tenant.enterpriseId,
    email: 'no-sites@t.test',
    name: '待分配',
    role: 'siteManager',
    password: PASSWORD,
    siteIds: [],
  } as Parameters<typeof insertUser>[1]);
  const { agent, landedAt } = await logIn(unplaced.email);
  expect(landedAt).toBe('/');
  const menu = await agent.get('/');
  expect(menu.status).toBe(200);
  expect(menu.text).toContain('待分配');
});
