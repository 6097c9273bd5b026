/**
 * Certification schemes (domain.md §4: every number configurable per scheme):
 * a second scheme with other thresholds, bonus cap and deduction rule gives the
 * levels it defines; the default scheme gives today's figures; pinning another
 * version re-projects without rewriting anything stored; the multi-site rule
 * blocks or only reports, as the scheme says. Expected values by hand.
 */
import { addDeduction, setBonus } from '../../server/services/audits/adjustments';
import { createAudit } from '../../server/services/audits/audits';
import { saveSiteResults } from '../../server/services/audits/entries';
import { auditProjection } from '../../server/services/audits/projection';
import type { AuditEntry } from '../../server/services/auditLog';
import { submitResponse } from '../../server/services/responses/submit';
import { pinScheme } from '../../server/services/schemes/pin';
import { getScheme, listSchemes, publishScheme } from '../../server/services/schemes/registry';
import { DEFAULT_SCHEME } from '../../server/services/schemes/shipped';
import { getProject } from '../../server/services/scores/projects';
import { auditorOf, dayFromNow, onlyThese } from '../helpers/audits';
import { defaultSchemeContent, OPERATOR, strictScheme } from '../helpers/schemes';
import { publishDefaultTemplate, surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, type Tenant, type World } from '../helpers/world';

let world: World;
let strict: { code: string; version: number };
let reportOnly: { code: string; version: number };
beforeAll(async () => {
  world = await buildWorld();
  strict = await publishScheme(world.store, OPERATOR, strictScheme('svc-strict'));
  reportOnly = await publishScheme(world.store, OPERATOR, { ...defaultSchemeContent(), code: 'svc-report-only', multiSiteBlocking: 'reportOnly' });
});
afterAll(() => world.close());

async function auditWith(tenant: Tenant) {
  const auditor = auditorOf(world, tenant);
  const audit = await createAudit(auditor, { kind: 'stage1', plannedDate: dayFromNow(2) });
  return { auditor, auditId: audit._id, s1: tenant.sites[0]._id, s2: tenant.sites[1]._id };
}

/** Only philosophy applicable at S1, at fraction 0.88: base 88; bonus 2; `deductions` special deductions. */
async function site88(tenant: Tenant, deductions: number) {
  const a = await auditWith(tenant);
  await saveSiteResults(
    a.auditor,
    a.auditId,
    a.s1,
    onlyThese({ 'internal.culture.philosophy': { status: 'fraction', fraction: 0.88, reason: '22 of 25 staff asked know it' } }),
  );
  await saveSiteResults(a.auditor, a.auditId, a.s2, onlyThese({}));
  await setBonus(a.auditor, a.auditId, a.s1, { points: 2, reason: 'national skills award' });
  for (let i = 0; i < deductions; i++) await addDeduction(a.auditor, a.auditId, a.s1, { reason: `verified serious complaint ${i + 1}` });
  return a;
}

test('a new project follows the shipped GB/T 27922 default scheme, and its projection says so', async () => {
  const tenant = await buildTenant(world.store);
  expect((await getProject(tenant.ctx)).scheme).toEqual(DEFAULT_SCHEME);
  const { auditor, auditId } = await site88(tenant, 1);
  const p = await auditProjection(auditor, auditId);
  expect(p.scheme).toMatchObject({ key: 'gbt27922-2011@1', origin: 'shipped' });
  expect(p.settings).toEqual({ bonusCap: 1, deductionPoints: 1, decertifyingDeductions: 5, thresholds: { compliant: 70, three: 80, four: 90, five: 95 } });
  // Default: 88 + min(2, 1) − 1·1 = 88 → three stars (80 ≤ 88 < 90)
  expect(p.sites[0].audit).toMatchObject({ base: 88, bonus: 1, deductions: 1, score: 88, level: 'three' });
});

