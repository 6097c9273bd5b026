/**
 * Schemes through the API and pages: an operator publishes (validated, 400
 * naming the field; others get 403), an admin pins a version (analysts may
 * only read it), and the report names the scheme version, its level names, the
 * blocking sites and, for an interval that n = 1 leaves undefined, "—" with why.
 */
import { t } from '../../server/i18n';
import { insertUser } from '../../server/services/accounts/users';
import { createAudit } from '../../server/services/audits/audits';
import { saveSiteResults } from '../../server/services/audits/entries';
import { auditorOf, dayFromNow, onlyThese } from '../helpers/audits';
import { publishAll, submit } from '../helpers/dashboard';
import { strictScheme } from '../helpers/schemes';
import { surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, csrfTokenOf, loginAgent, PASSWORD, type Tenant, type World } from '../helpers/world';
import { HEAVY_MS } from '../helpers/timeouts';

let world: World;
let tenant: Tenant;
let operator: Awaited<ReturnType<typeof loginAgent>>;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  await insertUser(world.store, { enterpriseId: null, email: 'op@schemes.test', name: 'Op', role: 'operator', password: PASSWORD });
  operator = await loginAgent(world.app, 'op@schemes.test');
  // One survey response: the CPSQ has a score and, with n = 1, no interval.
  await submit(tenant, await publishAll(tenant), 'survey', 0, surveyAnswers({ overall_satisfaction: 4 }));
}, HEAVY_MS);
afterAll(() => world.close());

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

test('an operator publishes a scheme version through the API; a broken one is a 400 naming the field; an admin may not publish', async () => {
  const broken = strictScheme('http-broken');
  const bad = await operator
    .post('/api/v1/schemes')
    .send({ ...broken, bonusCap: -1 })
    .expect(400);
  expect(bad.body.error).toMatchObject({ field: 'bonusCap' });
  const unknown = await operator
    .post('/api/v1/schemes')
    .send({ ...broken, surprise: 1 })
    .expect(400);
  expect(unknown.body.error.field).toBe('surprise');
  const rising = await operator
    .post('/api/v1/schemes')
    .send({ ...broken, levels: { ...broken.levels, five: { ...broken.levels.five, threshold: 50 } } })
    .expect(400);
  expect(rising.body.error.field).toBe('levels');
  const admin = await loginAgent(world.app, tenant.admin.email);
  await admin.post('/api/v1/schemes').send(strictScheme('http-by-admin')).expect(403);
  const created = await operator.post('/api/v1/schemes').send(strictScheme('http-strict')).expect(201);
  expect(created.body.scheme).toMatchObject({ code: 'http-strict', version: 1, origin: 'published', bonusCap: 3 });
  const list = (await admin.get('/api/v1/schemes').expect(200)).body.schemes as Array<{ code: string; version: number }>;
  expect(list.map((s) => `${s.code}@${s.version}`)).toEqual(expect.arrayContaining(['gbt27922-2011@1', 'http-strict@1']));
  expect(list.some((s) => s.code.startsWith('http-broken') || s.code === 'http-by-admin')).toBe(false);
});

test('the operator page publishes from JSON text and gives a refused text back for correction', async () => {
  const page = await operator.get('/operator/schemes').expect(200);
  expect(page.text).toContain('gbt27922-2011@1');
  const csrf = await csrfTokenOf(operator, '/operator/schemes');
  await operator.post('/operator/schemes').type('form').send({ _csrf: csrf, scheme: '{"code": "half' }).expect(303);
  const refused = await operator.get('/operator/schemes').expect(200);
  expect(refused.text).toContain('scheme: must be valid JSON');
  expect(refused.text).toContain('{&quot;code&quot;: &quot;half');
  const csrf2 = await csrfTokenOf(operator, '/operator/schemes');
  await operator
    .post('/operator/schemes')
    .type('form')
    .send({ _csrf: csrf2, scheme: JSON.stringify(strictScheme('http-page')) })
    .expect(303);
  expect((await operator.get('/operator/schemes').expect(200)).text).toContain(t('zh-CN', 'schemes.published', { key: 'http-page@1' }));
});

