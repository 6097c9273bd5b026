import { ValidationError } from '../../server/errors';
import { auditSite, enterpriseAudit, nextLevelLift, type OnsiteEntry, type SiteAuditInput, starLevel } from '../../server/services/scoring';
import { catalogueNode as node } from '../helpers/scoring';

// G1 (30): I1 onsite 10, I2 perceived 10, I3 both 10; G2 (50): I4 onsite 30, I5 perceived 10, I6 both 10.
const catalogue = {
  code: 'cat',
  version: '1',
  nodes: [
    node('G1', 'level', 30),
    node('I1', 'indicator', 10, 'G1', ['onsite']),
    node('I2', 'indicator', 10, 'G1', ['perceived']),
    node('I3', 'indicator', 10, 'G1', ['onsite', 'perceived']),
    node('G2', 'level', 50),
    node('I4', 'indicator', 30, 'G2', ['onsite']),
    node('I5', 'indicator', 10, 'G2', ['perceived']),
    node('I6', 'indicator', 10, 'G2', ['onsite', 'perceived']),
  ],
};
const onsite: Record<string, OnsiteEntry> = {
  I1: { status: 'met' },
  I3: { status: 'fraction', fraction: 0.5, reason: 'half the service points keep records' },
  I4: { status: 'na', reason: 'no installation business' },
  I6: { status: 'fraction', fraction: 0.9, reason: 'one complaint without closure' },
};
const input: SiteAuditInput = { catalogue, onsite, perceived: { I2: 80, I3: 70 } };

describe('auditSite: the worked example of docs/scoring.md §4', () => {
  const a = auditSite(input);
  const earned = Object.fromEntries(a.indicators.map((i) => [i.code, i.earned]));

  test('points earned per evidence kind', () => {
    expect(earned.I1).toBe(10); // onsite, met: 10·1
    expect(earned.I2).toBe(8); // perceived: 10·80/100
    expect(earned.I3).toBeCloseTo(6, 12); // both: 10·(0.5 + 0.70)/2
    expect(earned.I5).toBe(0); // perceived, no data, no entry
    expect(a.indicators.find((i) => i.code === 'I5')?.flags).toEqual(['noEvidence']);
    expect(earned.I6).toBe(9); // both, only the auditor's fraction: 10·0.9
    // I6 is evidenced on site and by customers but has no customer data: the on-site side alone, flagged one-sided.
    expect(a.indicators.find((i) => i.code === 'I6')?.flags).toEqual(['onsiteOnly', 'oneSided']);
  });

  test('an N/A indicator leaves the denominator', () => {
    // Σ earned = 10 + 8 + 6 + 0 + 9 = 33; Σ applicable max = 80 − 30 (I4 N/A) = 50 → 66
    expect(a.indicators.find((i) => i.code === 'I4')?.applicable).toBe(false);
    expect(a.applicableMax).toBe(50);
    expect(a.score).toBe(66); // had I4 counted: 33/80 = 41.25
    expect(a.level).toBe('none');
  });

  test('bonus is capped at +1; each special deduction costs 1', () => {
    expect(auditSite({ ...input, bonus: 0.5 }).score).toBe(66.5);
    expect(auditSite({ ...input, bonus: 2 }).score).toBe(67); // 66 + min(2, 1)
    expect(auditSite({ ...input, bonus: 2, specialDeductions: 1 }).score).toBe(66); // 66 + 1 − 1
    expect(auditSite({ ...input, specialDeductions: 3 }).score).toBe(63);
  });

  test('the score stays within 0–100', () => {
    const all = (status: OnsiteEntry['status']) =>
      Object.fromEntries(['I1', 'I2', 'I3', 'I4', 'I5', 'I6'].map((c) => [c, { status }])) as Record<string, OnsiteEntry>;
    expect(auditSite({ catalogue, onsite: all('met'), bonus: 1 }).score).toBe(100); // 100 + 1 → 100
    expect(auditSite({ catalogue, onsite: all('notMet'), specialDeductions: 2 }).score).toBe(0); // 0 − 2 → 0
  });

  test('five special deductions: not certified whatever the score; four still allow it', () => {
    const perfect = Object.fromEntries(['I1', 'I2', 'I3', 'I4', 'I5', 'I6'].map((c) => [c, { status: 'met' as const }]));
    const five = auditSite({ catalogue, onsite: perfect, specialDeductions: 5 });
    expect(five.score).toBe(95); // 100 − 5: five stars by score alone
    expect(five.level).toBe('none');
    expect(five.certified).toBe(false);
    expect(five.notCertifiedReason).toMatch(/5 special deductions/);
    const four = auditSite({ catalogue, onsite: perfect, specialDeductions: 4 });
    expect(four.score).toBe(96); // 100 − 4
    expect(four.level).toBe('five');
  });

  test('a "both" indicator with only customer data uses it alone', () => {
    const r = auditSite({ ...input, onsite: { ...onsite, I3: undefined as never } });
    const i3 = r.indicators.find((i) => i.code === 'I3');
    expect(i3?.earned).toBe(7); // 10·70/100
    expect(i3?.flags).toEqual(['perceivedOnly', 'oneSided']);
  });

  test('invalid entries throw a ValidationError naming the field', () => {
    const field = (e: SiteAuditInput) => {
      try {
        auditSite(e);
      } catch (err) {
        expect(err).toBeInstanceOf(ValidationError);
        return (err as ValidationError).field;
      }
      return undefined;
    };
    expect(field({ ...input, onsite: { I3: { status: 'fraction', fraction: 0.5 } } })).toBe('onsite.I3.reason');
    expect(field({ ...input, onsite: { I3: { status: 'fraction', fraction: 1.5, reason: 'x' } } })).toBe('onsite.I3.fraction');
    expect(field({ ...input, perceived: { I2: 120 } })).toBe('perceived.I2');
    expect(field({ ...input, onsite: { ZZ: { status: 'met' } } })).toBe('onsite.ZZ');
  });
});

