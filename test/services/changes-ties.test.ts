/**
 * Changes between periods and tie groups against hand-computed values
 * (docs/scoring.md §9–10): Welch's interval, the composite interval from each
 * side's SE, Holm's correction and the compact letters.
 */
import { differenceOf, normalCdf, normalDifference, twoSidedP, welchDifference } from '../../server/services/scoring/difference';
import { holmAdjust, letterDisplay, tieGroups } from '../../server/services/scoring/ties';

describe('the change between two periods', () => {
  test("two plain means get Welch's interval with Welch–Satterthwaite degrees of freedom", () => {
    // 80 (SD 10, n 10) against 70 (SD 20, n 20): Var 10 + 20 = 30, SE 5.4772,
    // ν = 30² / (10²/9 + 20²/19) = 27.982, t(0.975, 27.982) = 2.04847 → 10 ± 11.220.
    const d = welchDifference({ score: 80, sd: 10, n: 10 }, { score: 70, sd: 20, n: 20 });
    expect(d.change).toBe(10);
    expect(d.se).toBeCloseTo(5.477226, 5);
    expect(d.df).toBeCloseTo(27.981818, 5);
    expect(d.ci![0]).toBeCloseTo(-1.219916, 4);
    expect(d.ci![1]).toBeCloseTo(21.219916, 4);
    expect(d.significant).toBe(false);
  });

  test('a change whose interval excludes 0 is significant', () => {
    // 80 (SD 10, n 40) against 70 (SD 12, n 50): SE 2.31948, ν 87.835, t 1.98734 → [5.3904, 14.6096].
    const d = welchDifference({ score: 80, sd: 10, n: 40 }, { score: 70, sd: 12, n: 50 });
    expect(d.ci![0]).toBeCloseTo(5.390395, 4);
    expect(d.ci![1]).toBeCloseTo(14.609605, 4);
    expect(d.significant).toBe(true);
  });

  test('a drop is significant when the whole interval lies below 0', () => {
    const d = welchDifference({ score: 70, sd: 12, n: 50 }, { score: 80, sd: 10, n: 40 });
    expect(d.change).toBe(-10);
    expect(d.ci![1]).toBeCloseTo(-5.390395, 4);
    expect(d.significant).toBe(true);
  });

  test("a composite takes its SE from each side's variance and the normal interval", () => {
    // The scoring.md CPSQ example 75.429 (Var 39.265) against 70 (Var 20): ± 1.96·√59.265 = ± 15.0888.
    const d = normalDifference({ score: 75.429, variance: 39.265 }, { score: 70, variance: 20 });
    expect(d.se).toBeCloseTo(Math.sqrt(59.265), 9);
    expect(d.ci![0]).toBeCloseTo(5.429 - 15.088818, 5);
    expect(d.ci![1]).toBeCloseTo(5.429 + 15.088818, 5);
    expect(d.significant).toBe(false);
    expect(d.method).toBe('normal');
  });

  test('differenceOf uses Welch only when both sides are plain means, the composite rule otherwise', () => {
    const mean = { score: 80, variance: 2.5, sd: 10, n: 40 };
    const composite = { score: 70, variance: 2.88 };
    expect(differenceOf(mean, { score: 70, variance: 2.88, sd: 12, n: 50 }).method).toBe('welch');
    expect(differenceOf(mean, composite).method).toBe('normal');
  });

  test('without a score or a variance on one side there is no interval and no verdict', () => {
    expect(differenceOf({ score: 80, variance: 4 }, { score: null, variance: null })).toMatchObject({ change: null, ci: null, significant: null });
    // n = 1 before: the variance is undefined, so the change is shown without an interval.
    expect(differenceOf({ score: 80, variance: 4 }, { score: 60, variance: null, sd: null, n: 1 })).toMatchObject({ change: 20, ci: null, significant: null });
  });

  test('the normal CDF and two-sided p-values match the tables', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 6);
    expect(normalCdf(-0.5)).toBeCloseTo(0.3085375, 6);
    // d 5, Var 4 + 4: z 1.76777, p 0.0770999; d 10: z 3.53553, p 0.000406952.
    expect(twoSidedP(5, Math.sqrt(8))).toBeCloseTo(0.0770999, 6);
    expect(twoSidedP(10, Math.sqrt(8))).toBeCloseTo(0.000406952, 8);
  });
});

describe('tie groups in a ranking', () => {
  test('Holm multiplies the k-th smallest p-value by m − k + 1 and keeps the adjusted values monotone', () => {
    // Sorted 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → raised to 0.06.
    const adjusted = holmAdjust([0.01, 0.04, 0.03]);
    expect(adjusted[0]).toBeCloseTo(0.03, 12);
    expect(adjusted[1]).toBeCloseTo(0.06, 12);
    expect(adjusted[2]).toBeCloseTo(0.06, 12);
  });

  test('a site tied with both neighbours shares a letter with each, while the two ends differ', () => {
    // A 85, B 80, C 75, each Var 4. A–B and B–C: p 0.0771·2 = 0.154 (tied); A–C: p 0.000407·3 = 0.00122 (differ).
    const groups = tieGroups([
      { key: 'A', score: 85, variance: 4 },
      { key: 'B', score: 80, variance: 4 },
      { key: 'C', score: 75, variance: 4 },
    ]);
    expect(groups.comparisons).toBe(3);
    expect(groups.differing).toEqual([['A', 'C']]);
    expect(groups.letters).toEqual({ A: 'a', B: 'ab', C: 'b' });
  });

  test('two leaders tied together and a clearly lower site form two groups', () => {
    // A 85 (Var 4), B 82 (Var 4), C 70 (Var 9): A–C p 3.18e-5·3, B–C p 8.74e-4·2 differ; A–B p 0.289 tied.
    const groups = tieGroups([
      { key: 'A', score: 85, variance: 4 },
      { key: 'B', score: 82, variance: 4 },
      { key: 'C', score: 70, variance: 9 },
    ]);
    expect(groups.letters).toEqual({ A: 'a', B: 'a', C: 'b' });
  });

  test('adding far-off sites to the family never splits a tied pair (Holm never lowers a p-value)', () => {
    // A 85, B 80 (Var 4 each): raw p 0.0771 > 0.05, tied; nine sites far below grow the family to 55 pairs,
    // and A–B stays tied because a Holm-adjusted p-value is never below its raw value.
    const far = Array.from({ length: 9 }, (_, i) => ({ key: `Z${i}`, score: 40 - i, variance: 4 }));
    const groups = tieGroups([{ key: 'A', score: 85, variance: 4 }, { key: 'B', score: 80, variance: 4 }, ...far]);
    expect(groups.comparisons).toBe(55);
    expect(groups.letters.A).toBe(groups.letters.B);
  });

  test('a site without an interval is left out of the tests and gets no letter', () => {
    const groups = tieGroups([
      { key: 'A', score: 85, variance: 4 },
      { key: 'B', score: 90, variance: null },
    ]);
    expect(groups.comparisons).toBe(0);
    expect(groups.letters).toEqual({ A: 'a' });
  });

  test('letters follow the ranking: the first site\'s group is "a"', () => {
    expect(
      letterDisplay(
        ['A', 'B', 'C', 'D'],
        [
          ['A', 'C'],
          ['A', 'D'],
          ['B', 'D'],
        ],
      ),
    ).toEqual({ A: 'a', B: 'ab', C: 'bc', D: 'c' });
  });
});