test('a second scheme with other thresholds, bonus cap and deduction points gives the levels it defines', async () => {
  const tenant = await buildTenant(world.store);
  const { auditor, auditId } = await site88(tenant, 1);
  await pinScheme(tenant.ctx, strict);
  const p = await auditProjection(auditor, auditId);
  expect(p.scheme).toMatchObject({ key: 'svc-strict@1', origin: 'published', levelNames: { four: { 'zh-CN': '优秀', en: 'Very good' } } });
  // Strict: 88 + min(2, 3) − 1·2.5 = 87.5 → "four" (≥ 85 under 60/75/85/92)
  expect(p.sites[0].audit).toMatchObject({ bonus: 2, deductions: 2.5, score: 87.5, level: 'four', certified: true });
  expect(p.sites[0].lift).toMatchObject({ next: 'five', threshold: 92, pointsNeeded: 4.5 });
  // Back on the default: today's figures again (nothing stored changed in between).
  await pinScheme(tenant.ctx, DEFAULT_SCHEME);
  expect((await auditProjection(auditor, auditId)).sites[0].audit).toMatchObject({ score: 88, level: 'three' });
});

test('the blocking count is the scheme’s: three deductions bar a site under the strict scheme, not under the default', async () => {
  const tenant = await buildTenant(world.store);
  const { auditor, auditId } = await site88(tenant, 3);
  // Default: 88 + 1 − 3 = 86, three stars, certified (3 < 5)
  expect((await auditProjection(auditor, auditId)).sites[0].audit).toMatchObject({ score: 86, level: 'three', certified: true });
  await pinScheme(tenant.ctx, strict);
  const p = await auditProjection(auditor, auditId);
  // Strict: 88 + 2 − 7.5 = 82.5 would be "three", but 3 ≥ 3 deductions bar certification
  expect(p.sites[0].audit).toMatchObject({ score: 82.5, level: 'none', certified: false });
  expect(p.enterprise).toMatchObject({ level: 'none', barredSites: [tenant.sites[0]._id] });
});

test('pinning another scheme re-projects the scores without rewriting responses or rollups, and is audit-logged', async () => {
  const tenant = await buildTenant(world.store);
  const { templateId, version } = await publishDefaultTemplate(tenant.ctx, 'survey');
  for (let i = 0; i < 3; i++) {
    await submitResponse(tenant.ctx, {
      templateId,
      templateVersion: version,
      siteId: tenant.sites[0]._id,
      channel: 'survey',
      answers: surveyAnswers({}),
      source: 'api',
    });
  }
  const stored = async () => ({
    responses: await tenant.ctx.store.collection('responses').find({}, { sort: { _id: 1 } }),
    rollups: await tenant.ctx.store.collection('rollups').find({}, { sort: { _id: 1 } }),
  });
  const before = await stored();
  expect(before.rollups.length).toBeGreaterThan(0);
  await pinScheme(tenant.ctx, strict);
  expect(await stored()).toEqual(before);
  const project = await getProject(tenant.ctx);
  expect(project).toMatchObject({ scheme: { code: 'svc-strict', version: 1 }, catalogue: { code: 'sbt10401-27', version: '1.0.0' }, target: 80 });
  const log = await tenant.ctx.store.collection<AuditEntry>('auditLog').find({ action: 'project.scheme' });
  expect(log).toHaveLength(1);
  expect(log[0].detail).toMatchObject({ before: { scheme: 'gbt27922-2011@1' }, after: { scheme: 'svc-strict@1' } });
});

test('multi-site: an audited site below 70 blocks the enterprise and is named; a report-only scheme names it and keeps the level', async () => {
  const tenant = await buildTenant(world.store);
  const { auditor, auditId, s1, s2 } = await auditWith(tenant);
  await saveSiteResults(auditor, auditId, s1, onlyThese({ 'internal.culture.philosophy': { status: 'met' } }));
  await saveSiteResults(
    auditor,
    auditId,
    s2,
    onlyThese({ 'internal.culture.philosophy': { status: 'fraction', fraction: 0.6, reason: '3 of 5 staff asked know it' } }),
  );
  // No responses: sites weighted equally, (100 + 60)/2 = 80 → three stars were S2 not below 70.
  let p = await auditProjection(auditor, auditId);
  expect(p.enterprise).toMatchObject({
    score: 80,
    level: 'none',
    certified: false,
    barredSites: [s2],
    blockingSites: [{ siteId: s2, reasons: ['belowCompliant'] }],
    blocking: 'block',
  });
  expect(p.enterprise!.lift.blockedBy).toBe('blockingSites');
  expect(p.enterprise!.method).toMatch(/Not certified until corrected/);
  await pinScheme(tenant.ctx, reportOnly);
  p = await auditProjection(auditor, auditId);
  expect(p.enterprise).toMatchObject({
    score: 80,
    level: 'three',
    certified: true,
    barredSites: [],
    blockingSites: [{ siteId: s2, reasons: ['belowCompliant'] }],
    blocking: 'reportOnly',
  });
  expect(p.enterprise!.lift.blockedBy).toBeUndefined();
});

