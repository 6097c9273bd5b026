import { ValidationError } from '../../server/errors';
import { sampleSize } from '../../server/services/scoring';

describe('sampleSize', () => {
  test('±5 % at 95 % with p = 0.5: 385', () => {
    // 1.96²·0.5·0.5/0.05² = 3.8416·0.25/0.0025 = 384.16 → 385
    expect(sampleSize({ marginOfError: 0.05 })).toMatchObject({ infinite: 385, n: 385 });
  });

  test('finite population correction: N = 1000 → 278', () => {
    // 384.16/(1 + 383.16/1000) = 384.16/1.38316 = 277.74 → 278 (from the unrounded n₀)
    expect(sampleSize({ marginOfError: 0.05, population: 1000 })).toMatchObject({ infinite: 385, n: 278 });
  });

  test('other inputs', () => {
    // ±3 %: 3.8416·0.25/0.0009 = 1067.11 → 1068
    expect(sampleSize({ marginOfError: 0.03 }).n).toBe(1068);
    // p = 0.8, ±5 %: 3.8416·0.16/0.0025 = 245.86 → 246
    expect(sampleSize({ marginOfError: 0.05, proportion: 0.8 }).n).toBe(246);
    // z = 2, ±10 %: 4·0.25/0.01 = 100 exactly, not 101 from a float artefact
    expect(sampleSize({ marginOfError: 0.1, z: 2 }).n).toBe(100);
    // a tiny population is sampled whole at most: 384.16/(1 + 383.16/20) = 19.05 → 20
    expect(sampleSize({ marginOfError: 0.05, population: 20 }).n).toBe(20);
    expect(sampleSize({ marginOfError: 0.05, population: 1 }).n).toBe(1);
  });

  test.each([
    [{ marginOfError: 0 }, 'marginOfError'],
    [{ marginOfError: 1 }, 'marginOfError'],
    [{ marginOfError: 0.05, population: 0 }, 'population'],
    [{ marginOfError: 0.05, population: 10.5 }, 'population'],
    [{ marginOfError: 0.05, proportion: 1 }, 'proportion'],
  ])('rejects %j naming %s', (input, field) => {
    expect(() => sampleSize(input)).toThrow(ValidationError);
    expect(() => sampleSize(input)).toThrow(expect.objectContaining({ field }));
  });
});
