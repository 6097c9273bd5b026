/**
 * The scores of a dashboard scope as tables for Excel users: for the
 * enterprise (or the site filtered on) and each visible site, CPSQ, each
 * channel, each level, item and indicator with its interval and sample, as
 * getScores computes them; then, for XLSX, one sheet per channel with its
 * indicator scores, and a codebook of the catalogue. Names and labels are in
 * the reader's language; scores follow the display rule, with the full
 * precision in the next column.
 */
import type { Locale } from '../../i18n';
import { nameIn } from '../accounts/names';
import { assertCan } from '../accounts/roles';
import { listSites } from '../accounts/sites';
import type { TenantContext } from '../context';
import { scoreQueryOf, type DashboardScope } from '../dashboard/filters';
import { cutNumber } from '../displayRule';
import { getProject, projectCatalogue } from '../scores/projects';
import { getScores, type ScoreReport } from '../scores/query';
import { CHANNELS, type Channel } from '../templates/types';
import { wordsIn } from './responseColumns';
import { tableOf, type ExportTables } from './tables';
import type { Cell, ColumnKind, TableHeader } from './sinks';
import { channels as channelRegistry } from '../channels';

const COLUMNS: Array<[string, ColumnKind]> = [
  ['scope', 'text'],
  ['scope_name', 'text'],
  ['from', 'day'],
  ['to', 'day'],
  ['channel_filter', 'text'],
  ['kind', 'text'],
  ['code', 'text'],
  ['name', 'text'],
  ['max_points', 'number'],
  ['score', 'score'],
  ['score_exact', 'number'],
  ['ci_low', 'score'],
  ['ci_high', 'score'],
  ['n', 'number'],
  ['low_sample', 'text'],
];
const CODEBOOK: Array<[string, ColumnKind]> = [
  ['code', 'text'],
  ['kind', 'text'],
  ['name', 'text'],
  ['parent', 'text'],
  ['maxPoints', 'number'],
];

type Scored = { score: number | null; ci: [number, number] | null; lowSample: boolean };
const NO_SCORE: Scored = { score: null, ci: null, lowSample: false };

/** A UTC-midnight Date for a calendar day: a spreadsheet shows it as that day. */
const dayCell = (day: string) => new Date(`${day}T00:00:00Z`);

export async function scoreExport(ctx: TenantContext, scope: DashboardScope, locale: Locale): Promise<ExportTables> {
  assertCan(ctx.actor.role, 'scores.read');
  const word = wordsIn(locale);
  const catalogue = projectCatalogue(await getProject(ctx));
  const sites = scope.site ? [] : await listSites(ctx);
  const targets = [
    scope.site
      ? { code: scope.site.code, name: nameIn(scope.site, locale), siteId: scope.site._id as string | undefined }
      : { code: word('exports.scope.enterprise'), name: '', siteId: undefined },
    ...sites.map((s) => ({ code: s.code, name: nameIn(s, locale), siteId: s._id as string | undefined })),
  ];
  // Each scope's report, computed once and shared by the summary and the channel sheets.
  const reports = new Map<string, Promise<ScoreReport>>();
  const reportOf = (siteId?: string) => {
    const key = siteId ?? '';
    if (!reports.has(key)) reports.set(key, getScores(ctx, { ...scoreQueryOf(scope), ...(siteId ? { siteId } : {}) }));
    return reports.get(key)!;
  };
  const channelName = (c: Channel) => word(channelRegistry.labelKey(c));
  const yesNo = (v: boolean) => word(v ? 'exports.answer.yes' : 'exports.answer.no');
  const figures = (s: Scored): Cell[] => [cutNumber(s.score), s.score, cutNumber(s.ci?.[0]), cutNumber(s.ci?.[1])];
  const headerOf = (columns: Array<[string, ColumnKind]>, prefix: string): TableHeader => ({
    labels: columns.map(([code]) => word(`${prefix}${code}`)),
    codes: columns.map(([code]) => code),
    kinds: columns.map(([, kind]) => kind),
  });
  const nodeName = (code: string) => catalogue.byCode.get(code)?.name[locale] ?? code;

  async function* summaryRows(): AsyncIterable<Cell[]> {
    const filter = scope.channel ? channelName(scope.channel) : word('exports.allChannels');
    for (const target of targets) {
      const report = await reportOf(target.siteId);
      const lead: Cell[] = [target.code, target.name || null, dayCell(report.scope.from), dayCell(report.scope.to), filter];
      const row = (kind: string, code: string, name: string, max: number | null, s: Scored, n: number | null): Cell[] => [
        ...lead,
        word(`exports.kind.${kind}`),
        code,
        name,
        max,
        ...figures(s),
        n,
        yesNo(s.lowSample),
      ];
      const total = CHANNELS.reduce((sum, c) => sum + report.channels[c].responses, 0);
      yield row('cpsq', 'CPSQ', word('exports.kind.cpsq'), null, report.cpsq, total);
      for (const c of CHANNELS) yield row('channel', c, channelName(c), null, report.channels[c], report.channels[c].responses);
      for (const node of catalogue.nodes) {
        if (node.kind === 'indicator') {
          const n = CHANNELS.reduce((sum, c) => sum + (report.channels[c].indicators[node.code]?.n ?? 0), 0);
          yield row('indicator', node.code, node.name[locale], node.maxPoints, report.perceived[node.code] ?? NO_SCORE, n);
        } else {
          yield row(node.kind, node.code, node.name[locale], node.maxPoints, report.nodes[node.code] ?? NO_SCORE, null);
        }
      }
    }
  }

  const channelColumns = COLUMNS.filter(([code]) => code !== 'channel_filter' && code !== 'kind');
  async function* channelRows(c: Channel): AsyncIterable<Cell[]> {
    for (const target of targets) {
      const report = await reportOf(target.siteId);
      for (const node of catalogue.indicators) {
        const s = report.channels[c].indicators[node.code];
        if (!s) continue; // the channel does not ask about this indicator in the period
        yield [
          target.code,
          target.name || null,
          dayCell(report.scope.from),
          dayCell(report.scope.to),
          node.code,
          nodeName(node.code),
          node.maxPoints,
          ...figures(s),
          s.n,
          yesNo(s.lowSample),
        ];
      }
    }
  }

  async function* codebookRows(): AsyncIterable<Cell[]> {
    for (const node of catalogue.nodes) yield [node.code, word(`exports.kind.${node.kind}`), node.name[locale], node.parent ?? null, node.maxPoints];
  }

  const channels = scope.channel ? [scope.channel] : CHANNELS;
  const summary = tableOf(word('exports.sheet.scores'), headerOf(COLUMNS, 'exports.score.'), summaryRows);
  return {
    sheets: [summary, ...channels.map((c) => tableOf(channelName(c), headerOf(channelColumns, 'exports.score.'), () => channelRows(c)))],
    single: summary,
    codebook: tableOf(word('exports.sheet.codebook'), headerOf(CODEBOOK, 'exports.codebook.'), codebookRows),
  };
}
