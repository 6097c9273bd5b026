/**
 * The outline numbers readers of a standard use beside an indicator's name
 * ("2.1.3": second level, its first item, third indicator), taken from the
 * catalogue's own order. Pages show these; the code (an English path slug such
 * as `internal.culture.philosophy`) stays for files, exports and the API.
 */
import type { LoadedCatalogue } from './types';

const computed = new WeakMap<LoadedCatalogue, ReadonlyMap<string, string>>();

export function outlineNumbers(catalogue: LoadedCatalogue): ReadonlyMap<string, string> {
  const known = computed.get(catalogue);
  if (known) return known;
  const numbers = new Map<string, string>();
  const number = (codes: readonly string[], prefix: string) =>
    codes.forEach((code, i) => {
      const own = `${prefix}${i + 1}`;
      numbers.set(code, own);
      number(
        (catalogue.childrenOf.get(code) ?? []).map((c) => c.code),
        `${own}.`,
      );
    });
  number(
    catalogue.nodes.filter((n) => n.parent === undefined).map((n) => n.code),
    '',
  );
  computed.set(catalogue, numbers);
  return numbers;
}

/** One node's outline number; empty for a code the catalogue does not hold. */
export function outlineNumber(catalogue: LoadedCatalogue, code: string): string {
  return outlineNumbers(catalogue).get(code) ?? '';
}
