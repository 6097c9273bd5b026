/**
 * How rollups are stored. The logical rows (RollupDoc: one per site × indicator
 * × channel × day, what computeCpsq reads) are kept as one document per site ×
 * channel × day, a "cell", and its twins per month and per quarter (keys
 * 'm:…', 'q:…'): the measure counters at the top level (so a cell is also its
 * 'msr' row, with the same _id) and each indicator's n, sum and sumSq under
 * `ind.<catalogue>.<indicator>`. A year of a 50-site enterprise is then at most
 * 900 cells instead of 16,800 month rows, and a response costs three upserts
 * instead of eighteen. Documents of the earlier layout (one 'ind' document per
 * indicator, no quarters) still read correctly; see layout.ts for quarters.
 */
import type { Doc, Update } from '../../store/types';
import {
  MEASURE_COUNTERS,
  measureRollupKey,
  type IndicatorRollup,
  type MeasureCounter,
  type MeasureRollup,
  type RollupDoc,
  type RollupIncrement,
} from '../scoring/rollup';
import type { Channel } from '../templates/types';
import { quarterOf, type Grain } from './buckets';

export type Moments3 = { n: number; sum: number; sumSq: number };
/** Encoded catalogue key → encoded indicator code → moments. */
export type CellIndicators = Record<string, Record<string, Moments3>>;

export type CellFields = { kind: 'msr'; siteId: string; channel: Channel; day: string; grain: Grain };

/** What some increments add to one stored cell. */
export interface CellIncrement {
  key: string;
  fields: CellFields;
  measures: Record<MeasureCounter, number>;
  ind: CellIndicators;
}

const encoded = new Map<string, string>();
const decoded = new Map<string, string>();

/**
 * A code as one field-path segment ([A-Za-z0-9_]): every other byte, and '_'
 * itself, becomes _xx (hex), so the encoding is injective and reversible.
 */
