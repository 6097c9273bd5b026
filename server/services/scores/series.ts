/**
 * A period's rollups summed per series (site × channel × indicator, and
 * site × channel for the measures) before scoring. computeCpsq never reads
 * the day, and the counters are integers, so the sums are exact and the
 * scores identical, from a tenth of the rows: a year of 50 sites is ~1,500
 * series instead of ~16,000 month rows. Summed straight from the stored cells,
 * without building the per-month rows first.
 */
import { INDICATOR_COUNTERS, MEASURE_COUNTERS, type IndicatorRollup, type MeasureRollup, type RollupDoc } from '../scoring/rollup';
import type { Channel } from '../templates/types';
import { codeOfFieldKey, fieldKey, rowsOfStored, type CellIndicators } from './cells';

type Counters = Record<string, number>;

function add(total: Counters, from: Counters, names: readonly string[]): void {
  for (const c of names) total[c] += from[c] ?? 0;
}

/**
 * `period` labels the sums' `day` (e.g. "2025-01-01/2025-12-31"). Indicator
 * rows of another catalogue are passed through one by one: computeCpsq counts
 * them as ignored rows, and that count keeps its meaning.
 */
export function seriesOfStored(docs: ReadonlyArray<Record<string, unknown>>, catalogue: string, period: string): RollupDoc[] {
  const ours = fieldKey(catalogue);
  const measures = new Map<string, MeasureRollup>();
  const indicators = new Map<string, IndicatorRollup>();
  const passed: RollupDoc[] = [];
  const addIndicator = (siteId: string, channel: Channel, indicator: string, m: Counters) => {
    const key = `${siteId}|${channel}|${indicator}`;
    const total = indicators.get(key);
    if (total) add(total as unknown as Counters, m, INDICATOR_COUNTERS);
    else if (m.n !== 0) indicators.set(key, { kind: 'ind', siteId, catalogue, indicator, channel, day: period, n: m.n, sum: m.sum, sumSq: m.sumSq });
  };
  for (const doc of docs) {
    const siteId = doc.siteId as string;
    const channel = doc.channel as Channel;
    if (doc.kind === 'ind') {
      // The earlier layout, one document per indicator.
      for (const row of rowsOfStored(doc) as IndicatorRollup[]) {
        if (row.catalogue === catalogue) addIndicator(siteId, channel, row.indicator, row as unknown as Counters);
        else passed.push(row);
      }
      continue;
    }
    if ((doc.responses as number) !== 0) {
      const key = `${siteId}|${channel}`;
      const total = measures.get(key);
      if (total) add(total as unknown as Counters, doc as Counters, MEASURE_COUNTERS);
      else {
        const row = { kind: 'msr', siteId, channel, day: period } as MeasureRollup;
        for (const c of MEASURE_COUNTERS) row[c] = (doc[c] as number | undefined) ?? 0;
        measures.set(key, row);
      }
    }
    const ind = doc.ind as CellIndicators | undefined;
    for (const cat in ind) {
      if (cat !== ours) {
        passed.push(...rowsOfStored({ ...doc, responses: 0, ind: { [cat]: ind[cat] } }));
        continue;
      }
      for (const key in ind[cat]) addIndicator(siteId, channel, codeOfFieldKey(key), ind[cat]![key]! as unknown as Counters);
    }
  }
  return [...measures.values(), ...indicators.values(), ...passed];
}
