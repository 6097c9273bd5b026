/**
 * The catalogue's indicators grouped by level and item with P(i) and its
 * interval, a site × indicator heat map, and the items for a radar chart.
 */
import { namesOf } from '../accounts/names';
import { listSites } from '../accounts/sites';
import type { TenantContext } from '../context';
import { getProject, projectCatalogue } from '../scores/projects';
import { getScores } from '../scores/query';
import { outlineNumber } from '../catalogues/outline';
import type { CatalogueNode } from '../catalogues/types';
import type { EvidenceKind } from '../catalogues/types';
import { CHANNELS, type Channel, type LocalizedText } from '../templates/types';
import type { Comparable } from '../scoring/difference';
import { LOW_SAMPLE_N } from '../scoring/stats';
import type { ScoreReport } from '../scores/query';
import { baselinesOf, changesOf, type Change } from './changes';
import { scoreQueryOf, type DashboardScope } from './filters';
import { groupedScores } from './grouped';

export interface IndicatorRow {
  code: string;
  /** The outline number readers of the standard use ("2.1.3"), shown beside the name. */
  number: string;
  name: LocalizedText;
  kind: CatalogueNode['kind'];
  parent: string | null;
  maxPoints: number;
  evidence: EvidenceKind[];
  score: number | null;
  ci: [number, number] | null;
  n: number;
  lowSample: boolean;
  channels: Channel[];
  /** Against the previous period and the same period last year. */
  changes: Change[];
}

export interface HeatRow {
  siteId: string;
  code: string;
  name: string;
  /** Indicator code → P(i) of the site, null without data. */
  scores: Record<string, number | null>;
}

export interface IndicatorsView {
  scope: { from: string; to: string; site: DashboardScope['site']; channel: Channel | null };
  catalogue: string;
  /** Levels, items and indicators in catalogue order (depth first). */
  tree: IndicatorRow[];
  /** Indicator codes in catalogue order: the heat map's columns (API clients key scores by them). */
  indicators: string[];
  /** The same columns with their names, so the page can head them in the reader's language. */
  columns: Array<{ code: string; name: LocalizedText }>;
  heat: HeatRow[];
  radar: Array<{ code: string; name: LocalizedText; score: number | null }>;
  method: string;
  /** The page's one low-sample note: indicators with data resting on fewer than 30 answers. */
  sampleNote: { thinIndicators: number; indicators: number; threshold: number };
}

/**
 * An indicator as compared between periods: resting on one channel, its P(i) is that channel's mean
 * (n, SD: Welch's interval); mixing channels, it is a composite (its variance: the normal interval).
 */
export const indicatorOf =
  (code: string) =>
  (report: ScoreReport): Comparable | undefined => {
    const p = report.perceived[code];
    if (p?.channels.length === 1) return report.channels[p.channels[0]].indicators[code];
    return p;
  };

function depthFirst(nodes: readonly CatalogueNode[]): CatalogueNode[] {
  const out: CatalogueNode[] = [];
  const visit = (parent: string | undefined) => {
    for (const n of nodes.filter((x) => x.parent === parent)) {
      out.push(n);
      visit(n.code);
    }
  };
  visit(undefined);
  return out;
}

export async function indicatorsView(ctx: TenantContext, scope: DashboardScope): Promise<IndicatorsView> {
  const catalogue = projectCatalogue(await getProject(ctx));
  const [report, baselines] = await Promise.all([getScores(ctx, scoreQueryOf(scope)), baselinesOf(ctx, scope)]);
  const tree: IndicatorRow[] = depthFirst(catalogue.nodes).map((node) => {
    const base = {
      code: node.code,
      number: outlineNumber(catalogue, node.code),
      name: node.name,
      kind: node.kind,
      parent: node.parent ?? null,
      maxPoints: node.maxPoints,
      evidence: node.evidence ?? [],
    };
    if (node.kind !== 'indicator') {
      const s = report.nodes[node.code];
      const changes = changesOf(report, baselines, (x) => x.nodes[node.code]);
      return { ...base, score: s?.score ?? null, ci: s?.ci ?? null, n: 0, lowSample: s?.lowSample ?? false, channels: [], changes };
    }
    const p = report.perceived[node.code];
    const n = CHANNELS.reduce((sum, c) => sum + (report.channels[c].indicators[node.code]?.n ?? 0), 0);
    const changes = changesOf(report, baselines, indicatorOf(node.code));
    // Thin by its own answers (n < 30), not by a thin channel feeding it.
    return { ...base, score: p?.score ?? null, ci: p?.ci ?? null, n, lowSample: n > 0 && n < LOW_SAMPLE_N, channels: p?.channels ?? [], changes };
  });
  const measured = tree.filter((r) => r.kind === 'indicator' && r.n > 0);
  const sites = (await listSites(ctx)).filter((s) => !scope.site || s._id === scope.site._id);
  const bySite = await groupedScores(
    ctx,
    { from: scope.from, to: scope.to, siteId: scope.site?._id, channel: scope.channel ?? undefined },
    (r) => r.siteId,
    sites.map((s) => s._id),
  );
  const indicatorCodes = catalogue.indicators.map((n) => n.code);
  const heat = sites.map((s) => ({
    siteId: s._id,
    code: s.code,
    ...namesOf(s),
    scores: Object.fromEntries(indicatorCodes.map((code) => [code, bySite.get(s._id)!.perceived[code]?.score ?? null])),
  }));
  const items = catalogue.nodes.filter((n) => n.kind === 'item');
  const spokes = items.length ? items : catalogue.nodes.filter((n) => n.kind === 'level');
  return {
    scope: { from: scope.from, to: scope.to, site: scope.site, channel: scope.channel },
    catalogue: report.catalogue,
    tree,
    indicators: indicatorCodes,
    columns: catalogue.indicators.map((n) => ({ code: n.code, name: n.name })),
    heat,
    radar: spokes.map((n) => ({ code: n.code, name: n.name, score: report.nodes[n.code]?.score ?? null })),
    // The P(i) formula of an indicator with data, as an example of every row's method.
    method: Object.values(report.perceived).find((p) => p.score !== null)?.method ?? report.cpsq.method,
    sampleNote: { thinIndicators: measured.filter((r) => r.lowSample).length, indicators: measured.length, threshold: LOW_SAMPLE_N },
  };
}
