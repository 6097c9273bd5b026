/**
 * Rollups are kept at three grains, day, month and quarter, like Uptime Kuma's
 * minute/hour/day tables: a year reads 4 to 6 cells per site and channel
 * instead of 365 daily ones (cells.ts). A period splits into whole quarters,
 * the whole months around them and the loose days at either end (`planBuckets`).
 */
import { addDays, addMonths, lastDayOfMonth } from '../calendar';
export type Grain = 'day' | 'month' | 'quarter';

/** 'YYYY-Qn' of a day or month; sorts like the quarters it names. */
export function quarterOf(dayOrMonth: string): string {
  return `${dayOrMonth.slice(0, 4)}-Q${Math.floor((Number(dayOrMonth.slice(5, 7)) - 1) / 3) + 1}`;
}

const startsQuarter = (month: string) => (Number(month.slice(5, 7)) - 1) % 3 === 0;

/** Whole months first..last (YYYY-MM) as the months before the first whole quarter, the whole quarters, the months after. */
function planMonths(first: string, last: string): BucketRange[] {
  let qFirst = first;
  while (!startsQuarter(qFirst)) qFirst = addMonths(qFirst, 1);
  let qLast = last;
  while (!startsQuarter(addMonths(qLast, 1))) qLast = addMonths(qLast, -1);
  if (qFirst > qLast) return [{ grain: 'month', from: first, to: last }];
  const ranges: BucketRange[] = [];
  if (first < qFirst) ranges.push({ grain: 'month', from: first, to: addMonths(qFirst, -1) });
  ranges.push({ grain: 'quarter', from: quarterOf(qFirst), to: quarterOf(qLast) });
  if (qLast < last) ranges.push({ grain: 'month', from: addMonths(qLast, 1), to: last });
  return ranges;
}

export interface BucketRange {
  grain: Grain;
  from: string;
  to: string;
}

/**
 * Days `from`..`to` (inclusive, YYYY-MM-DD) as consecutive ranges: loose days
 * before the first whole month, the whole months (with `quarters`, whole
 * quarters and the months around them), loose days after the last.
 */
export function planBuckets(from: string, to: string, options: { quarters?: boolean } = {}): BucketRange[] {
  if (from > to) return [];
  const firstWhole = from.endsWith('-01') ? from.slice(0, 7) : addDays(lastDayOfMonth(from.slice(0, 7)), 1).slice(0, 7);
  const lastWhole = lastDayOfMonth(to.slice(0, 7)) === to ? to.slice(0, 7) : addDays(`${to.slice(0, 7)}-01`, -1).slice(0, 7);
  if (firstWhole > lastWhole) return [{ grain: 'day', from, to }];
  const ranges: BucketRange[] = [];
  if (`${firstWhole}-01` > from) ranges.push({ grain: 'day', from, to: addDays(`${firstWhole}-01`, -1) });
  ranges.push(...(options.quarters ? planMonths(firstWhole, lastWhole) : [{ grain: 'month' as const, from: firstWhole, to: lastWhole }]));
  const afterLast = addDays(lastDayOfMonth(lastWhole), 1);
  if (afterLast <= to) ranges.push({ grain: 'day', from: afterLast, to });
  return ranges;
}
