/**
 * Sites ranked by CPSQ with their confidence intervals (whiskers) and a
 * low-sample marker; sites without data come last.
 */
import type { TenantContext } from '../context';
import { getScores } from '../scores/query';
import type { Channel } from '../templates/types';
import type { DashboardScope } from './filters';

export interface SiteRank {
  rank: number | null;
  siteId: string;
  code: string;
  name: string;
  score: number | null;
  ci: [number, number] | null;
  lowSample: boolean;
  /** The channels short of 30 responses, named by the low-sample badge. */
  lowSampleChannels: Array<{ channel: Channel; responses: number }>;
  responses: number;
  gatePassed: boolean;
}

export interface SiteRanking {
  scope: { from: string; to: string; channel: Channel | null };
  target: number;
  sites: SiteRank[];
  method: string;
}

export async function siteRanking(ctx: TenantContext, scope: DashboardScope): Promise<SiteRanking> {
  // The ranking compares every visible site, so it ignores a site filter.
  const report = await getScores(ctx, { from: scope.from, to: scope.to, ...(scope.channel ? { channel: scope.channel } : {}) });
  const rows = (report.bySite ?? []).map((s) => ({
    siteId: s.siteId,
    code: s.code,
    name: s.name,
    score: s.cpsq.score,
    ci: s.cpsq.ci,
    lowSample: s.cpsq.lowSample,
    lowSampleChannels: s.lowSampleChannels,
    responses: s.responses,
    gatePassed: s.gate.passed,
  }));
  rows.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.code.localeCompare(b.code));
  let rank = 0;
  return {
    scope: { from: scope.from, to: scope.to, channel: scope.channel },
    target: report.gate.target,
    sites: rows.map((r) => ({ ...r, rank: r.score === null ? null : ++rank })),
    method: report.cpsq.method,
  };
}
