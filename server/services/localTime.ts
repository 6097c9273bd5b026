/**
 * How every page, mail and export shows an instant: "2025-03-01 14:05" at the
 * enterprise's fixed UTC offset (minutes; China +480, no daylight saving).
 * Stored times stay UTC; one formatter keeps pages from disagreeing by hours.
 */
import { getEnterprise } from './accounts/enterprises';
import { MINUTE_MS } from './calendar';
import type { TenantContext } from './context';

/** Local "YYYY-MM-DDTHH:MM" (a datetime-local field's value) for a moment. */
export function toLocalInput(at: Date | string, tzOffsetMinutes: number): string {
  return new Date(new Date(at).getTime() + tzOffsetMinutes * MINUTE_MS).toISOString().slice(0, 16);
}

/** "2024-05-06 14:30" in local time; '' for no time. */
export function localStamp(at: Date | string | undefined, tzOffsetMinutes: number): string {
  return at ? toLocalInput(at, tzOffsetMinutes).replace('T', ' ') : '';
}

export async function tzOffsetOf(ctx: TenantContext): Promise<number> {
  return (await getEnterprise(ctx.root, ctx.actor.enterpriseId)).tzOffsetMinutes;
}

/**
 * A Date whose UTC fields read the enterprise's local wall time: what a
 * spreadsheet, which knows no time zones, must be given so that Excel shows
 * 14:30 in Beijing for a response stored as 06:30Z.
 */
export function wallClockDate(at: string, tzOffsetMinutes: number): Date {
  return new Date(Date.parse(at) + tzOffsetMinutes * MINUTE_MS);
}

/** "UTC+8" (or "UTC+5.5") for an offset in minutes, to name the zone beside local times. */
export function utcOffsetLabel(tzOffsetMinutes: number): string {
  const sign = tzOffsetMinutes < 0 ? '-' : '+';
  const hours = Math.abs(tzOffsetMinutes) / 60;
  return `UTC${sign}${Number.isInteger(hours) ? hours : hours.toFixed(1)}`;
}
