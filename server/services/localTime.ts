/**
 * How every page, mail and export shows an instant: "2025-03-01 14:05" at the
 * enterprise's fixed UTC offset (minutes; China +480, no daylight saving).
 * Stored times stay UTC; one formatter keeps pages from disagreeing by hours.
 */
import { getEnterprise } from './accounts/enterprises';
import type { TenantContext } from './context';

const MINUTE = 60_000;

/** Local "YYYY-MM-DDTHH:MM" (a datetime-local field's value) for a moment. */
export function toLocalInput(at: Date | string, tzOffsetMinutes: number): string {
  return new Date(new Date(at).getTime() + tzOffsetMinutes * MINUTE).toISOString().slice(0, 16);
}

/** "2024-05-06 14:30" in local time; '' for no time. */
export function localStamp(at: Date | string | undefined, tzOffsetMinutes: number): string {
  return at ? toLocalInput(at, tzOffsetMinutes).replace('T', ' ') : '';
}

export async function tzOffsetOf(ctx: TenantContext): Promise<number> {
  return (await getEnterprise(ctx.root, ctx.actor.enterpriseId)).tzOffsetMinutes;
}
