/** The period a call page or report covers: the one asked for, else the last 90 days (enterprise-local dates). */
import { ValidationError } from '../../errors';
import { tzOffsetOf } from '../../services/calls/clock';
import type { TenantContext } from '../../services/context';
import { lastTwelveMonths, namedPeriod } from '../../services/periods';
import { addDays, dayOf } from '../../services/calendar';

export const DEFAULT_DAYS = 90;

export async function defaultPeriod(ctx: TenantContext, q: { from?: string; to?: string }): Promise<{ from: string; to: string; today: string }> {
  const today = dayOf(new Date(), await tzOffsetOf(ctx));
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  if (from > to) throw new ValidationError('from: must not be after to', 'from');
  return { from, to, today };
}

/** Quick choices on the supervisor page: this month, last month, the last 12 months. */
export function periodShortcuts(today: string): Array<{ key: string; from: string; to: string }> {
  // Month to date; the other named periods as periods.ts defines them for every page.
  const lastMonth = namedPeriod('lastMonth', today);
  return [
    { key: 'thisMonth', from: namedPeriod('month', today).from, to: today },
    { key: 'lastMonth', ...lastMonth },
    { key: 'last90', from: addDays(today, -(DEFAULT_DAYS - 1)), to: today },
    { key: 'last12Months', ...lastTwelveMonths(today) },
  ];
}
