/**
 * Rollups are kept at two grains, day and month, like Uptime Kuma's
 * minute/hour/day tables: a year query reads 12 monthly cells per site and
 * channel instead of 365 daily ones (cells.ts). A period splits into whole
 * months plus the loose days at either end (`planBuckets`).
 */
export type Grain = 'day' | 'month';

export interface BucketRange {
  grain: Grain;
  from: string;
  to: string;
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * Days `from`..`to` (inclusive, YYYY-MM-DD) as at most three ranges: loose days
 * before the first whole month, the whole months, loose days after the last.
 */
export function planBuckets(from: string, to: string): BucketRange[] {
  if (from > to) return [];
  const firstWhole = from.endsWith('-01') ? from.slice(0, 7) : addDays(lastDayOfMonth(from.slice(0, 7)), 1).slice(0, 7);
  const lastWhole = lastDayOfMonth(to.slice(0, 7)) === to ? to.slice(0, 7) : addDays(`${to.slice(0, 7)}-01`, -1).slice(0, 7);
  if (firstWhole > lastWhole) return [{ grain: 'day', from, to }];
  const ranges: BucketRange[] = [];
  if (`${firstWhole}-01` > from) ranges.push({ grain: 'day', from, to: addDays(`${firstWhole}-01`, -1) });
  ranges.push({ grain: 'month', from: firstWhole, to: lastWhole });
  const afterLast = addDays(lastDayOfMonth(lastWhole), 1);
  if (afterLast <= to) ranges.push({ grain: 'day', from: afterLast, to });
  return ranges;
}
