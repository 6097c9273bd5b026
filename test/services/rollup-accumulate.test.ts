/**
 * The rebuild keeps cells compact and compares a stored cell with the compact
 * one directly (sameAsStored), building a document only for a cell it writes.
 * The comparison must say "same" exactly when the stored document equals the
 * one the rebuild would write (key order aside), or a drifted cell would stay.
 */
import { CellAccumulator, type RollupSource } from '../../server/services/scores/accumulate';
import type { Channel } from '../../server/services/templates/types';

const ENTERPRISE = 'ent-1';

function response(i: number, channel: Channel, indicators: Array<[string, number]>): RollupSource {
  return {
    siteId: `site-${i % 2}`,
    channel,
    catalogue: { code: 'GB/T 27922', version: '2011' },
    respondedAt: `2025-0${1 + (i % 3)}-1${i % 10}T0${i % 10}:30:00.000Z`,
    contribution: { indicators, overall: 50 + i, csatSatisfied: i % 2 === 0, nps: 'promoter', npsRaw: 9, effort: 70 },
  } as RollupSource;
}

function accumulated(): CellAccumulator {
  const cells = new CellAccumulator(480);
  for (let i = 0; i < 12; i++) {
    cells.add(response(i, 'survey', [['execution.repair.repair', 25 * (i % 5)], ...(i % 3 === 0 ? [['internal.rules.norms', 82.5] as [string, number]] : [])]));
    if (i % 4 === 0) cells.add(response(i, 'call', []));
  }
  return cells;
}

/** A JSON copy with the top-level and nested keys in reverse order, as another writer might have stored it. */
function reordered(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reordered(v)]),
  );
}

test('a stored cell equal to the rebuilt one compares the same, whatever its key order', () => {
  const cells = accumulated();
  const all = cells.cells();
  expect([...all.values()].map((c) => c.grain).sort()).toEqual(expect.arrayContaining(['day', 'month', 'quarter']));
  for (const [key, cell] of all) {
    const stored = reordered(JSON.parse(JSON.stringify(cells.documentOf(key, cell, ENTERPRISE)))) as Record<string, unknown>;
    expect(cells.sameAsStored(stored, key, cell, ENTERPRISE)).toBe(true);
  }
});

test('a stored cell that differs in any counter, field or indicator entry compares different', () => {
  const cells = accumulated();
  const [key, cell] = [...cells.cells()].find(([, c]) => c.channel === 'survey' && c.grain === 'month')!;
  type Stored = { responses: number; n?: number; siteId: string; grain: string; ind?: Record<string, Record<string, Record<string, number>>> };
  const exact = () => JSON.parse(JSON.stringify(cells.documentOf(key, cell, ENTERPRISE))) as Stored;
  const [cat] = Object.keys(exact().ind!) as [string];
  const [indicator] = Object.keys(exact().ind![cat]!) as [string];
  const drifts: Array<[string, (d: Stored) => void]> = [
    ['a counter off by one', (d) => (d.responses += 1)],
    ['an extra counter', (d) => (d.n = 0)],
    ['another site', (d) => (d.siteId = 'site-9')],
    ['another grain', (d) => (d.grain = 'day')],
    ['an indicator sum off by one', (d) => (d.ind![cat]![indicator]!.sum += 1)],
    ['an extra key in an indicator entry', (d) => (d.ind![cat]![indicator]!.extra = 1)],
    ['an indicator missing', (d) => delete d.ind![cat]![indicator]],
    ['an extra indicator with no counts', (d) => (d.ind![cat]!.other = { n: 0, sum: 0, sumSq: 0 })],
    ['an extra empty catalogue', (d) => (d.ind!.other = {})],
    ['no indicators at all', (d) => delete d.ind],
  ];
  for (const [name, drift] of drifts) {
    const stored = exact();
    drift(stored);
    expect({ name, same: cells.sameAsStored(stored as unknown as Record<string, unknown>, key, cell, ENTERPRISE) }).toEqual({ name, same: false });
  }
});

test('a cell without indicators is stored without ind, and one with an empty ind compares different', () => {
  const cells = accumulated();
  const [key, cell] = [...cells.cells()].find(([, c]) => c.channel === 'call')!;
  const doc = cells.documentOf(key, cell, ENTERPRISE);
  expect(doc.ind).toBeUndefined();
  expect(cells.sameAsStored({ ...doc }, key, cell, ENTERPRISE)).toBe(true);
  expect(cells.sameAsStored({ ...doc, ind: {} }, key, cell, ENTERPRISE)).toBe(false);
});
