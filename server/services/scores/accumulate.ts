/**
 * The rebuild's accumulator: stored responses summed into day cells, then
 * month and quarter cells as the sums of their days (integers, so exact). It
 * skips what the incremental path builds per response (increment objects and
 * keys) because a rebuild does it a million times; it uses the same counters
 * (measureInc, momentInc) and writes the same documents as cellUpdate's
 * upserts (cells.ts), and tests hold the two equal.
 */
import { ValidationError } from '../../errors';
import type { Doc } from '../../store/types';
import type { StoredContribution } from '../responses/types';
import { catalogueKey, MEASURE_COUNTERS, measureInc, measureRollupKey } from '../scoring/rollup';
import { toFixedPoint } from '../scoring/stats';
import type { Channel } from '../templates/types';
import { quarterOf, type Grain } from './buckets';
import { fieldKey, type CellIndicators } from './cells';
import { DAY_MS, dayOf } from '../calendar';

/** What the rollups need of a stored response; the responses' rollupSource index holds exactly these. */
export const ROLLUP_SOURCE_FIELDS = ['siteId', 'channel', 'catalogue', 'respondedAt', 'contribution'] as const;

export interface RollupSource {
  siteId: string;
  channel: Channel;
  catalogue: { code: string; version: string };
  respondedAt: string;
  contribution: StoredContribution;
}

interface Cell {
  siteId: string;
  channel: Channel;
  day: string;
  measures: Float64Array;
  /** Catalogue key (code@version) → indicator code → [n, sum, sumSq]; encoded only when written. */
  ind: Map<string, Map<string, Float64Array>>;
}

function newCell(siteId: string, channel: Channel, day: string): Cell {
  return { siteId, channel, day, measures: new Float64Array(MEASURE_COUNTERS.length), ind: new Map() };
}

function addInto(target: Cell, from: Cell): void {
  for (let i = 0; i < target.measures.length; i++) target.measures[i]! += from.measures[i]!;
  for (const [cat, byIndicator] of from.ind) {
    let into = target.ind.get(cat);
    if (!into) target.ind.set(cat, (into = new Map()));
    for (const [key, m] of byIndicator) {
      const t = into.get(key);
      if (t) for (let i = 0; i < 3; i++) t[i]! += m[i]!;
      else into.set(key, Float64Array.from(m));
    }
  }
}

function documentOf(cell: Cell, key: string, grain: Grain, enterpriseId: string): Doc {
  const doc: Record<string, unknown> = { _id: key, enterpriseId, kind: 'msr', siteId: cell.siteId, channel: cell.channel, day: cell.day, grain };
  MEASURE_COUNTERS.forEach((c, i) => (doc[c] = cell.measures[i]));
  if (cell.ind.size > 0) {
    const ind: CellIndicators = {};
    for (const [catalogue, byIndicator] of cell.ind) {
      const byKey: CellIndicators[string] = (ind[fieldKey(catalogue)] = {});
      for (const [indicator, m] of byIndicator) byKey[fieldKey(indicator)] = { n: m[0]!, sum: m[1]!, sumSq: m[2]! };
    }
    doc.ind = ind;
  }
  return doc as Doc;
}

export class CellAccumulator {
  private readonly cells = new Map<string, Cell>();
  private readonly days = new Map<number, string>();

  constructor(private readonly tzOffsetMinutes: number) {}

  /** dayOf with a cache per calendar day (same result: both take the UTC date of the shifted instant). */
  private dayOf(at: string): string {
    const ms = Date.parse(at);
    if (Number.isNaN(ms)) return dayOf(at, this.tzOffsetMinutes); // throws its ValidationError
    const n = Math.floor((ms + this.tzOffsetMinutes * 60_000) / DAY_MS);
    let day = this.days.get(n);
    if (day === undefined) this.days.set(n, (day = dayOf(at, this.tzOffsetMinutes)));
    return day;
  }

  add(response: RollupSource): void {
    if (!response.siteId) throw new ValidationError('a response needs a site', 'siteId');
    const day = this.dayOf(response.respondedAt);
    const where = `${response.siteId}\u0000${response.channel}\u0000${day}`;
    let cell = this.cells.get(where);
    if (!cell) this.cells.set(where, (cell = newCell(response.siteId, response.channel, day)));
    const measures = measureInc(response.contribution, response.channel);
    for (let i = 0; i < MEASURE_COUNTERS.length; i++) cell.measures[i]! += measures[MEASURE_COUNTERS[i]!];
    const catalogue = catalogueKey(response.catalogue);
    let byIndicator = cell.ind.get(catalogue);
    if (!byIndicator) cell.ind.set(catalogue, (byIndicator = new Map()));
    // Stored as pairs; a code appears once, as in the object it was made from. Moments as momentInc makes them.
    for (const [indicator, value] of response.contribution.indicators) {
      const x = toFixedPoint(value);
      const m = byIndicator.get(indicator);
      if (m) {
        m[0]! += 1;
        m[1]! += x;
        m[2]! += x * x;
      } else byIndicator.set(indicator, Float64Array.of(1, x, x * x));
    }
    if (byIndicator.size === 0) cell.ind.delete(catalogue);
  }

  /** Day cells and their month and quarter cells as stored documents, by _id. */
  documents(enterpriseId: string): Map<string, Doc> {
    const docs = new Map<string, Doc>();
    const totals = new Map<string, { cell: Cell; grain: 'month' | 'quarter' }>();
    const addTo = (key: string, period: string, grain: 'month' | 'quarter', cell: Cell) => {
      let total = totals.get(key);
      if (!total) totals.set(key, (total = { cell: newCell(cell.siteId, cell.channel, period), grain }));
      addInto(total.cell, cell);
    };
    for (const cell of this.cells.values()) {
      const { siteId, channel, day } = cell;
      const key = measureRollupKey({ siteId, channel, day });
      docs.set(key, documentOf(cell, key, 'day', enterpriseId));
      addTo(`m:${measureRollupKey({ siteId, channel, day: day.slice(0, 7) })}`, day.slice(0, 7), 'month', cell);
      addTo(`q:${measureRollupKey({ siteId, channel, day: quarterOf(day) })}`, quarterOf(day), 'quarter', cell);
    }
    for (const [key, { cell, grain }] of totals) docs.set(key, documentOf(cell, key, grain, enterpriseId));
    return docs;
  }
}
