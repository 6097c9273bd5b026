/**
 * Enterprise-local time for calls: service dates and periods are local dates,
 * calling hours are local hours. The enterprise's fixed offset (China: +480
 * minutes, no daylight saving) converts between them and stored UTC times.
 */
import { toLocalInput } from '../localTime';

export { localStamp, toLocalInput, tzOffsetOf } from '../localTime';

export const MINUTE = 60_000;

/** Local date (YYYY-MM-DD) of a moment. */
export function localDate(at: Date | string, tz: number): string {
  return new Date(new Date(at).getTime() + tz * MINUTE).toISOString().slice(0, 10);
}

/** Local minutes since midnight of a moment. */
export function localMinutes(at: Date | string, tz: number): number {
  const d = new Date(new Date(at).getTime() + tz * MINUTE);
  return d.getUTCHours() * 60 + d.getUTCMinutes();
}

/** The UTC moment of a local date and minute of the day. */
export function atLocal(date: string, minutes: number, tz: number): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + (minutes - tz) * MINUTE);
}

/** A datetime-local field's value back to the moment (toLocalInput's inverse); null if it is not one. */
export function fromLocalInput(value: string, tz: number): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const d = atLocal(m[1]!, Number(m[2]) * 60 + Number(m[3]), tz);
  return Number.isNaN(d.getTime()) || toLocalInput(d, tz) !== value ? null : d;
}

export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
