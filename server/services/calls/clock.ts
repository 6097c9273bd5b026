/**
 * Enterprise-local time for calls: service dates and periods are local dates,
 * calling hours are local hours. The enterprise's fixed offset (China: +480
 * minutes, no daylight saving) converts between them and stored UTC times;
 * the arithmetic itself is the calendar module's.
 */
import { toLocalInput } from '../localTime';
import { atLocal, MINUTE_MS } from '../calendar';

export { localStamp, toLocalInput, tzOffsetOf } from '../localTime';

/** The calendar's minute, under the name the call rules use. */
export const MINUTE = MINUTE_MS;

/** A datetime-local field's value back to the moment (toLocalInput's inverse); null if it is not one. */
export function fromLocalInput(value: string, tz: number): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const d = atLocal(m[1]!, Number(m[2]) * 60 + Number(m[3]), tz);
  return Number.isNaN(d.getTime()) || toLocalInput(d, tz) !== value ? null : d;
}
