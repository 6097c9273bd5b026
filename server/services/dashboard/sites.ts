/**
 * Sites ranked by CPSQ with their confidence intervals (whiskers on an axis
 * fitted to them), statistical tie groups (scoring/ties.ts), each site's change
 * against the comparison periods, and the page's one low-sample note; sites
 * without data come last.
 */
import { namesOf } from '../accounts/names';
import type { TenantContext } from '../context';
import { getScores } from '../scores/query';
import { tieGroups } from '../scoring/ties';
import type { Channel } from '../templates/types';
import { fitAxis, type Axis } from './axis';
import { baselinesOf, changesOf, siteCpsq, type Change } from './changes';
import type { DashboardScope } from './filters';
import { sampleNoteFor, type SampleNote } from './sampleNote';

export interface SiteRank {
  rank: number | null;
  siteId: string;
  code: string;
  name: string;
  nameEn?: string;
  score: number | null;
  ci: [number, number] | null;
  lowSample: boolean;
  /** The channels short of 30 responses, named by the low-sample badge. */
  lowSampleChannels: Array<{ channel: Channel; responses: number }>;
  responses: number;
  gatePassed: boolean;
  /** Compact letters: sites sharing a letter are statistically tied; '' when the site has no interval to test. */
  group: string;
  changes: Change[];
}

export interface SiteRanking {
  scope: { from: string; to: string; channel: Channel | null };
  target: number;
  sites: SiteRank[];
  method: string;
  /** The whiskers' axis, fitted to the intervals and the target. */
  axis: Axis;
  ties: { comparisons: number; correction: 'holm'; alpha: number };
  sampleNote: SampleNote;
}

export async function siteRanking(ctx: TenantContext, scope: DashboardScope): Promise<SiteRanking> {
  // The ranking compares every visible site, so it ignores a site filter.
  const [report, baselines] = await Promise.all([
    getScores(ctx, { from: scope.from, to: scope.to, ...(scope.channel ? { channel: scope.channel } : {}) }),
    baselinesOf(ctx, scope, { allSites: true }),
  ]);
  const rows = (report.bySite ?? []).map((s) => ({
    siteId: s.siteId,
    code: s.code,
    ...namesOf(s),
    score: s.cpsq.score,
    ci: s.cpsq.ci,
    lowSample: s.cpsq.lowSample,
    lowSampleChannels: s.lowSampleChannels,
    responses: s.responses,
    gatePassed: s.gate.passed,
    variance: s.cpsq.variance,
    changes: changesOf(report, baselines, siteCpsq(s.siteId)),
  }));
  rows.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.code.localeCompare(b.code));
  const ties = tieGroups(rows.map((r) => ({ key: r.siteId, score: r.score, variance: r.variance })));
  const sampleNote = await sampleNoteFor(
    ctx,
    scope,
    (report.bySite ?? []).map((s) => ({ siteCode: s.code, responses: s.channelResponses })),
  );
  let rank = 0;
  return {
    scope: { from: scope.from, to: scope.to, channel: scope.channel },
    target: report.gate.target,
    sites: rows.map(({ variance: _variance, ...r }) => ({ ...r, rank: r.score === null ? null : ++rank, group: ties.letters[r.siteId] ?? '' })),
    method: report.cpsq.method,
    axis: fitAxis([...rows.flatMap((r) => [r.score, ...(r.ci ?? [])]), report.gate.target]),
    ties: { comparisons: ties.comparisons, correction: ties.correction, alpha: ties.alpha },
    sampleNote,
  };
}
