/** Outline numbers ("2.1.3") follow the catalogue's order: level, item within its level, indicator within its parent. */
import { getCatalogue, outlineNumber, outlineNumbers } from '../../server/services/catalogues';

const catalogue = getCatalogue('sbt10401-27');

test('levels, items and indicators are numbered in catalogue order, each within its parent', () => {
  expect(outlineNumber(catalogue, 'internal')).toBe('1');
  expect(outlineNumber(catalogue, 'internal.culture')).toBe('1.1');
  expect(outlineNumber(catalogue, 'internal.culture.philosophy')).toBe('1.1.1');
  expect(outlineNumber(catalogue, 'internal.culture.commitment')).toBe('1.1.2');
  const levels = catalogue.nodes.filter((n) => n.parent === undefined).map((n) => outlineNumber(catalogue, n.code));
  expect(levels).toEqual(['1', '2', '3', '4']);
});

test('every node gets a number, no two nodes share one, and each starts with its parent’s', () => {
  const numbers = outlineNumbers(catalogue);
  expect(numbers.size).toBe(catalogue.nodes.length);
  expect(new Set(numbers.values()).size).toBe(catalogue.nodes.length);
  for (const node of catalogue.nodes) {
    if (node.parent) expect(numbers.get(node.code)!.startsWith(`${numbers.get(node.parent)}.`)).toBe(true);
  }
  expect(catalogue.indicators.map((n) => numbers.get(n.code)!.split('.').length).every((depth) => depth === 3)).toBe(true);
});

test('a code the catalogue does not hold has no number', () => {
  expect(outlineNumber(catalogue, 'internal.bogus')).toBe('');
});
