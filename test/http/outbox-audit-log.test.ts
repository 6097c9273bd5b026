/**
 * What an admin reads on the outbox message page (decoded headers, the text
 * with clickable links, the HTML only inside a script-free sandboxed frame, the
 * raw .eml as a download) and on the audit log (phrases, names, objects in
 * words, enterprise-local times, pages of 100, a filter by action).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { moveFolderOutbox } from '../../server/mail/folderOutbox';
import { createApiToken } from '../../server/services/accounts/apiTokens';
import { createSite } from '../../server/services/accounts/sites';
import type { AuditEntry } from '../../server/services/auditLog';
import { createAudit } from '../../server/services/audits/audits';
import { setEntry } from '../../server/services/audits/entries';
import { getCatalogue } from '../../server/services/catalogues';
import { auditorOf } from '../helpers/audits';
import { buildCampaign } from '../helpers/campaigns';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let other: Tenant;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  other = await buildTenant(world.store);
});
afterAll(() => world.close());

/** Visible text of a page: tags dropped, attributes (titles, hrefs) with them. */
const visible = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
/** Markup with Handlebars' attribute escapes undone (it writes = as &#x3D;). */
const markup = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

describe('outbox message page', () => {
  const send = (html?: string) =>
    world.deps.mailer.send({
      enterpriseId: tenant.enterpriseId,
      to: 'qq@example.com',
      subject: '华东家电邀请您评价最近的服务 / please rate our recent service',
      text: '钱七，您好：\n\n请点击 http://localhost:4517/s/NnsXwtdI67. 评价这次服务。\n\n链接有效期至 2026-12-31。',
      ...(html ? { html } : {}),
    });

  test('shows the decoded subject, sender and text with the survey link clickable, not the encoded source', async () => {
    const { id } = await send('<p>钱七，您好</p><p><a href="http://localhost:4517/s/NnsXwtdI67" style="color:#fff">开始评价</a></p><script>alert(1)</script>');
    const admin = await loginAgent(world.app, tenant.admin.email);
    const res = await admin.get(`/admin/outbox/${id}`).expect(200);
    expect(res.type).toBe('text/html');
    expect(res.text).not.toMatch(/=\?UTF-8\?Q\?|=E9=92=B1|quoted-printable/);
    expect(visible(res.text)).toContain('华东家电邀请您评价最近的服务 / please rate our recent service');
    expect(visible(res.text)).toContain('no-reply@servicestar.local');
    expect(visible(res.text)).toContain('qq@example.com');
    expect(visible(res.text)).toContain('钱七，您好：');
    // The trailing full stop stays text, so the link works.
    expect(res.text).toContain(
      '<a href="http://localhost:4517/s/NnsXwtdI67" target="_blank" rel="noopener noreferrer">http://localhost:4517/s/NnsXwtdI67</a>.',
    );
    // The message's own markup never reaches the app's page: it is framed, sandboxed without scripts.
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toMatch(
      new RegExp(`<iframe class="mail-html"[^>]* sandbox="allow-popups allow-popups-to-escape-sandbox"[^>]* src="/admin/outbox/${id}/html"`),
    );
    expect(res.text).toContain(`href="/admin/outbox/${id}/raw"`);

    const framed = await admin.get(`/admin/outbox/${id}/html`).expect(200);
    const policy = framed.headers['content-security-policy'];
    expect(policy).toContain("default-src 'none'");
    expect(policy).toMatch(/(^|; )sandbox allow-popups allow-popups-to-escape-sandbox(;|$)/);
    expect(policy).not.toMatch(/script-src|allow-scripts|allow-same-origin/);
    expect(framed.text).toContain('<base target="_blank">');
    expect(framed.text).toContain('开始评价');

    const raw = await admin.get(`/admin/outbox/${id}/raw`).expect(200);
    expect(raw.headers['content-type']).toMatch(/^message\/rfc822/);
    expect(raw.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="?${id}\\.eml"?$`));
    expect(raw.text).toMatch(/Subject: =\?UTF-8\?/);
  });

  test('a text-only message has no frame, and the app page keeps its own policy', async () => {
    const { id } = await send();
    const admin = await loginAgent(world.app, tenant.admin.email);
    const res = await admin.get(`/admin/outbox/${id}`).expect(200);
    expect(res.text).not.toContain('<iframe');
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    await admin.get(`/admin/outbox/${id}/html`).expect(404);
  });

  test("an earlier release's folder outbox moves into the store once; a message without parts says so and offers the raw file", async () => {
    // The files an earlier release wrote: an .eml and an index entry, once without parts; one index entry is corrupt.
    const dir = path.join(world.dir, 'outbox');
    fs.mkdirSync(dir, { recursive: true });
    const id = `${Date.now()}-${crypto.randomUUID()}`;
    const eml = 'From: ServiceStar <no-reply@servicestar.local>\nTo: legacy@example.com\nSubject: =?UTF-8?B?5pen6YKu5Lu2?=\n\nolder message body\n';
    fs.writeFileSync(path.join(dir, `${id}.eml`), eml);
    fs.writeFileSync(
      path.join(dir, `${id}.json`),
      JSON.stringify({ id, enterpriseId: tenant.enterpriseId, to: 'legacy@example.com', subject: '旧邮件', at: new Date().toISOString() }),
    );
    const broken = `${Date.now()}-${crypto.randomUUID()}`;
    fs.writeFileSync(path.join(dir, `${broken}.eml`), eml);
    fs.writeFileSync(path.join(dir, `${broken}.json`), '{"id": "truncated');
    expect(await moveFolderOutbox(world.store, world.dir)).toEqual({ moved: 1, unreadable: 1 });
    expect(await moveFolderOutbox(world.store, world.dir)).toEqual({ moved: 0, unreadable: 1 });

    const admin = await loginAgent(world.app, tenant.admin.email);
    expect(visible((await admin.get('/admin/outbox').expect(200)).text)).toContain('旧邮件');
    const res = await admin.get(`/admin/outbox/${id}`).expect(200);
    expect(visible(res.text)).toContain('这封邮件是在保存可读副本之前发出的');
    expect(res.text).toContain(`href="/admin/outbox/${id}/raw"`);
    expect((await admin.get(`/admin/outbox/${id}/raw`).expect(200)).text).toContain('older message body');
    await admin.get(`/admin/outbox/${broken}`).expect(404);
  });

  test('another enterprise, an unknown id and a role without the outbox get nothing', async () => {
    const { id } = await send('<p>x</p>');
    const stranger = await loginAgent(world.app, other.admin.email);
    for (const suffix of ['', '/html', '/raw']) await stranger.get(`/admin/outbox/${id}${suffix}`).expect(404);
    await stranger.get('/admin/outbox/../../etc/passwd/raw').expect(404);
    const auditor = await loginAgent(world.app, tenant.users.auditor!.email);
    await auditor.get(`/admin/outbox/${id}`).expect(403);
  });
});

describe('audit log page', () => {
  test('names actions, people and objects in words, linked where a page exists, at enterprise-local times', async () => {
    const t = await buildTenant(world.store);
    const site = await createSite(t.ctx, { code: 'GZ9', name: '广州天河店', nameEn: 'Guangzhou Tianhe', city: '广州' });
    await createApiToken(t.ctx, { name: 'CRM 同步', role: 'analyst' });
    const { campaign } = await buildCampaign(t);
    const auditor = auditorOf(world, t);
    const audit = await createAudit(auditor, { kind: 'stage1', plannedDate: '2026-03-02' });
    const indicator = getCatalogue(audit.catalogue.code, audit.catalogue.version).indicators[0]!;
    await setEntry(auditor, audit._id, site._id, indicator.code, { status: 'met' });
    // A known moment: 06:05:09 UTC is 14:05:09 in China (the default +8 h).
    await world.store.collection<AuditEntry>('auditLog').insertOne({
      _id: crypto.randomUUID(),
      enterpriseId: t.enterpriseId,
      at: '2025-03-01T06:05:09.000Z',
      actorId: t.admin._id,
      actorRole: 'admin',
      action: 'site.update',
      entity: 'sites',
      entityId: site._id,
    });

    const admin = await loginAgent(world.app, t.admin.email);
    const page = await admin.get('/admin/audit-log').expect(200);
    const text = visible(page.text);
    expect(text).toContain('2025-03-01 14:05:09');
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    expect(text).toContain('新增场所');
    expect(text).toContain('场所 GZ9 广州天河店');
    expect(text).toContain('创建 API 令牌');
    expect(text).toContain('API 令牌「CRM 同步」');
    expect(text).toContain('创建问卷活动');
    expect(page.text).toContain(`<a href="/campaigns/${campaign._id}">活动「${campaign.name}」</a>`);
    expect(text).toContain('录入审核结果');
    expect(text).toContain(`审核结果 GZ9 · ${indicator.name['zh-CN']}`);
    expect(text).toContain(`${t.users.auditor!.email}`);
    expect(text).toContain(t.admin.email);
    // No raw codes, collection names or ids as text (the code stays in a tooltip).
    for (const raw of ['site.create', 'audit.entry.set', 'auditEntries', 'campaigns ', t.admin._id, site._id]) expect(text).not.toContain(raw);

    const en = await admin.get('/admin/audit-log?lang=en').expect(200);
    expect(visible(en.text)).toContain('Added a site');
    expect(visible(en.text)).toContain(`audit entry GZ9 · ${indicator.name.en}`);
    // Places are named in the reader's language, as everywhere else in English.
    expect(visible(en.text)).toContain('site GZ9 Guangzhou Tianhe');
    expect(visible(en.text)).not.toContain('广州天河店');

    // The auditor reads the log too, without links to pages the role cannot open.
    const asAuditor = await loginAgent(world.app, t.users.auditor!.email);
    const forAuditor = await asAuditor.get('/admin/audit-log').expect(200);
    expect(visible(forAuditor.text)).toContain('场所 GZ9 广州天河店');
    expect(forAuditor.text).not.toContain('href="/admin/sites"');
    expect(markup(forAuditor.text)).toContain(`href="/audits/${audit._id}?site=${site._id}"`);

    // Another enterprise's log never shows these.
    const stranger = await loginAgent(world.app, other.admin.email);
    expect(visible((await stranger.get('/admin/audit-log').expect(200)).text)).not.toContain('广州天河店');
  });

  test('pages of 100, newest first, and a filter by action that keeps to its pages', async () => {
    const t = await buildTenant(world.store);
    const base = Date.parse('2025-01-01T00:00:00Z');
    const entry = (i: number, action: string): AuditEntry => ({
      _id: crypto.randomUUID(),
      enterpriseId: t.enterpriseId,
      at: new Date(base + i * 60_000).toISOString(),
      actorId: 'system',
      actorRole: 'admin',
      action,
      entity: 'alertRules',
      entityId: `rules:${t.enterpriseId}`,
    });
    await world.store
      .collection<AuditEntry>('auditLog')
      .insertMany([
        ...Array.from({ length: 230 }, (_, i) => entry(i, 'alertRules.update')),
        ...Array.from({ length: 3 }, (_, i) => entry(1000 + i, 'campaign.close')),
      ]);
    const total = await world.store.collection('auditLog').count({ enterpriseId: t.enterpriseId });
    const admin = await loginAgent(world.app, t.admin.email);
    const rows = (html: string) => html.match(/<td class="when">/g)?.length ?? 0;

    const first = await admin.get('/admin/audit-log').expect(200);
    expect(rows(first.text)).toBe(100);
    expect(visible(first.text)).toContain(`共 ${total} 条，最新的在前；第 1 / ${Math.ceil(total / 100)} 页`);
    expect(markup(first.text)).toContain('href="/admin/audit-log?page=2" rel="next"');
    const times = [...first.text.matchAll(/<time datetime="([^"]+)"/g)].map((m) => m[1]!);
    expect(times).toEqual([...times].sort().reverse());

    const last = await admin.get(`/admin/audit-log?page=${Math.ceil(total / 100)}`).expect(200);
    expect(rows(last.text)).toBe(total % 100 || 100);
    expect(last.text).not.toContain('rel="next"');

    const closed = await admin.get('/admin/audit-log?action=campaign.close').expect(200);
    expect(rows(closed.text)).toBe(3);
    expect(closed.text).toContain('<option value="campaign.close" selected>关闭问卷活动</option>');
    expect(visible(closed.text)).toContain('系统');
    const rules = await admin.get('/admin/audit-log?action=alertRules.update').expect(200);
    expect(markup(rules.text)).toContain('href="/admin/audit-log?action=alertRules.update&page=2" rel="next"');
  });

  test('a bad page or action is a 400 naming the field', async () => {
    const admin = await loginAgent(world.app, tenant.admin.email);
    for (const [query, field] of [
      ['page=0', 'page'],
      ['page=x', 'page'],
      ['action=$gt', 'action'],
      [`action=${'a'.repeat(100)}`, 'action'],
    ] as const) {
      const page = await admin.get(`/admin/audit-log?${query}`);
      expect([query, page.status]).toEqual([query, 400]);
      expect(page.text).toContain(`${field}: `);
    }
  });
});

test('every action the app records has a phrase in both languages', () => {
  const root = path.join(__dirname, '..', '..', 'server');
  const sources = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((d) => (d.isDirectory() ? sources(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
  const codes = new Set<string>();
  for (const file of sources(root)) {
    const text = fs.readFileSync(file, 'utf8');
    // recordAudit(ctx, 'a.b' …) and recordAudit(ctx, cond ? 'a.b' : 'a.c' …)
    for (const m of text.matchAll(/recordAudit\([^,]+,\s*([^,]+),/g)) for (const c of m[1]!.matchAll(/'([a-zA-Z.]+)'/g)) codes.add(c[1]!);
    // Follow-up transitions pass their action as the last argument.
    for (const m of text.matchAll(/\}\),\s*'(followUp\.[a-zA-Z]+)'\)/g)) codes.add(m[1]!);
  }
  const visitActions = /export type VisitAction = ([^;]+);/.exec(fs.readFileSync(path.join(root, 'services/visits/types.ts'), 'utf8'))![1]!;
  for (const m of visitActions.matchAll(/'(\w+)'/g)) codes.add(`visit.${m[1]}`);
  expect(codes.size).toBeGreaterThan(45);
  for (const locale of ['zh-CN', 'en']) {
    // Features bring their phrases in their own catalogue files: read them all.
    const dir = path.join(root, 'i18n', locale);
    const catalogue = Object.assign(
      {},
      ...fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, string>),
    ) as Record<string, string>;
    expect([locale, [...codes].filter((code) => !catalogue[`auditLog.action.${code}`])]).toEqual([locale, []]);
  }
});
