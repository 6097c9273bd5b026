/**
 * Audit projection from stored entries and customer data, with hand-computed
 * expected values (domain.md §4; catalogue sbt10401-27 points).
 */
import { addDeduction, setBonus } from '../../server/services/audits/adjustments';
import { createAudit } from '../../server/services/audits/audits';
import { saveSiteResults } from '../../server/services/audits/entries';
import { auditProjection } from '../../server/services/audits/projection';
import { submitResponse } from '../../server/services/responses/submit';
import { allMet, auditorOf, dayFromNow, onlyThese } from '../helpers/audits';
import { publishDefaultTemplate, surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, type Tenant, type World } from '../helpers/world';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world.close());

async function setup(): Promise<{ tenant: Tenant; auditor: ReturnType<typeof auditorOf>; auditId: string; s1: string; s2: string }> {
  const tenant = await buildTenant(world.store);
  const auditor = auditorOf(world, tenant);
  const audit = await createAudit(auditor, { kind: 'stage1', plannedDate: dayFromNow(2) });
  return { tenant, auditor, auditId: audit._id, s1: tenant.sites[0]._id, s2: tenant.sites[1]._id };
}

async function survey(tenant: Tenant, siteId: string, answers: Record<string, unknown>[]) {
  const { templateId, version } = await publishDefaultTemplate(tenant.ctx, 'survey');
  for (const a of answers) {
    await submitResponse(tenant.ctx, { templateId, templateVersion: version, siteId, channel: 'survey', answers: surveyAnswers(a), source: 'api' });
  }
}

test('an N/A indicator leaves the denominator', async () => {
  const { auditor, auditId, s1 } = await setup();
  // philosophy (3.35) met, strategy (3.33) not met, the other 25 N/A: 3.35 / 6.68 × 100 = 50.149701
  await saveSiteResults(
    auditor,
    auditId,
    s1,
    onlyThese({ 'internal.culture.philosophy': { status: 'met' }, 'internal.culture.strategy': { status: 'notMet' } }),
  );
  let site = (await auditProjection(auditor, auditId)).sites.find((s) => s.siteId === s1)!;
  expect(site.audit!.applicableMax).toBeCloseTo(6.68, 10);
  expect(site.audit!.score).toBeCloseTo(50.149701, 6);
  expect(site.audit!.level).toBe('none');
  // strategy N/A as well: 3.35 / 3.35 → 100, five stars (counted as 0 it would stay 50.15)
  await saveSiteResults(auditor, auditId, s1, [
    { code: 'internal.culture.strategy', entry: { status: 'na', reason: 'no strategy document required at a single site' } },
  ]);
  site = (await auditProjection(auditor, auditId)).sites.find((s) => s.siteId === s1)!;
  expect(site.audit!.applicableMax).toBeCloseTo(3.35, 10);
  expect(site.audit!.score).toBe(100);
  expect(site.audit!.level).toBe('five');
});

test('a perceived indicator takes its points from customer data submitted through submitResponse', async () => {
  const { tenant, auditor, auditId, s1 } = await setup();
  // staff_attitude → internal.rules.norms: 5 → 100 and 4 → 75, so P = 87.5 from the survey alone.
  await survey(tenant, s1, [{ staff_attitude: 5 }, { staff_attitude: 4 }]);
  await saveSiteResults(auditor, auditId, s1, onlyThese({ 'internal.rules.norms': null }));
  let p = await auditProjection(auditor, auditId);
  let site = p.sites.find((s) => s.siteId === s1)!;
  expect(site.perceived['internal.rules.norms']).toMatchObject({ score: 87.5, n: 2 });
  // No auditor entry: perceived only → 3.34 × 0.875 / 3.34 × 100 = 87.5, three stars
  expect(site.flags.perceivedOnly).toEqual(['internal.rules.norms']);
  // norms is evidenced on site and by customers: with only customer data it is one-sided.
  expect(site.flags.oneSided).toEqual(['internal.rules.norms']);
  expect(site.audit!.score).toBe(87.5);
  expect(site.audit!.level).toBe('three');
  expect(site.responses).toBe(2);
  expect(p.sampleSizes).toMatchObject({ survey: 2, call: 0, mystery: 0, total: 2 });
  expect(p.cpsq.droppedChannels).toEqual(['call', 'mystery']);
  // With the auditor's "met": 3.34 × (1 + 0.875)/2 / 3.34 × 100 = 93.75, four stars
  await saveSiteResults(auditor, auditId, s1, [{ code: 'internal.rules.norms', entry: { status: 'met' } }]);
  p = await auditProjection(auditor, auditId);
  site = p.sites.find((s) => s.siteId === s1)!;
  expect(site.audit!.score).toBe(93.75);
  expect(site.audit!.level).toBe('four');
  expect(site.flags.oneSided).toEqual([]);
  expect(site.lift).toMatchObject({ next: 'five', threshold: 95, pointsNeeded: 1.25 });
  // The one applicable indicator still offers 3.34 × (1 − 0.9375) = 0.20875 points = 6.25 score points.
  expect(site.lift!.indicators).toEqual([expect.objectContaining({ code: 'internal.rules.norms', scorePoints: expect.closeTo(6.25, 9) })]);
});