test('multi-site: a site with the blocking count of deductions is named with that reason', async () => {
  const tenant = await buildTenant(world.store);
  const { auditor, auditId, s1, s2 } = await auditWith(tenant);
  await saveSiteResults(auditor, auditId, s1, onlyThese({ 'internal.culture.philosophy': { status: 'met' } }));
  await saveSiteResults(auditor, auditId, s2, onlyThese({ 'internal.culture.philosophy': { status: 'met' } }));
  for (let i = 0; i < 5; i++) await addDeduction(auditor, auditId, s2, { reason: `falsified record ${i + 1}` });
  const p = await auditProjection(auditor, auditId);
  // S2: 100 − 5 = 95, barred by five deductions; the enterprise (97.5) is blocked by it.
  expect(p.enterprise).toMatchObject({ score: 97.5, level: 'none', blockingSites: [{ siteId: s2, reasons: ['specialDeductions'] }] });
  expect(p.enterprise!.lift.blockedBy).toBe('specialDeductions');
});

test('publishing numbers versions per code, keeps every version, and refuses broken schemes naming the field', async () => {
  const first = await publishScheme(world.store, OPERATOR, strictScheme('svc-versions'));
  const second = await publishScheme(world.store, OPERATOR, { ...strictScheme('svc-versions'), bonusCap: 2 });
  expect([first.version, second.version]).toEqual([1, 2]);
  expect((await getScheme(world.store, first)).bonusCap).toBe(3);
  expect((await listSchemes(world.store)).filter((s) => s.code === 'svc-versions').map((s) => s.version)).toEqual([1, 2]);
  const broken = strictScheme('svc-broken');
  await expect(
    publishScheme(world.store, OPERATOR, { ...broken, levels: { ...broken.levels, four: { ...broken.levels.four, threshold: 70 } } }),
  ).rejects.toMatchObject({ status: 400, field: 'levels' });
  await expect(publishScheme(world.store, OPERATOR, { ...broken, channelWeights: { survey: 0.5, call: 0.3, mystery: 0.3 } })).rejects.toMatchObject({
    status: 400,
    field: 'channelWeights',
  });
  await expect(publishScheme(world.store, OPERATOR, { ...broken, catalogue: { code: 'sbt10401-27', version: '9.9.9' } })).rejects.toMatchObject({
    status: 400,
    field: 'catalogue',
  });
  await expect(publishScheme(world.store, { ...OPERATOR, role: 'admin', enterpriseId: 'e1' }, broken)).rejects.toMatchObject({ status: 403 });
  expect((await listSchemes(world.store)).some((s) => s.code === 'svc-broken')).toBe(false);
  const platformLog = await world.store.collection<AuditEntry>('auditLog').find({ action: 'scheme.publish', entityId: 'svc-versions@2' });
  expect(platformLog).toMatchObject([{ enterpriseId: null, actorRole: 'operator', detail: { code: 'svc-versions', version: 2 } }]);
});

test('an unknown scheme version cannot be pinned', async () => {
  const tenant = await buildTenant(world.store);
  await expect(pinScheme(tenant.ctx, { code: 'svc-strict', version: 99 })).rejects.toMatchObject({ status: 404 });
  expect((await getProject(tenant.ctx)).scheme).toEqual(DEFAULT_SCHEME);
});
