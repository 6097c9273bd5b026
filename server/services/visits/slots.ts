/**
 * Plans on the calendar: local dates as 'YYYY-MM-DD' (calendar.ts), the six time
 * slots, and how a plan's window is cut into one share per visit with the
 * slots spread evenly over them. Pure functions, no store.
 */
import { ValidationError } from '../../errors';
import type { Slot } from './types';
import { addDays, atLocal, checkDay, daysBetween, isWeekend } from '../calendar';

/** Hours of each part of the day, local time, [start, end). */
export const SLOT_HOURS = { morning: [8, 12], afternoon: [12, 17], evening: [17, 21] } as const;
type Part = keyof typeof SLOT_HOURS;

export function slotDayType(slot: Slot): 'weekday' | 'weekend' {
  return slot.startsWith('weekend') ? 'weekend' : 'weekday';
}

/** The slot a local date and HH:MM time fall in, or undefined outside the slot hours. */
export function slotAt(date: string, time: string): Slot | undefined {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const minutes = h * 60 + m;
  const part = (Object.keys(SLOT_HOURS) as Part[]).find((p) => minutes >= SLOT_HOURS[p][0] * 60 && minutes < SLOT_HOURS[p][1] * 60);
  return part ? (`${isWeekend(date) ? 'weekend' : 'weekday'}-${part}` as Slot) : undefined;
}

/** A local date and time at a UTC offset (minutes east) as an ISO instant. */
export function localToIso(date: string, time: string, tzOffsetMinutes: number): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return atLocal(checkDay(date), h * 60 + m, tzOffsetMinutes).toISOString();
}

/** The plan window cut into `n` consecutive shares of whole days (each at least one day). */
export function splitWindow(from: string, to: string, n: number): Array<{ from: string; to: string }> {
  const days = daysBetween(from, to) + 1;
  if (days < 1) throw new ValidationError('to: must not be before from', 'to');
  if (n > days) throw new ValidationError(`visits: at most one visit per day of the window (${days} days)`, 'visits');
  return Array.from({ length: n }, (_, i) => ({
    from: addDays(from, Math.floor((i * days) / n)),
    to: addDays(from, Math.floor(((i + 1) * days) / n) - 1),
  }));
}

function hasDayType(window: { from: string; to: string }, type: 'weekday' | 'weekend'): boolean {
  const days = Math.min(daysBetween(window.from, window.to) + 1, 7);
  for (let i = 0; i < days; i++) if (isWeekend(addDays(window.from, i)) === (type === 'weekend')) return true;
  return false;
}

/**
 * One slot per window, spread evenly: each window takes the least-used slot
 * whose day type occurs in it (ties in the order given), so slots differ in
 * use by at most one wherever the calendar allows.
 */
export function spreadSlots(windows: Array<{ from: string; to: string }>, slots: readonly Slot[]): Slot[] {
  const used = new Map<Slot, number>(slots.map((s) => [s, 0]));
  return windows.map((w, i) => {
    const feasible = slots.filter((s) => hasDayType(w, slotDayType(s)));
    if (!feasible.length)
      throw new ValidationError(`slots: visit ${i + 1} (${w.from}–${w.to}) has no day of the chosen slots' day types; widen the window or add slots`, 'slots');
    const pick = feasible.reduce((best, s) => (used.get(s)! < used.get(best)! ? s : best));
    used.set(pick, used.get(pick)! + 1);
    return pick;
  });
}

/**
 * Days between two date intervals (0 when they overlap or touch): the revisit
 * rule compares where two visits can possibly fall, not where they are planned.
 */
export function gapDays(a: { from: string; to: string }, b: { from: string; to: string }): number {
  return Math.max(0, daysBetween(a.to, b.from), daysBetween(b.to, a.from));
}
