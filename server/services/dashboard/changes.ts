/**
 * Changes against the previous period and the same period last year for every
 * score a page shows (CPSQ, channels, indicators, items and levels, sites):
 * the comparison periods are scored once each (periods.ts comparisonWindows),
 * and each figure's change carries the CI of the difference
 * (scoring/difference.ts).
 */
import type { TenantContext } from '../context';
import { comparisonWindows, type ComparisonKind } from '../periods';
import { getProject } from '../scores/projects';
import { getScores, type ScoreReport } from '../scores/query';
import { differenceOf, type Comparable, type Difference } from '../scoring/difference';
import type { DashboardScope } from './filters';

export interface Change extends Difference {
  kind: ComparisonKind;
  from: string;
  to: string;
}

export interface Baseline {
  kind: ComparisonKind;
  from: string;
  to: string;
  report: ScoreReport;
}

/** The reports of the comparison periods of a scope (same site and channel filters). */
export async function baselinesOf(ctx: TenantContext, scope: DashboardScope, options: { allSites?: boolean } = {}): Promise<Baseline[]> {
  const { certificationStart } = await getProject(ctx);
  const windows = comparisonWindows({ from: scope.from, to: scope.to }, scope.filters.period, certificationStart);
  const siteId = options.allSites ? undefined : scope.site?._id;
  return Promise.all(
    windows.map(async (w) => ({
      ...w,
      report: await getScores(ctx, { from: w.from, to: w.to, ...(siteId ? { siteId } : {}), ...(scope.channel ? { channel: scope.channel } : {}) }),
    })),
  );
}

/** The changes of one figure: `pick` reads it from a report (the current one and each baseline). */
export function changesOf(current: ScoreReport, baselines: readonly Baseline[], pick: (report: ScoreReport) => Comparable | undefined): Change[] {
  const now = pick(current) ?? { score: null, variance: null };
  // Nothing to compare without a figure now: no line at all rather than "no data to compare with".
  if (now.score === null) return [];
  return baselines.map((b) => ({ kind: b.kind, from: b.from, to: b.to, ...differenceOf(now, pick(b.report) ?? { score: null, variance: null }) }));
}

/** A site's CPSQ in a report listing every site. */
export const siteCpsq = (siteId: string) => (report: ScoreReport) => report.bySite?.find((s) => s.siteId === siteId)?.cpsq;
