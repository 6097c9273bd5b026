/**
 * The one home of calendar arithmetic: local days ('YYYY-MM-DD'), months
 * ('YYYY-MM'), day counts, and the enterprise's time zone as a fixed offset in
 * minutes east of UTC (China +480, no daylight saving; the offset is stored per
 * enterprise, so a zone with daylight saving keeps the offset it was given).
 *
 * A day is computed on its UTC midnight, where every day has 24 hours, so day
 * arithmetic never meets a daylight-saving gap. Named periods (this month, last
 * 12 months …) are built from these in periods.ts. A lint rule
 * (lint/day-arithmetic.mjs) keeps the milliseconds of a day and Date#setDate
 * arithmetic inside this file.
 */
import { ValidationError } from '../errors';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** China Standard Time (Asia/Shanghai, UTC+8 all year): the default offset. */
export const CHINA_TZ_OFFSET_MINUTES = 480;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** UTC midnight of a day in milliseconds; NaN for anything that is not a real day (2025-02-30 included, which Date would roll into March). */
function midnightMs(day: unknown): number {
  if (typeof day !== 'string' || !DAY.test(day)) return NaN;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === day ? ms : NaN;
}

const dayAt = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function isDay(value: unknown): value is string {
  return !Number.isNaN(midnightMs(value));
}

/** The value as a day, or a ValidationError naming the field. */
export function checkDay(value: unknown, field = 'date'): string {
  if (!isDay(value)) throw new ValidationError(`${field}: must be a date as YYYY-MM-DD`, field);
  return value;
}

function dayMs(day: string): number {
  return midnightMs(checkDay(day));
}

/** The day n days later (earlier for negative n). */
export function addDays(day: string, n: number): string {
  return dayAt(dayMs(day) + n * DAY_MS);
}

/** Whole days from a to b (b later: positive). */
export function daysBetween(a: string, b: string): number {
  return Math.round((dayMs(b) - dayMs(a)) / DAY_MS);
}

/** How many days from..to holds, both ends included. */
export function daysInRange(from: string, to: string): number {
  return daysBetween(from, to) + 1;
}

/** Same day n years later; 29 February becomes 28 February in a common year. */
export function addYears(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y + n, m, 0)).getUTCDate();
  return `${String(y + n).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The month ('YYYY-MM') n months after a month or a day's month. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7);
}

/** First day of a month ('YYYY-MM', or a day in it). */
export function firstDayOfMonth(month: string): string {
  return `${month.slice(0, 7)}-01`;
}

/** Last day of a month ('YYYY-MM', or a day in it): 28, 29, 30 or 31. */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return dayAt(Date.UTC(y, m, 0));
}

/** 0 for Monday … 6 for Sunday (ISO weeks start on Monday). */
export function isoWeekday(day: string): number {
  return (new Date(dayMs(day)).getUTCDay() + 6) % 7;
}

export function isWeekend(day: string): boolean {
  return isoWeekday(day) >= 5;
}

function checkOffset(tzOffsetMinutes: number): void {
  if (!Number.isInteger(tzOffsetMinutes) || Math.abs(tzOffsetMinutes) > 14 * 60) {
    throw new ValidationError('time-zone offset must be whole minutes within ±14 h', 'tzOffsetMinutes');
  }
}

/** The local day of an instant at a UTC offset in minutes (China: +480). */
export function dayOf(at: string | Date, tzOffsetMinutes = CHINA_TZ_OFFSET_MINUTES): string {
  const ms = (at instanceof Date ? at : new Date(at)).getTime();
  if (Number.isNaN(ms)) throw new ValidationError('response time is not a valid date', 'at');
  checkOffset(tzOffsetMinutes);
  return dayAt(ms + tzOffsetMinutes * MINUTE_MS);
}

/** Minutes since local midnight of an instant. */
export function localMinutes(at: Date | string, tzOffsetMinutes: number): number {
  const d = new Date(new Date(at).getTime() + tzOffsetMinutes * MINUTE_MS);
  return d.getUTCHours() * 60 + d.getUTCMinutes();
}

/** The instant of a local day and minute of that day; an Invalid Date when `day` is not a real day (a form field's parser checks for it). */
export function atLocal(day: string, minutes: number, tzOffsetMinutes: number): Date {
  return new Date(midnightMs(day) + (minutes - tzOffsetMinutes) * MINUTE_MS);
}

/** The instant (ISO) at which a local day begins. */
export function localDayStart(day: string, tzOffsetMinutes: number): string {
  return new Date(dayMs(day) - tzOffsetMinutes * MINUTE_MS).toISOString();
}

/** Today's local day at a UTC offset. */
export function localToday(tzOffsetMinutes: number, now: Date = new Date()): string {
  return dayOf(now, tzOffsetMinutes);
}
