/**
 * The scores of a dashboard scope as rows: for the enterprise (or the site
 * filtered on) and each visible site, CPSQ, each channel, each level, item
 * and indicator with its interval and sample, as getScores computes them.
 */
import { assertCan } from '../accounts/roles';
import { listSites } from '../accounts/sites';
import type { TenantContext } from '../context';
import { scoreQueryOf, type DashboardScope } from '../dashboard/filters';
import { getProject, projectCatalogue } from '../scores/projects';
import { getScores, type ScoreReport } from '../scores/query';
import { CHANNELS } from '../templates/types';
import type { Cell, TableSink } from './sinks';

export const SCORE_HEADER = ['scope', 'from', 'to', 'channel_filter', 'kind', 'code', 'name_zh', 'name_en', 'max_points', 'score', 'ci_low', 'ci_high', 'n', 'low_sample', 'method'];

type Scored = { score: number | null; ci: [number, number] | null; lowSample: boolean; method?: string };

export async function writeScores(ctx: TenantContext, scope: DashboardScope, sink: TableSink): Promise<number> {
  assertCan(ctx.actor.role, 'scores.read');
  const catalogue = projectCatalogue(await getProject(ctx));
  const sites = scope.site ? [] : await listSites(ctx);
  const scopes: Array<{ label: string; siteId?: string }> = [{ label: scope.site ? scope.site.code : 'enterprise', siteId: scope.site?._id }, ...sites.map((s) => ({ label: s.code, siteId: s._id }))];
  let rows = 0;
  for (const target of scopes) {
    const report: ScoreReport = await getScores(ctx, { ...scoreQueryOf(scope), ...(target.siteId ? { siteId: target.siteId } : {}) });
    const row = async (kind: string, code: string, names: [string, string], max: number | null, s: Scored, n: number | null) => {
      const cells: Cell[] = [target.label, report.scope.from, report.scope.to, scope.channel ?? 'all', kind, code, names[0], names[1], max, s.score, s.ci?.[0] ?? null, s.ci?.[1] ?? null, n, s.lowSample, s.method ?? null];
      await sink.row(cells);
      rows += 1;
    };
    const total = CHANNELS.reduce((sum, c) => sum + report.channels[c].responses, 0);
    await row('cpsq', 'CPSQ', ['顾客感知服务质量指数', 'Customer-perceived service quality index'], null, report.cpsq, total);
    for (const c of CHANNELS) await row('channel', c, [c, c], null, report.channels[c], report.channels[c].responses);
    for (const node of catalogue.nodes) {
      if (node.kind === 'indicator') {
        const p = report.perceived[node.code];
        const n = CHANNELS.reduce((sum, c) => sum + (report.channels[c].indicators[node.code]?.n ?? 0), 0);
        await row('indicator', node.code, [node.name['zh-CN'], node.name.en], node.maxPoints, p ?? { score: null, ci: null, lowSample: false }, n);
      } else {
        await row(node.kind, node.code, [node.name['zh-CN'], node.name.en], node.maxPoints, report.nodes[node.code] ?? { score: null, ci: null, lowSample: false }, null);
      }
    }
  }
  return rows;
}
