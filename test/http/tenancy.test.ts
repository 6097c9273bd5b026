/**
 * Walks every enterprise route as a user of enterprise A against the resources
 * of enterprise B, and as users limited to one site against the resources of
 * another site of their own enterprise. A route with an id parameter that has
 * no fixture here fails the test, so a new route cannot skip the check.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createApiToken } from '../../server/services/accounts/apiTokens';
import { ENTERPRISE_ROLES } from '../../server/services/accounts/roles';
import { legUsers, paramNames, siteOfDocument, walkLeg, type Leg, type LegTally } from '../helpers/siteLeg';
import { resourceOf, tenantRoutes, walkConnections } from '../helpers/routeWalk';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';

jest.setTimeout(30 * 60_000);

let world: World;
// Thousands of requests go to one listening server (supertest on the bare app would start and stop a server for each).
let server: http.Server;
let url: string;
let a: Tenant;
let b: Tenant;
let c: Tenant;
const bIds: Record<string, string> = {};
const cIds: Record<string, string> = {};

async function buildFixtures(tenant: Tenant, into: Record<string, string>): Promise<void> {
  // Every feature's fixtures (test/helpers/fixtures/*.ts) create their resources in the tenant's first site.
  const dir = path.join(__dirname, '../helpers/fixtures');
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    const build = (await import(path.join(dir, file))).default as (w: World, t: Tenant) => Promise<Record<string, string>>;
    Object.assign(into, await build(world, tenant));
  }
}

beforeAll(async () => {
  world = await buildWorld();
  a = await buildTenant(world.store);
  b = await buildTenant(world.store);
  c = await buildTenant(world.store);
  await buildFixtures(b, bIds);
  await buildFixtures(c, cIds);
  server = http.createServer(world.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  walkConnections.destroy();
  await new Promise((resolve) => server?.close(resolve));
  await world?.close();
});

/** Which fixture an `:id` route refers to, from the segment before it. */
function fixtureFor(path: string): string {
  const key = resourceOf(path);
  if (!key || !bIds[key]) throw new Error(`no tenancy fixture for ${path}: add one to test/http/tenancy.test.ts`);
  return bIds[key];
}

test('every enterprise route answers 404 for the resources of another enterprise', async () => {
  const routes = tenantRoutes(world);
  const withId = routes.filter((r) => r.path.includes(':id'));
  expect(withId.length).toBeGreaterThanOrEqual(5);
  const agent = await loginAgent(url, a.admin.email);
  const csrf = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/admin/sites')).text)![1];

  const failures: string[] = [];
  for (const route of withId) {
    const url = ({ api: '/api/v1', pages: '', uploads: '/upload' } as const)[route.kind] + route.path.replace(':id', fixtureFor(route.path));
    const call = (agent as unknown as Record<string, (u: string) => import('supertest').Test>)[route.method](url).agent(walkConnections);
    const res =
      route.kind === 'api'
        ? await call.send(route.method === 'get' || route.method === 'delete' ? undefined : {})
        : await call.type('form').send({ _csrf: csrf });
    // A body that fails validation first (400) would hide a leak, so PUT sends an empty object, which is valid.
    if (res.status !== 404) failures.push(`${route.method.toUpperCase()} ${url} → ${res.status}`);
  }
  expect(failures).toEqual([]);
});

test('lists show only the caller’s enterprise', async () => {
  const agent = await loginAgent(url, a.admin.email);
  for (const url of [
    '/api/v1/sites',
    '/api/v1/users',
    '/api/v1/tokens',
    '/api/v1/outbox',
    '/api/v1/audit-log',
    '/api/v1/webhooks',
    '/admin/sites',
    '/admin/users',
    '/admin/outbox',
    '/admin/audit-log',
    '/admin/webhooks',
  ]) {
    const res = await agent.get(url);
    expect(res.status).toBe(200);
    const text = res.text;
    expect(text).not.toContain(b.enterpriseId);
    expect(text).not.toContain(b.sites[0].name);
    expect(text).not.toContain(b.users.analyst!.email);
    expect(text).not.toContain('B secret');
    // B's webhook address (test/helpers/fixtures/webhooks.ts).
    expect(text).not.toContain('hooks.b.test');
  }
});

test('a user cannot be limited to another enterprise’s site', async () => {
  const agent = await loginAgent(url, a.admin.email);
  const res = await agent.post('/api/v1/users').send({ email: 'limited@a.test', name: 'L', role: 'analyst', siteIds: [b.sites[0]._id] });
  expect(res.status).toBe(400);
  expect(res.body.error.field).toBe('siteIds.0');
});

test('an API token of B cannot read A', async () => {
  const { token } = await createApiToken(b.ctx, { name: 'B reader', role: 'admin' });
  const request = (await import('supertest')).default;
  const res = await request(url).get(`/api/v1/sites/${a.sites[0]._id}`).set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(404);
});

test('every route, as every role of another enterprise and as every role limited to another site, reveals nothing of them', async () => {
  const routes = tenantRoutes(world);
  const [other, s1] = [b.sites[0], c.sites[0]];
  const legs: Leg[] = [
    {
      name: 'another enterprise',
      users: await legUsers(world, a, 'ent', undefined, url),
      ids: bIds,
      siteId: other._id,
      markers: [b.enterpriseId, other._id, other.name],
      // Every id of B names B's resource.
      naming: async (route) => paramNames(route),
    },
    {
      name: 'another site',
      users: await legUsers(world, c, 'site2', [c.sites[1]._id], url),
      ids: cIds,
      siteId: s1._id,
      markers: [s1._id, s1.name],
      // :siteId names site 1; :id only when its resource sits at site 1 (a template or a campaign spans sites).
      naming: async (route, params) => {
        const names = paramNames(route);
        const bound = await Promise.all(names.map(async (n) => n === 'siteId' || (await siteOfDocument(world.store, params[n])) === s1._id));
        return names.filter((_n, i) => bound[i]);
      },
    },
  ];
  const tally: LegTally = { routes: routes.length, roles: ENTERPRISE_ROLES.length, scopes: 0, requests: 0, comparisons: 0 };
  const failures: string[] = [];
  for (const leg of legs) failures.push(...(await walkLeg(routes, leg, tally)));
  process.stdout.write(
    `tenancy walk: ${tally.routes} routes × ${tally.roles} roles × ${tally.scopes} scopes: ${tally.requests} requests (lists also filtered by the target site), +${tally.comparisons} with made-up ids\n`,
  );
  expect(tally.requests).toBeGreaterThanOrEqual(tally.routes * tally.roles * tally.scopes);
  expect(failures).toEqual([]);
});
