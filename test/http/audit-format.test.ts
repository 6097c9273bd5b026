import { needed, score } from '../../server/http/audits/format';
import { starLevel } from '../../server/services/scoring/levels';

test.each([
  [89.9999, '90.00', 'four'],
  [89.995, '90.00', 'four'],
  [89.994, '89.99', 'three'],
  [69.995, '70.00', 'compliant'],
])('a score of %f is shown as %s and its level, %s, agrees with what is shown', (x, shown, level) => {
  expect(score(x)).toBe(shown);
  expect(starLevel(x)).toBe(level);
  expect(starLevel(Number(shown))).toBe(level);
});

test('a missing score shows as a dash, and points needed are never rounded down', () => {
  expect(score(null)).toBe('—');
  expect(needed(0.604)).toBe('0.61');
});
