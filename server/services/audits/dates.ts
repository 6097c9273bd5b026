/** Calendar days (YYYY-MM-DD) as the certification process counts them, in the enterprise's time zone. */
import { ValidationError } from '../../errors';
import { getEnterprise } from '../accounts/enterprises';
import type { TenantContext } from '../context';
import { addDays, addYears, localToday } from '../periods';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(value: unknown): value is string {
  if (typeof value !== 'string' || !DAY.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  // Rejects 2025-02-30, which Date would roll over into March.
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function checkDay(value: unknown, field: string): string {
  if (!isDay(value)) throw new ValidationError(`${field}: must be a date YYYY-MM-DD`, field);
  return value;
}

export { addDays, addYears } from '../periods';

/**
 * The default evidence period before 2026-12: the 12 months ending the day before the audit
 * (periods.ts now ends it on the audit date). It recognises audits stored then as following
 * their date, so their period still moves with a moved date.
 */
export function legacyEvidencePeriod(auditDate: string): { from: string; to: string } {
  return { from: addYears(auditDate, -1), to: addDays(auditDate, -1) };
}

export async function todayOf(ctx: TenantContext): Promise<string> {
  const { tzOffsetMinutes } = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  return localToday(tzOffsetMinutes);
}
