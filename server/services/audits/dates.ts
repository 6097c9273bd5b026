/** Calendar days (YYYY-MM-DD) as the certification process counts them, in the enterprise's time zone. */
import { getEnterprise } from '../accounts/enterprises';
import type { TenantContext } from '../context';
import { addDays, addYears, localToday } from '../calendar';

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