test('an admin pins a scheme version through the API and the page; an analyst reads it and may not change it', async () => {
  await operator.post('/api/v1/schemes').send(strictScheme('http-pin')).expect(201);
  const admin = await loginAgent(world.app, tenant.admin.email);
  const analyst = await loginAgent(world.app, tenant.users.analyst!.email);
  await analyst.put('/api/v1/project/scheme').send({ code: 'http-pin', version: 1 }).expect(403);
  expect((await analyst.get('/api/v1/project/scheme').expect(200)).body.scheme).toMatchObject({ key: 'gbt27922-2011@1' });
  const bad = await admin.put('/api/v1/project/scheme').send({ code: 'http-pin', version: 0 }).expect(400);
  expect(bad.body.error.field).toBe('version');
  await admin.put('/api/v1/project/scheme').send({ code: 'http-pin', version: 7 }).expect(404);
  const pinned = await admin.put('/api/v1/project/scheme').send({ code: 'http-pin', version: 1 }).expect(200);
  expect(pinned.body).toMatchObject({ project: { scheme: { code: 'http-pin', version: 1 } }, scheme: { key: 'http-pin@1' } });
  // And back through the page form.
  const csrf = await csrfTokenOf(admin, '/project/scheme');
  await admin.post('/project/scheme').type('form').send({ _csrf: csrf, scheme: 'gbt27922-2011@1' }).expect(303);
  const page = await admin.get('/project/scheme').expect(200);
  expect(page.text).toContain(t('zh-CN', 'schemes.project.pinned', { key: 'gbt27922-2011@1' }));
  expect((await analyst.get('/project/scheme').expect(200)).text).not.toContain('action="/project/scheme"');
});

test('the report and the dashboard name the scheme version; the report names the scheme’s level names and the blocking sites, and an n = 1 interval as "—" with why', async () => {
  const other = await buildTenant(world.store);
  await submit(other, await publishAll(other), 'survey', 0, surveyAnswers({ overall_satisfaction: 4 }));
  await operator.post('/api/v1/schemes').send(strictScheme('http-report')).expect(201);
  const admin = await loginAgent(world.app, other.admin.email);
  await admin.put('/api/v1/project/scheme').send({ code: 'http-report', version: 1 }).expect(200);
  const auditor = auditorOf(world, other);
  const auditId = (await createAudit(auditor, { kind: 'stage1', plannedDate: dayFromNow(1) }))._id;
  const [s1, s2] = other.sites.map((s) => s._id);
  // Only philosophy applicable: S1 met → 100; S2 fraction 0.5 → 50, below the strict scheme's compliant 60.
  await saveSiteResults(auditor, auditId, s1, onlyThese({ 'internal.culture.philosophy': { status: 'met' } }));
  await saveSiteResults(
    auditor,
    auditId,
    s2,
    onlyThese({ 'internal.culture.philosophy': { status: 'fraction', fraction: 0.5, reason: 'half the staff asked know it' } }),
  );
  for (const [lang, names] of [
    ['zh-CN', ['卓越', '未达标']],
    ['en', ['Excellent', 'Not certified']],
  ] as const) {
    const page = text((await admin.get(`/reports/audit?audit=${auditId}&lang=${lang}`).expect(200)).text);
    expect(page).toContain(t(lang, 'schemes.usedBy', { key: 'http-report@1', name: strictScheme().name[lang] }));
    // S1 100 is "Excellent" under the scheme's names; the enterprise (75, "Good") is blocked by S2.
    expect(page).toContain(`100.0 · ${names[0]}`);
    expect(page).toContain(
      `S2${lang === 'en' ? ' (' : '（'}${t(lang, 'schemes.blocking.reason.belowCompliant', { level: lang === 'en' ? 'Pass' : '合格', threshold: 60 })}`,
    );
    expect(page).toContain(t(lang, 'schemes.method.blocking.block', { compliantName: lang === 'en' ? 'Pass' : '合格', compliant: 60, count: 3 }));
    // The CPSQ rests on one response: no interval, and the reason beside the dash.
    expect(page).toContain(`— (${t(lang, 'figures.ci.undefined')})`);
    expect(page).not.toMatch(/\[(\d+\.\d), \1\]/);
  }
  // The dashboard's projection names its scheme too.
  const dashboard = text((await admin.get('/dashboard?lang=zh-CN').expect(200)).text);
  expect(dashboard).toContain(t('zh-CN', 'schemes.usedBy', { key: 'http-report@1', name: strictScheme().name['zh-CN'] }));
  expect(dashboard).toContain('Not certified until corrected: S2 (belowCompliant)');
});
