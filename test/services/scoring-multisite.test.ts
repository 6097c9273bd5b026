/**
 * The multi-site rule of enterpriseAudit (domain.md §4.5): an audited site
 * below the compliant threshold, or barred by special deductions, blocks the
 * enterprise certificate and is named; under 'reportOnly' it is named and the
 * level stands. Values by hand.
 */
import { enterpriseAudit } from '../../server/services/scoring/projection';

const site = (score: number, notCertifiedReason?: string) => ({
  score,
  certified: notCertifiedReason === undefined && score >= 70,
  ...(notCertifiedReason ? { notCertifiedReason } : {}),
});
const A = { siteId: 'A', audit: site(90), responses: 300 };
const B = { siteId: 'B', audit: site(65), responses: 100 };

test('a site below 70 blocks a two-site enterprise whose score would be three stars, and is named', () => {
  // (300·90 + 100·65)/400 = 83.75
  const r = enterpriseAudit([A, B]);
  expect(r).toMatchObject({
    score: 83.75,
    level: 'none',
    certified: false,
    barredSites: ['B'],
    blockingSites: [{ siteId: 'B', reasons: ['belowCompliant'] }],
    blocking: 'block',
  });
  expect(r.method).toContain('Not certified until corrected: B (belowCompliant)');
});

test('under report-only the blocking site is named and the level stands', () => {
  const r = enterpriseAudit([A, B], 'responses', { blocking: 'reportOnly' });
  expect(r).toMatchObject({ score: 83.75, level: 'three', certified: true, barredSites: [], blockingSites: [{ siteId: 'B', reasons: ['belowCompliant'] }] });
  expect(r.method).toContain('Blocking sites reported only');
});

test('the compliant threshold is the scheme’s: 65 does not block when compliant is 60', () => {
  const r = enterpriseAudit([A, B], 'responses', { thresholds: { compliant: 60, three: 75, four: 85, five: 92 } });
  expect(r).toMatchObject({ level: 'three', blockingSites: [] });
});

test('a site at exactly 70, and 69.995 which reads 70.00, do not block; 69.994 does', () => {
  expect(enterpriseAudit([A, { ...B, audit: site(70) }]).blockingSites).toEqual([]);
  expect(enterpriseAudit([A, { ...B, audit: site(69.995) }]).blockingSites).toEqual([]);
  expect(enterpriseAudit([A, { ...B, audit: site(69.994) }]).blockingSites).toEqual([{ siteId: 'B', reasons: ['belowCompliant'] }]);
});

test('both reasons are named; a single site is not blocked by its own score, only by deductions', () => {
  const r = enterpriseAudit([A, { ...B, audit: site(60, '5 special deductions') }]);
  expect(r.blockingSites).toEqual([{ siteId: 'B', reasons: ['belowCompliant', 'specialDeductions'] }]);
  expect(enterpriseAudit([B]).blockingSites).toEqual([]);
  expect(enterpriseAudit([{ ...A, audit: site(96, '5 special deductions') }], 'responses', { blocking: 'reportOnly' })).toMatchObject({
    level: 'none',
    barredSites: ['A'],
  });
});
