/**
 * The year of data the benchmark generates: the 12 whole calendar months
 * (at the enterprise's UTC offset) before the current one, so responses are
 * never in the future and month and quarter queries hit whole periods.
 */
import { dayOf } from '../../../server/services/calendar';

export interface DataWindow {
  /** 'YYYY-MM' of each month, oldest first. */
  months: string[];
  firstDay: string;
  lastDay: string;
  /** The window as instants (ms since epoch), end exclusive. */
  startMs: number;
  endMs: number;
}

const monthStart = (y: number, m: number) => new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);

export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y!, m!, 0)).toISOString().slice(0, 10);
}

export function dataWindow(tzOffsetMinutes: number, now = new Date()): DataWindow {
  const [y, m] = dayOf(now, tzOffsetMinutes).split('-').map(Number);
  const months = Array.from({ length: 12 }, (_, i) => monthStart(y!, m! - 13 + i));
  const localMidnight = (day: string) => Date.parse(`${day}T00:00:00Z`) - tzOffsetMinutes * 60_000;
  return {
    months,
    firstDay: `${months[0]}-01`,
    lastDay: lastDayOf(months[11]!),
    startMs: localMidnight(`${months[0]}-01`),
    endMs: localMidnight(`${monthStart(y!, m! - 1)}-01`),
  };
}

/** The last calendar quarter lying wholly inside the window. */
export function lastWholeQuarter(window: DataWindow): { from: string; to: string } {
  for (let i = window.months.length - 3; i >= 0; i--) {
    const month = Number(window.months[i]!.slice(5, 7));
    if (month % 3 === 1) return { from: `${window.months[i]}-01`, to: lastDayOf(window.months[i + 2]!) };
  }
  throw new Error('the window holds no whole quarter');
}
