/**
 * Retry schedule: someone who does not answer in the morning may answer in the
 * evening, so each new attempt goes to a part of the day other than the last
 * one, preferring the parts not tried yet. Pure functions of local time.
 */
import type { Daypart } from './types';
import { addDays, atLocal, dayOf, localMinutes } from '../calendar';

/** Local calling windows (minutes after midnight). */
export const DAYPARTS: Record<Daypart, { start: number; end: number }> = {
  morning: { start: 9 * 60, end: 12 * 60 },
  afternoon: { start: 13 * 60 + 30, end: 17 * 60 + 30 },
  evening: { start: 18 * 60 + 30, end: 20 * 60 + 30 },
};
const ORDER: Daypart[] = ['morning', 'afternoon', 'evening'];

/** The part of the day a call at this moment belongs to (a call at 12:40 still counts as morning). */
export function daypartOf(at: Date | string, tz: number): Daypart {
  const m = localMinutes(at, tz);
  if (m < 13 * 60) return 'morning';
  if (m < 18 * 60) return 'afternoon';
  return 'evening';
}

/** The next start of a daypart strictly after `now`. */
function nextStart(part: Daypart, now: Date, tz: number): Date {
  const today = dayOf(now, tz);
  const start = atLocal(today, DAYPARTS[part].start, tz);
  return start > now ? start : atLocal(addDays(today, 1), DAYPARTS[part].start, tz);
}

/**
 * When the next attempt is due after attempts in `history` (their dayparts, in
 * order): the start of the least-tried daypart other than the last one, the
 * sooner one on a tie.
 */
export function nextAttempt(history: readonly Daypart[], now: Date, tz: number): { at: Date; daypart: Daypart } {
  const last = history[history.length - 1];
  const tries = (d: Daypart) => history.filter((h) => h === d).length;
  const options = ORDER.filter((d) => d !== last).map((d) => ({ daypart: d, at: nextStart(d, now, tz) }));
  options.sort((a, b) => tries(a.daypart) - tries(b.daypart) || a.at.getTime() - b.at.getTime());
  return options[0]!;
}
