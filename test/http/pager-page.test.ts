/**
 * The pager partial on a real list (the audit log, 100 a page), in zh-CN and
 * English: a nav named for screen readers, the current page marked with
 * aria-current, and plain links (no JavaScript) that keep the list's filter.
 */
import crypto from 'node:crypto';
import type { AuditEntry } from '../../server/services/auditLog';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  const base = Date.parse('2025-01-01T00:00:00Z');
  const entries = Array.from({ length: 450 }, (_, i): AuditEntry => ({
    _id: crypto.randomUUID(),
    enterpriseId: tenant.enterpriseId,
    at: new Date(base + i * 60_000).toISOString(),
    actorId: 'system',
    actorRole: 'admin',
    action: 'alertRules.update',
    entity: 'alertRules',
    entityId: `rules:${tenant.enterpriseId}`,
  }));
  await world.store.collection<AuditEntry>('auditLog').insertMany(entries);
});
afterAll(() => world.close());

/** Markup with Handlebars' attribute escapes undone (it writes = as &#x3D;). */
const markup = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
const navOf = (html: string) => markup(html).match(/<nav class="pager"[\s\S]*?<\/nav>/)?.[0] ?? '';

test.each([
  ['zh-CN', '分页', '第 3 页（当前页）', '较新', '较早'],
  ['en', 'Pages', 'Page 3, current page', 'Newer', 'Older'],
])('(%s) page 3 of the filtered log: a named nav, the current page marked, links that keep the filter', async (lang, label, current, newer, older) => {
  const admin = await loginAgent(world.app, tenant.admin.email);
  const total = await world.store.collection('auditLog').count({ enterpriseId: tenant.enterpriseId, action: 'alertRules.update' });
  const pages = Math.ceil(total / 100);
  const nav = navOf((await admin.get(`/admin/audit-log?action=alertRules.update&page=3&lang=${lang}`).expect(200)).text);
  expect(nav).toContain(`aria-label="${label}"`);
  expect(nav).toContain(`<a href="/admin/audit-log?action=alertRules.update&page=3" aria-current="page" aria-label="${current}">3</a>`);
  expect(nav.match(/aria-current/g)).toHaveLength(1);
  expect(nav).toContain(`<a href="/admin/audit-log?action=alertRules.update&page=2" rel="prev">← ${newer}</a>`);
  expect(nav).toContain(`<a href="/admin/audit-log?action=alertRules.update&page=4" rel="next">${older} →</a>`);
  // Page 1 is the list's own address; the last page is always one click away.
  expect(nav).toContain('href="/admin/audit-log?action=alertRules.update"');
  expect(nav).toContain(`href="/admin/audit-log?action=alertRules.update&page=${pages}"`);
  expect(nav).not.toMatch(/<script|onclick/);
});

test('a list that fits on one page draws no pager', async () => {
  const admin = await loginAgent(world.app, tenant.admin.email);
  const html = (await admin.get('/admin/audit-log?action=campaign.close').expect(200)).text;
  expect(html).not.toContain('class="pager"');
});

test('a bad page number is a 400 naming the page field', async () => {
  const admin = await loginAgent(world.app, tenant.admin.email);
  const res = await admin.get('/admin/audit-log?page=-1').set('Accept', 'application/json');
  expect(res.status).toBe(400);
  expect(res.text).toContain('page: must be 1 or more');
});