describe('star levels', () => {
  test.each([
    [69.99, 'none'],
    [70, 'compliant'],
    [79.99, 'compliant'],
    [80, 'three'],
    [89.99, 'three'],
    [90, 'four'],
    [94.99, 'four'],
    [95, 'five'],
    [100, 'five'],
  ])('%f → %s (thresholds inclusive)', (score, level) => {
    expect(starLevel(score)).toBe(level);
  });

  test.each([
    [89.994, 'three'],
    [89.99499, 'three'],
    [89.995, 'four'],
    [89.9999, 'four'],
    [89.99999999999, 'four'],
    [69.994, 'none'],
    [69.995, 'compliant'],
    [79.9949, 'compliant'],
    [94.995, 'five'],
  ])('the level is read from the score rounded to two decimals: %f → %s', (score, level) => {
    expect(starLevel(score)).toBe(level);
  });

  test('a scheme with its own thresholds reads them from the score rounded to two decimals too', () => {
    const thresholds = { compliant: 60, three: 75.5, four: 85.25, five: 92 };
    expect(starLevel(75.494, thresholds)).toBe('compliant');
    expect(starLevel(75.495, thresholds)).toBe('three');
    expect(starLevel(85.2449, thresholds)).toBe('three');
    expect(starLevel(85.245, thresholds)).toBe('four');
  });

  test.each([
    [0.49999, 89.9998, 'four'],
    [0.4997, 89.994, 'three'],
  ])(
    'an audited site whose on-site fraction is %f scores %f and is %s: the audit keeps the exact score, its level the rounded one',
    (fraction, score, level) => {
      // Applicable 50 (I4 N/A): I1 10·fraction, every other indicator full → (40 + 10·fraction) / 50 × 100.
      const r = auditSite({
        catalogue,
        onsite: { I1: { status: 'fraction', fraction, reason: 'r' }, I3: { status: 'met' }, I4: { status: 'na', reason: 'r' }, I6: { status: 'met' } },
        perceived: { I2: 100, I3: 100, I5: 100 },
      });
      expect(r.score).toBeCloseTo(score, 9);
      expect(r.level).toBe(level);
      expect(nextLevelLift(r).level).toBe(level);
    },
  );

  test('floating noise never costs a level: a true 90 is four stars', () => {
    // Earned: I1 10·0.8 = 8, I2 10·89/100 = 8.9, I3 10·(0.97 + 0.89)/2 = 9.3, I5 8.9, I6 10·0.99 = 9.9
    // Σ = 45 of 50 → 90, which plain double arithmetic yields as 89.99999999999999.
    const r = auditSite({
      catalogue,
      onsite: {
        I1: { status: 'fraction', fraction: 0.8, reason: 'r' },
        I3: { status: 'fraction', fraction: 0.97, reason: 'r' },
        I4: { status: 'na', reason: 'r' },
        I6: { status: 'fraction', fraction: 0.99, reason: 'r' },
      },
      perceived: { I2: 89, I3: 89, I5: 89 },
    });
    expect(r.base).toBeLessThan(90); // the noise is really there
    expect(r.score).toBe(90);
    expect(r.level).toBe('four');
  });
});

