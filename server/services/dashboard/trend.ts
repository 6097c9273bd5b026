/**
 * CPSQ by calendar month, at least the twelve months ending with the scope's
 * last month and reaching back to its first: one read of the monthly rollups
 * (Uptime Kuma's coarse buckets), grouped by month, each month scored with
 * the project's settings. Each point says how many responses it rests on,
 * whether its month is still running (partial), and carries its interval; a
 * channel × indicator with a single response in a month (one mystery visit
 * per site and month is the rule) borrows the SD of the whole window, so the
 * band is drawn wherever a point rests on two responses or more.
 */
import type { TenantContext } from '../context';
import { isPartial } from '../periods';
import type { RollupDoc } from '../scoring/rollup';
import { emptyMoments, mergeMoments, sampleSd, type Moments } from '../scoring/stats';
import { CHANNELS, type Channel } from '../templates/types';
import type { DashboardScope } from './filters';
import { groupedScores } from './grouped';
import { localToday } from '../calendar';

export interface TrendPoint {
  month: string;
  score: number | null;
  ci: [number, number] | null;
  lowSample: boolean;
  responses: number;
  /** The month has days still to come: its figure is partial. */
  partial: boolean;
  /** Some channel × indicator of the month rests on one response and its SD is the window's (docs/scoring.md §11). */
  ciBorrowed: boolean;
}

/** The SD of every channel × indicator over all the rows of a window (the rows' moments pooled). */
export function windowSds(rows: readonly RollupDoc[]): Partial<Record<Channel, Record<string, number>>> {
  const pooled = new Map<string, { channel: Channel; indicator: string; m: Moments }>();
  for (const r of rows) {
    if (r.kind !== 'ind') continue;
    const key = `${r.channel}|${r.indicator}`;
    const cell = pooled.get(key) ?? { channel: r.channel, indicator: r.indicator, m: emptyMoments() };
    cell.m = mergeMoments(cell.m, r);
    pooled.set(key, cell);
  }
  const out: Partial<Record<Channel, Record<string, number>>> = {};
  for (const { channel, indicator, m } of pooled.values()) {
    const sd = sampleSd(m);
    if (sd !== null) (out[channel] ??= {})[indicator] = sd;
  }
  return out;
}

/** Whether some site × channel × indicator of these rows holds exactly one response. */
export function restsOnSingleResponses(rows: readonly RollupDoc[]): boolean {
  const n = new Map<string, number>();
  for (const r of rows) if (r.kind === 'ind') n.set(`${r.siteId}|${r.channel}|${r.indicator}`, (n.get(`${r.siteId}|${r.channel}|${r.indicator}`) ?? 0) + r.n);
  return [...n.values()].some((v) => v === 1);
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
  const single = new Set<string>();
  const byMonth = await groupedScores(
    ctx,
    { from: `${months[0]}-01`, to: lastDay, siteId: scope.site?._id, channel: scope.channel ?? undefined },
    (row) => row.day.slice(0, 7),
    months,
    (rows) => {
      for (const month of months) if (restsOnSingleResponses(rows.filter((r) => r.day.startsWith(month)))) single.add(month);
      return { singleResponseSd: windowSds(rows) };
    },
  );
  const today = localToday(scope.tzOffsetMinutes);
  return months.map((month) => {
    const result = byMonth.get(month)!;
    const responses = CHANNELS.reduce((n, c) => n + result.channels[c].responses, 0);
    const [y, m] = month.split('-').map(Number);
    const range = { from: `${month}-01`, to: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10) };
    // One response has no spread of its own: no band, whatever the window's SD.
    const ci = responses >= 2 ? result.cpsq.ci : null;
    return {
      month,
      score: result.cpsq.score,
      ci,
      lowSample: result.cpsq.lowSample,
      responses,
      partial: isPartial(range, today),
      ciBorrowed: ci !== null && single.has(month),
    };
  });
}
