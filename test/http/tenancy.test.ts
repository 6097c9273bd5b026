/**
 * Walks every enterprise route as a user of enterprise A against the resources
 * of enterprise B. A route with an id parameter that has no fixture here fails
 * the test, so a new route cannot skip the check.
 */
import type { Router } from 'express';
import { tenantRouteModules } from '../../server/app';
import fs from 'node:fs';
import path from 'node:path';
import { createApiToken } from '../../server/services/accounts/apiTokens';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';

let world: World;
let a: Tenant;
let b: Tenant;
const bIds: Record<string, string> = {};

interface RouteInfo {
  kind: 'api' | 'pages' | 'uploads';
  method: string;
  path: string;
}

function routesOf(router: Router, kind: RouteInfo['kind']): RouteInfo[] {
  const out: RouteInfo[] = [];
  for (const layer of router.stack as unknown as { route?: { path: string; methods: Record<string, boolean> } }[]) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods)) out.push({ kind, method, path: layer.route.path });
  }
  return out;
}

beforeAll(async () => {
  world = await buildWorld();
  a = await buildTenant(world.store);
  b = await buildTenant(world.store);
  // Every feature's fixtures (test/helpers/fixtures/*.ts) create their resources in B.
  const dir = path.join(__dirname, '../helpers/fixtures');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    const build = (await import(path.join(dir, file))).default as (w: World, t: Tenant) => Promise<Record<string, string>>;
    Object.assign(bIds, await build(world, b));
  }
});
afterAll(() => world.close());

/** Which fixture an `:id` route refers to, from the segment before it. */
function fixtureFor(path: string): string {
  const segment = path.split('/').filter(Boolean).find((s, i, all) => all[i + 1] === ':id');
  const key = segment;
  if (!key || !bIds[key]) throw new Error(`no tenancy fixture for ${path}: add one to test/http/tenancy.test.ts`);
  return bIds[key];
}

test('every enterprise route answers 404 for the resources of another enterprise', async () => {
  const routes = tenantRouteModules(world.deps).flatMap((m) => [
    ...(m.api ? routesOf(m.api, 'api') : []),
    ...(m.pages ? routesOf(m.pages, 'pages') : []),
    ...(m.uploads ? routesOf(m.uploads, 'uploads') : []),
  ]);
  const withId = routes.filter((r) => r.path.includes(':id'));
  expect(withId.length).toBeGreaterThanOrEqual(5);
  const agent = await loginAgent(world.app, a.admin.email);
  const csrf = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/admin/sites')).text)![1];

  const failures: string[] = [];
  for (const route of withId) {
    const url = ({ api: '/api/v1', pages: '', uploads: '/upload' } as const)[route.kind] + route.path.replace(':id', fixtureFor(route.path));
    const call = (agent as unknown as Record<string, (u: string) => import('supertest').Test>)[route.method](url);
    const res = route.kind === 'api' ? await call.send(route.method === 'get' || route.method === 'delete' ? undefined : {}) : await call.type('form').send({ _csrf: csrf });
    // A body that fails validation first (400) would hide a leak, so PUT sends an empty object, which is valid.
    if (res.status !== 404) failures.push(`${route.method.toUpperCase()} ${url} → ${res.status}`);
  }
  expect(failures).toEqual([]);
});

test('lists show only the caller’s enterprise', async () => {
  const agent = await loginAgent(world.app, a.admin.email);
  for (const url of ['/api/v1/sites', '/api/v1/users', '/api/v1/tokens', '/api/v1/outbox', '/api/v1/audit-log', '/admin/sites', '/admin/users', '/admin/outbox', '/admin/audit-log']) {
    const res = await agent.get(url);
    expect(res.status).toBe(200);
    const text = res.text;
    expect(text).not.toContain(b.enterpriseId);
    expect(text).not.toContain(b.sites[0].name);
    expect(text).not.toContain(b.users.analyst!.email);
    expect(text).not.toContain('B secret');
  }
});

test('a user cannot be limited to another enterprise’s site', async () => {
  const agent = await loginAgent(world.app, a.admin.email);
  const res = await agent.post('/api/v1/users').send({ email: 'limited@a.test', name: 'L', role: 'analyst', siteIds: [b.sites[0]._id] });
  expect(res.status).toBe(400);
  expect(res.body.error.field).toBe('siteIds.0');
});

test('an API token of B cannot read A', async () => {
  const { token } = await createApiToken(b.ctx, { name: 'B reader', role: 'admin' });
  const request = (await import('supertest')).default;
  const res = await request(world.app).get(`/api/v1/sites/${a.sites[0]._id}`).set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(404);
});
