/** Calendar days (YYYY-MM-DD) as the certification process counts them, in the enterprise's time zone. */
import { ValidationError } from '../../errors';
import { getEnterprise } from '../accounts/enterprises';
import type { TenantContext } from '../context';
import { dayOf } from '../scoring/rollup';

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

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Same day n years later; 29 February becomes 28 February in a common year. */
export function addYears(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const last = new Date(Date.UTC(y + n, m, 0)).getUTCDate();
  return `${String(y + n).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The default evidence period of an audit: the 12 months before its date. */
export function evidencePeriodBefore(auditDate: string): { from: string; to: string } {
  return { from: addYears(auditDate, -1), to: addDays(auditDate, -1) };
}

export async function todayOf(ctx: TenantContext): Promise<string> {
  const { tzOffsetMinutes } = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  return dayOf(new Date(), tzOffsetMinutes);
}
