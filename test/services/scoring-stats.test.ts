import { ValidationError } from '../../server/errors';
import {
  incompleteBeta,
  meanOf,
  mergeMoments,
  momentsOf,
  sampleSd,
  sampleVariance,
  scoreFromMoments,
  studentTCdf,
  tQuantile,
  varianceOfMean,
} from '../../server/services/scoring';

describe('Student t quantile', () => {
  // Table values of t(0.975, df), 4 decimals.
  test.each([
    [1, 12.7062],
    [2, 4.3027],
    [5, 2.5706],
    [10, 2.2281],
    [29, 2.0452],
    [30, 2.0423],
    [100, 1.984],
    [1000, 1.9623],
  ])('t(0.975, %i) = %f', (df, expected) => {
    expect(Math.abs(tQuantile(0.975, df) - expected)).toBeLessThan(5e-5);
  });

  test('matches more precise reference values to 1e-6', () => {
    // R: qt(0.975, c(1, 2, 10, 30, 1000)), qt(0.995, 1), qt(0.95, 4)
    expect(Math.abs(tQuantile(0.975, 1) - 12.7062047362)).toBeLessThan(1e-6);
    expect(Math.abs(tQuantile(0.975, 2) - 4.3026527297)).toBeLessThan(1e-6);
    expect(Math.abs(tQuantile(0.975, 10) - 2.228138852)).toBeLessThan(1e-6);
    expect(Math.abs(tQuantile(0.975, 30) - 2.0422724563)).toBeLessThan(1e-6);
    expect(Math.abs(tQuantile(0.975, 1000) - 1.9623390808)).toBeLessThan(1e-6);
    expect(Math.abs(tQuantile(0.995, 1) - 63.6567411629)).toBeLessThan(1e-6);
    expect(Math.abs(tQuantile(0.95, 4) - 2.1318467863)).toBeLessThan(1e-6);
  });

  test('tends to the normal 1.959964 for huge df', () => {
    expect(Math.abs(tQuantile(0.975, 1e9) - 1.959963985)).toBeLessThan(1e-6);
    expect(Math.abs(tQuantile(0.975, Infinity) - 1.959963985)).toBeLessThan(1e-6);
  });

  test('is symmetric and inverts the CDF', () => {
    expect(tQuantile(0.025, 4)).toBeCloseTo(-tQuantile(0.975, 4), 12);
    expect(tQuantile(0.5, 7)).toBe(0);
    expect(studentTCdf(tQuantile(0.9, 3), 3)).toBeCloseTo(0.9, 12);
    // df = 1 is Cauchy: F(1) = ½ + atan(1)/π = 0.75
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12);
    // I_x(1, 1) = x
    expect(incompleteBeta(1, 1, 0.3)).toBeCloseTo(0.3, 12);
  });

  test('rejects p outside (0, 1) and df ≤ 0', () => {
    expect(() => tQuantile(1, 5)).toThrow(ValidationError);
    expect(() => tQuantile(0.975, 0)).toThrow(ValidationError);
    expect(() => tQuantile(0.975, Number.NaN)).toThrow(ValidationError);
  });
});

describe('Moments and scoreFromMoments', () => {
  test('mean, sample SD and the t interval of 60, 80, 100', () => {
    const m = momentsOf([60, 80, 100]);
    // fixed point ×1000: sum = 240000, sumSq = 60000² + 80000² + 100000² = 2.0e10
    expect(m).toEqual({ n: 3, sum: 240_000, sumSq: 20_000_000_000 });
    expect(meanOf(m)).toBe(80);
    // SD² = ((−20)² + 0² + 20²)/(3 − 1) = 800/2 = 400 → SD 20; Var(mean) = 400/3
    expect(sampleSd(m)).toBe(20);
    expect(varianceOfMean(m)).toBeCloseTo(400 / 3, 10);
    const s = scoreFromMoments(m);
    // se = 20/√3 = 11.5470; t(0.975, 2) = 4.302653 → half-width 49.6828
    expect(s.se).toBeCloseTo(11.547005, 5);
    expect(s.ciUnclipped?.[0]).toBeCloseTo(80 - 49.682779, 4);
    expect(s.ciUnclipped?.[1]).toBeCloseTo(80 + 49.682779, 4);
    // Displayed interval is clipped to 0–100.
    expect(s.ci?.[0]).toBeCloseTo(30.317221, 4);
    expect(s.ci?.[1]).toBe(100);
    expect(s.lowSample).toBe(true);
  });

  test('the sample variance is the exact BigInt one on both sides of 2^53, where the products stop being exact in a double', () => {
    const exact = (n: number, sum: number, sumSq: number) => Number(BigInt(n) * BigInt(sumSq) - BigInt(sum) * BigInt(sum)) / (n * (n - 1)) / (1000 * 1000);
    // n·Σv² and (Σv)² just under, at and over 2^53 (9,007,199,254,740,992), for aggregates of 100 to 900,000 values.
    const cases: Array<[number, number, number]> = [
      [100, 6_500_000, 440_000_000_000],
      [1_000, 94_906_265, 9_007_199_254_740],
      [1_000, 94_906_266, 9_007_199_254_741],
      [30_000, 1_900_000_003, 130_000_000_000_001],
      [900_000, 62_000_000_001, 4_271_000_000_000_001],
    ];
    for (const [n, sum, sumSq] of cases) expect(sampleVariance({ n, sum, sumSq })).toBe(exact(n, sum, sumSq));
  });

  test('n = 1: a score, but SD, variance and CI are null (undefined, not 0)', () => {
    const s = scoreFromMoments(momentsOf([70]));
    expect(s).toMatchObject({ score: 70, n: 1, sd: null, se: null, variance: null, ci: null, lowSample: true });
  });

  test('n = 0: no score', () => {
    expect(scoreFromMoments(momentsOf([])).score).toBeNull();
  });

  test('merging moments equals the moments of the union', () => {
    expect(mergeMoments(momentsOf([60, 80]), momentsOf([100]))).toEqual(momentsOf([60, 80, 100]));
  });

  test('30 responses are not a low sample, 29 are', () => {
    expect(scoreFromMoments(momentsOf(Array(29).fill(80))).lowSample).toBe(true);
    expect(scoreFromMoments(momentsOf(Array(30).fill(80))).lowSample).toBe(false);
  });

  test('values are kept to 0.001 point: 200/3 enters as 66.667', () => {
    const m = momentsOf([200 / 3]);
    expect(m.sum).toBe(66_667);
    expect(meanOf(m)).toBe(66.667);
  });
});
