/**
 * A period's rollups summed per series (site × channel × indicator, and
 * site × channel for the measures) before scoring. computeCpsq never reads
 * the day, and the counters are integers, so the sums are exact and the
 * scores identical, from a tenth of the rows: a year of 50 sites is ~1,500
 * series instead of ~16,000 month rows. Summed straight from the stored cells,
 * without building the per-month rows first.
 */
import { MEASURE_COUNTERS, type IndicatorRollup, type MeasureRollup, type RollupDoc } from '../scoring/rollup';
import type { Channel } from '../templates/types';
import { codeOfFieldKey, fieldKey, rowsOfStored, type CellIndicators } from './cells';

type Moments = { n: number; sum: number; sumSq: number };

/** One site × channel over the period: its measure counters and each indicator's moments (by stored key). */
interface Series {
  siteId: string;
  channel: Channel;
  /** Summed measure counters (MEASURE_COUNTERS order); null while no cell with responses was added. */
  measures: Float64Array | null;
  indicators: Map<string, Moments>;
}

function addMoments(series: Series, key: string, m: Moments): void {
  const total = series.indicators.get(key);
  if (total) {
    total.n += m.n;
    total.sum += m.sum;
    total.sumSq += m.sumSq;
  } else series.indicators.set(key, { n: m.n, sum: m.sum, sumSq: m.sumSq });
}

/** A measure cell's numbers in arrays, read from the document once. */
interface CellNumbers {
  /** responses === 0: the cell adds no measure row (responses that stopped counting). */
  empty: boolean;
  counters: Float64Array;
  /** Encoded catalogue key → encoded indicator keys and their moments, in stored order (index loops: the query's hottest). */
  ind: Map<string, { keys: string[]; moments: Moments[] }>;
}

/**
 * Cells from findDecoded are frozen and handed out again while unchanged, so
 * their numbers are read into arrays once and kept beside them (dropped with
 * them); a cell that is not frozen is read each time.
 */
const numbersOfFrozen = new WeakMap<object, CellNumbers>();

function numbersOf(doc: Readonly<Record<string, unknown>>): CellNumbers {
  const known = numbersOfFrozen.get(doc);
  if (known) return known;
  const counters = new Float64Array(MEASURE_COUNTERS.length);
  MEASURE_COUNTERS.forEach((c, i) => (counters[i] = (doc[c] as number | undefined) ?? 0));
  const ind: CellNumbers['ind'] = new Map();
  const stored = doc.ind as CellIndicators | undefined;
  for (const cat in stored) {
    const byKey = stored[cat]!;
    const keys = Object.keys(byKey);
    ind.set(cat, { keys, moments: keys.map((key) => byKey[key]!) });
  }
  const numbers = { empty: (doc.responses as number) === 0, counters, ind };
  if (Object.isFrozen(doc)) numbersOfFrozen.set(doc, numbers);
  return numbers;
}

function addMeasures(series: Series, counters: Float64Array): void {
  if (!series.measures) series.measures = new Float64Array(MEASURE_COUNTERS.length);
  for (let i = 0; i < counters.length; i++) series.measures[i]! += counters[i]!;
}

function measureRow(series: Series, period: string): MeasureRollup {
  const row = { kind: 'msr', siteId: series.siteId, channel: series.channel, day: period } as MeasureRollup;
  MEASURE_COUNTERS.forEach((c, i) => (row[c] = series.measures![i]!));
  return row;
}

/**
 * `period` labels the sums' `day` (e.g. "2025-01-01/2025-12-31"). Indicator
 * rows of another catalogue are passed through one by one: computeCpsq counts
 * them as ignored rows, and that count keeps its meaning.
 */
export function seriesOfStored(docs: ReadonlyArray<Readonly<Record<string, unknown>>>, catalogue: string, period: string): RollupDoc[] {
  const ours = fieldKey(catalogue);
  // Site → channel → series: the site ids of kept cells are the same strings every time, so no key is built per cell.
  const all = new Map<string, Map<Channel, Series>>();
  const inOrder: Series[] = [];
  const passed: RollupDoc[] = [];
  for (const doc of docs) {
    const siteId = doc.siteId as string;
    const channel = doc.channel as Channel;
    let ofSite = all.get(siteId);
    if (!ofSite) all.set(siteId, (ofSite = new Map()));
    let series = ofSite.get(channel);
    if (!series) {
      ofSite.set(channel, (series = { siteId, channel, measures: null, indicators: new Map() }));
      inOrder.push(series);
    }
    if (doc.kind === 'ind') {
      // The earlier layout, one document per indicator.
      for (const row of rowsOfStored(doc) as IndicatorRollup[]) {
        if (row.catalogue === catalogue) addMoments(series, fieldKey(row.indicator), row);
        else passed.push(row);
      }
      continue;
    }
    const numbers = numbersOf(doc);
    if (!numbers.empty) addMeasures(series, numbers.counters);
    for (const [cat, { keys, moments }] of numbers.ind) {
      if (cat !== ours) passed.push(...rowsOfStored({ ...doc, responses: 0, ind: { [cat]: (doc.ind as CellIndicators)[cat] } }));
      else for (let i = 0; i < keys.length; i++) addMoments(series, keys[i]!, moments[i]!);
    }
  }
  const rows: RollupDoc[] = [];
  for (const series of inOrder) {
    if (series.measures) rows.push(measureRow(series, period));
    for (const [key, m] of series.indicators) {
      // A series whose counts sum to 0 (responses that stopped counting) adds nothing.
      if (m.n !== 0) rows.push({ kind: 'ind', siteId: series.siteId, catalogue, indicator: codeOfFieldKey(key), channel: series.channel, day: period, ...m });
    }
  }
  return [...rows, ...passed];
}