describe('enterprise score and the next-level projection', () => {
  const site = (score: number, notCertifiedReason?: string) => ({ score, certified: !notCertifiedReason, notCertifiedReason });
  const sites = [
    { siteId: 'A', audit: site(90), responses: 300 },
    { siteId: 'B', audit: site(70), responses: 100 },
  ];

  test('weighted by responses (default), equally, or the minimum site', () => {
    // (90·300 + 70·100)/400 = 34000/400 = 85
    expect(enterpriseAudit(sites)).toMatchObject({ score: 85, level: 'three', weights: { A: 0.75, B: 0.25 } });
    expect(enterpriseAudit(sites, 'equal')).toMatchObject({ score: 80, level: 'three' }); // (90 + 70)/2
    expect(enterpriseAudit(sites, 'minimum')).toMatchObject({ score: 70, level: 'compliant' });
  });

  test('no responses anywhere: response weighting falls back to equal weights and says so', () => {
    const r = enterpriseAudit(sites.map((s) => ({ ...s, responses: 0 })));
    expect(r.score).toBe(80);
    expect(r.method).toMatch(/no responses/);
  });

  test('a site barred by special deductions bars the enterprise', () => {
    const r = enterpriseAudit([sites[0], { siteId: 'B', audit: site(96, '5 special deductions'), responses: 100 }]);
    expect(r).toMatchObject({ level: 'none', certified: false, barredSites: ['B'] });
  });

  test('nextLevelLift: points needed and the indicators sorted by points available', () => {
    const lift = nextLevelLift(auditSite({ ...input, bonus: 2, specialDeductions: 1 }));
    // score 66 → compliant at 70: 4 points needed
    expect(lift).toMatchObject({ level: 'none', next: 'compliant', threshold: 70, pointsNeeded: 4, reachable: true });
    // available (max − earned) / 50 × 100: I5 10 → 20, I3 4 → 8, I2 2 → 4, I6 1 → 2; I1 full, I4 N/A
    expect(lift.indicators.map((i) => [i.code, Number(i.scorePoints.toFixed(9))])).toEqual([
      ['I5', 20],
      ['I3', 8],
      ['I2', 4],
      ['I6', 2],
    ]);
    expect(lift.indicators[0].pointsAvailable).toBe(10);
  });

  test('nextLevelLift: blocked by special deductions, and nothing above five stars', () => {
    const perfect = Object.fromEntries(['I1', 'I2', 'I3', 'I4', 'I5', 'I6'].map((c) => [c, { status: 'met' as const }]));
    expect(nextLevelLift(auditSite({ catalogue, onsite: perfect }))).toMatchObject({ level: 'five', next: null, pointsNeeded: null });
    const barred = nextLevelLift(auditSite({ ...input, specialDeductions: 5 }));
    expect(barred).toMatchObject({ blockedBy: 'specialDeductions', reachable: false });
  });
});
