/** The period a call page or report covers: the one asked for, else the last 90 days (enterprise-local dates). */
import { ValidationError } from '../../errors';
import { addDays, localDate, tzOffsetOf } from '../../services/calls/clock';
import type { TenantContext } from '../../services/context';

export const DEFAULT_DAYS = 90;

export async function defaultPeriod(ctx: TenantContext, q: { from?: string; to?: string }): Promise<{ from: string; to: string; today: string }> {
  const today = localDate(new Date(), await tzOffsetOf(ctx));
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  if (from > to) throw new ValidationError('from: must not be after to', 'from');
  return { from, to, today };
}

/** Quick choices on the supervisor page: this month, last month, the last 12 months. */
export function periodShortcuts(today: string): Array<{ key: string; from: string; to: string }> {
  const month = today.slice(0, 8) + '01';
  const lastMonthEnd = addDays(month, -1);
  return [
    { key: 'thisMonth', from: month, to: today },
    { key: 'lastMonth', from: lastMonthEnd.slice(0, 8) + '01', to: lastMonthEnd },
    { key: 'last90', from: addDays(today, -(DEFAULT_DAYS - 1)), to: today },
    { key: 'last12Months', from: addDays(today, -364), to: today },
  ];
}
