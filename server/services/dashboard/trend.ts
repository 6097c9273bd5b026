/**
 * CPSQ by calendar month, at least the twelve months ending with the scope's
 * last month and reaching back to its first: one read of the monthly rollups
 * (Uptime Kuma's coarse buckets), grouped by month, each month scored with
 * the project's settings.
 */
import type { TenantContext } from '../context';
import { CHANNELS } from '../templates/types';
import type { DashboardScope } from './filters';
import { groupedScores } from './grouped';

export interface TrendPoint {
  month: string;
  score: number | null;
  ci: [number, number] | null;
  lowSample: boolean;
  responses: number;
}

export function monthsEndingWith(lastMonth: string, count: number): string[] {
  const [y, m] = lastMonth.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => new Date(Date.UTC(y, m - 1 - (count - 1 - i), 1)).toISOString().slice(0, 7));
}

/** Months from one YYYY-MM to another, both included. */
export function monthsBetween(first: string, last: string): string[] {
  const [fy, fm] = first.split('-').map(Number);
  const [ly, lm] = last.split('-').map(Number);
  return monthsEndingWith(last, Math.max(1, (ly - fy) * 12 + (lm - fm) + 1));
}

export async function monthlyTrend(ctx: TenantContext, scope: DashboardScope, count = 12): Promise<TrendPoint[]> {
  const last = scope.to.slice(0, 7);
  const context = monthsEndingWith(last, count);
  // A 12-month period starting mid-month (e.g. 2025-12-04 to 2026-12-03) touches 13 calendar months: its first month belongs on the chart too.
  const months = scope.from.slice(0, 7) < context[0] ? monthsBetween(scope.from.slice(0, 7), last) : context;
  const [y, m] = months[months.length - 1].split('-').map(Number);
  const lastDay = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  const byMonth = await groupedScores(
    ctx,
    { from: `${months[0]}-01`, to: lastDay, siteId: scope.site?._id, channel: scope.channel ?? undefined },
    (row) => row.day.slice(0, 7),
    months,
  );
  return months.map((month) => {
    const result = byMonth.get(month)!;
    const responses = CHANNELS.reduce((n, c) => n + result.channels[c].responses, 0);
    return { month, score: result.cpsq.score, ci: result.cpsq.ci, lowSample: result.cpsq.lowSample, responses };
  });
}