test('the bonus counts at most 1 point', async () => {
  const { auditor, auditId, s1 } = await setup();
  await saveSiteResults(
    auditor,
    auditId,
    s1,
    onlyThese({ 'internal.culture.philosophy': { status: 'fraction', fraction: 0.5, reason: 'service philosophy posted at half of the counters' } }),
  );
  await setBonus(auditor, auditId, s1, { points: 3, reason: 'national skills award' });
  const site = (await auditProjection(auditor, auditId)).sites.find((s) => s.siteId === s1)!;
  // 50 + min(3, 1) = 51
  expect(site.audit!.base).toBeCloseTo(50, 10);
  expect(site.audit!.bonus).toBe(1);
  expect(site.audit!.score).toBe(51);
  expect(site.bonus).toEqual({ points: 3, reason: 'national skills award' });
});

test('five special deductions make a site, and so the enterprise, not certified', async () => {
  const { auditor, auditId, s1, s2 } = await setup();
  await saveSiteResults(auditor, auditId, s1, allMet());
  await saveSiteResults(auditor, auditId, s2, allMet());
  for (let i = 0; i < 4; i++) await addDeduction(auditor, auditId, s1, { reason: `verified serious complaint ${i + 1}` });
  let p = await auditProjection(auditor, auditId);
  // 100 − 4 = 96: still five stars
  expect(p.sites[0].audit).toMatchObject({ score: 96, level: 'five', certified: true });
  await addDeduction(auditor, auditId, s1, { reason: 'falsified repair record' });
  p = await auditProjection(auditor, auditId);
  // 100 − 5 = 95 would be five stars, but five deductions bar certification whatever the score
  expect(p.sites[0].audit).toMatchObject({ score: 95, level: 'none', certified: false });
  expect(p.sites[0].lift!.blockedBy).toBe('specialDeductions');
  expect(p.sites[1].audit).toMatchObject({ score: 100, level: 'five' });
  expect(p.enterprise).toMatchObject({ level: 'none', certified: false, barredSites: [s1] });
  expect(p.enterprise!.lift.blockedBy).toBe('specialDeductions');
});

test('the enterprise score weighs sites by their responses', async () => {
  const { tenant, auditor, auditId, s1, s2 } = await setup();
  await survey(tenant, s1, [{}, {}, {}]);
  await survey(tenant, s2, [{}]);
  // Only philosophy (onsite) applicable: S1 met → 100, S2 fraction 0.72 → 72 (at or above 70, so the multi-site rule does not block)
  await saveSiteResults(auditor, auditId, s1, onlyThese({ 'internal.culture.philosophy': { status: 'met' } }));
  await saveSiteResults(
    auditor,
    auditId,
    s2,
    onlyThese({ 'internal.culture.philosophy': { status: 'fraction', fraction: 0.72, reason: 'philosophy known to 18 of 25 staff asked' } }),
  );
  const p = await auditProjection(auditor, auditId);
  // (3·100 + 1·72) / 4 = 93 → four stars (equal weights would give 86, three stars)
  expect(p.enterprise).toMatchObject({ score: 93, level: 'four', weighting: 'responses', weights: { [s1]: 0.75, [s2]: 0.25 }, blockingSites: [] });
  expect(p.enterprise!.lift).toMatchObject({ next: 'five', pointsNeeded: 2, reachable: true });
  // S2's philosophy offers 28 site points × 0.25 = 7 enterprise points
  expect(p.enterprise!.lift.indicators[0]).toMatchObject({
    siteId: s2,
    code: 'internal.culture.philosophy',
    sitePoints: expect.closeTo(28, 9),
    enterprisePoints: expect.closeTo(7, 9),
  });
});

test('a site with every indicator N/A is reported unscored, not as an error', async () => {
  const { auditor, auditId, s1, s2 } = await setup();
  await saveSiteResults(auditor, auditId, s1, onlyThese({}));
  await saveSiteResults(auditor, auditId, s2, allMet());
  const p = await auditProjection(auditor, auditId);
  expect(p.sites.find((s) => s.siteId === s1)!.audit).toBeNull();
  expect(p.enterprise).toMatchObject({ score: 100, level: 'five' });
});