export function fieldKey(code: string): string {
  let key = encoded.get(code);
  if (key === undefined) {
    key = [...Buffer.from(code, 'utf8')]
      .map((b) => (/[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `_${b.toString(16).padStart(2, '0')}`))
      .join('');
    // Never a segment a store refuses as a prototype key.
    if (key === 'constructor' || key === 'prototype') key = `_${key.charCodeAt(0).toString(16)}${key.slice(1)}`;
    encoded.set(code, key);
  }
  return key;
}

export function codeOfFieldKey(key: string): string {
  let code = decoded.get(key);
  if (code === undefined) {
    const bytes: number[] = [];
    for (let i = 0; i < key.length; i++) {
      if (key[i] === '_') {
        bytes.push(parseInt(key.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(key.charCodeAt(i));
    }
    code = Buffer.from(bytes).toString('utf8');
    decoded.set(key, code);
  }
  return code;
}

function zeroMeasures(): Record<MeasureCounter, number> {
  const out = {} as Record<MeasureCounter, number>;
  for (const c of MEASURE_COUNTERS) out[c] = 0;
  return out;
}

/** Adds moments into `ind[cat][indicator]`, creating the entries on the way. */
function addMoments(ind: CellIndicators, cat: string, indicator: string, m: Moments3): void {
  const byIndicator = (ind[cat] ??= {});
  const cur = byIndicator[indicator];
  if (cur) {
    cur.n += m.n;
    cur.sum += m.sum;
    cur.sumSq += m.sumSq;
  } else byIndicator[indicator] = { n: m.n, sum: m.sum, sumSq: m.sumSq };
}

/** The day cells and month cells that `increments` (of any responses, any signs) change. */
export function cellIncrements(increments: readonly RollupIncrement[]): CellIncrement[] {
  // The increments of one response share their cells: keys are built once per (site, channel, day).
  const groups = new Map<string, CellIncrement[]>();
  for (const inc of increments) {
    const { siteId, channel, day } = inc.fields;
    const where = `${siteId}\u0000${channel}\u0000${day}`;
    let group = groups.get(where);
    if (!group) {
      const cell = (prefix: string, period: string, grain: Grain): CellIncrement => ({
        key: `${prefix}${measureRollupKey({ siteId, channel, day: period })}`,
        fields: { kind: 'msr', siteId, channel, day: period, grain },
        measures: zeroMeasures(),
        ind: {},
      });
      groups.set(where, (group = [cell('', day, 'day'), cell('m:', day.slice(0, 7), 'month'), cell('q:', quarterOf(day), 'quarter')]));
    }
    for (const cell of group) {
      if (inc.fields.kind === 'msr') for (const c of MEASURE_COUNTERS) cell.measures[c] += inc.inc[c] ?? 0;
      else addMoments(cell.ind, fieldKey(inc.fields.catalogue), fieldKey(inc.fields.indicator), inc.inc as Moments3);
    }
  }
  // Two days of one month (or quarter) share its cell: merge those.
  const cells = new Map<string, CellIncrement>();
  for (const cell of [...groups.values()].flat()) {
    const same = cells.get(cell.key);
    if (!same) cells.set(cell.key, cell);
    else {
      for (const c of MEASURE_COUNTERS) same.measures[c] += cell.measures[c];
      for (const cat in cell.ind) for (const indicator in cell.ind[cat]) addMoments(same.ind, cat, indicator, cell.ind[cat]![indicator]!);
    }
  }
  return [...cells.values()];
}

/** The three field paths of an indicator's moments, built once: the same strings every time, so every lookup keyed by them hits. */
const momentPaths = new Map<string, readonly [string, string, string]>();
function momentPathsOf(cat: string, indicator: string): readonly [string, string, string] {
  const key = `${cat}.${indicator}`;
  let paths = momentPaths.get(key);
  if (!paths) momentPaths.set(key, (paths = [`ind.${key}.n`, `ind.${key}.sum`, `ind.${key}.sumSq`]));
  return paths;
}

/** The atomic upsert of one cell: every measure counter (zeros too, so the shape is complete) and its indicators. */
export function cellUpdate(cell: CellIncrement): Update {
  const $inc: Record<string, number> = { ...cell.measures };
  for (const cat in cell.ind) {
    const byIndicator = cell.ind[cat]!;
    for (const indicator in byIndicator) {
      const m = byIndicator[indicator]!;
      const [n, sum, sumSq] = momentPathsOf(cat, indicator);
      $inc[n] = m.n;
      $inc[sum] = m.sum;
      $inc[sumSq] = m.sumSq;
    }
  }
  return { $setOnInsert: { ...cell.fields }, $inc };
}

/** Adds a cell increment to an in-memory document exactly as cellUpdate's upsert would. */
export function addCell(docs: Map<string, Doc>, enterpriseId: string, cell: CellIncrement): void {
  let doc = docs.get(cell.key) as (Doc & Record<string, unknown>) | undefined;
  if (!doc) {
    doc = { _id: cell.key, enterpriseId, ...cell.fields, ...zeroMeasures() };
    docs.set(cell.key, doc);
  }
  const counters = doc as unknown as Record<MeasureCounter, number>;
  for (const c of MEASURE_COUNTERS) counters[c] += cell.measures[c];
  for (const cat in cell.ind) {
    const byIndicator = cell.ind[cat]!;
    for (const indicator in byIndicator) addMoments((doc.ind ??= {}) as CellIndicators, cat, indicator, byIndicator[indicator]!);
  }
}

/** Adds increments to in-memory documents exactly as applying them with cellUpdate's upserts would. */
export function addIncrements(docs: Map<string, Doc>, enterpriseId: string, increments: readonly RollupIncrement[]): void {
  for (const cell of cellIncrements(increments)) addCell(docs, enterpriseId, cell);
}

/**
 * The logical rows of one stored rollup document. Entries whose counts are 0
 * (left when a response stops counting) add nothing and are left out.
 */
export function rowsOfStored(doc: Record<string, unknown>): RollupDoc[] {
  const siteId = doc.siteId as string;
  const channel = doc.channel as Channel;
  const day = doc.day as string;
  if (doc.kind === 'ind') {
    // The earlier layout: one document per indicator.
    const { catalogue, indicator, n, sum, sumSq } = doc as unknown as IndicatorRollup;
    return n === 0 ? [] : [{ kind: 'ind', siteId, catalogue, indicator, channel, day, n, sum, sumSq }];
  }
  const rows: RollupDoc[] = [];
  if ((doc.responses as number) !== 0) {
    const measure = { kind: 'msr', siteId, channel, day } as MeasureRollup;
    for (const c of MEASURE_COUNTERS) measure[c] = (doc[c] as number | undefined) ?? 0;
    rows.push(measure);
  }
  const ind = doc.ind as CellIndicators | undefined;
  for (const cat in ind) {
    const catalogue = codeOfFieldKey(cat);
    for (const key in ind[cat]) {
      const { n, sum, sumSq } = ind[cat]![key]!;
      if (n !== 0) rows.push({ kind: 'ind', siteId, catalogue, indicator: codeOfFieldKey(key), channel, day, n, sum, sumSq });
    }
  }
  return rows;
}
