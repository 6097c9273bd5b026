/**
 * Scores for a scope (enterprise or one site, a period, optionally one
 * channel), read from rollups only, never from raw responses.
 */
import { namesOf } from '../accounts/names';
import { ValidationError } from '../../errors';
import { DecodedDocs } from '../../store/decodedDocs';
import type { Filter } from '../../store/types';
import { getSite, getSiteByCode, listSites, type Site } from '../accounts/sites';
import { getEnterprise } from '../accounts/enterprises';
import type { TenantContext } from '../context';
import { computeCpsq, computeCpsqSummary, lowSampleChannels, type CpsqResult } from '../scoring/cpsq';
import { catalogueKey, type RollupDoc } from '../scoring/rollup';
import type { Channel } from '../templates/types';
import { planBuckets } from './buckets';
import { rowsOfStored } from './cells';
import { quarterCellsComplete } from './layout';
import { seriesOfStored } from './series';
import { getProject, projectCatalogue, type ProjectSettings } from './projects';
import { lastTwelveMonths, namedPeriod } from '../periods';
import { isDay, localToday } from '../calendar';
import { channels } from '../channels';

export type Period = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'certificationYear';

export interface ScoreQuery {
  siteId?: string;
  siteCode?: string;
  from?: string;
  to?: string;
  period?: Period;
  /** A day inside the period (default today, in the enterprise's time zone). */
  at?: string;
  channel?: Channel;
}

export interface ScoreReport extends CpsqResult {
  scope: { site: Pick<Site, '_id' | 'code' | 'name' | 'nameEn'> | null; from: string; to: string; channel: Channel | null };
  settings: Pick<ProjectSettings, 'catalogue' | 'target' | 'gateRule' | 'channelWeights' | 'siteWeighting'>;
  bySite?: Array<{
    siteId: string;
    code: string;
    name: string;
    nameEn?: string;
    cpsq: CpsqResult['cpsq'];
    /** Why cpsq.lowSample is set: the site's channels under 30 responses. */
    lowSampleChannels: ReturnType<typeof lowSampleChannels>;
    responses: number;
    /** Responses per channel (the page's sample note reads them). */
    channelResponses: Record<Channel, number>;
    gate: CpsqResult['gate'];
  }>;
}

function resolveRange(q: ScoreQuery, today: string, certificationStart: string): { from: string; to: string } {
  for (const [field, value] of [
    ['from', q.from],
    ['to', q.to],
    ['at', q.at],
  ] as const) {
    // The calendar's check (a real day, 2025-02-30 refused); the message is the dashboard API's own.
    if (value !== undefined && !isDay(value)) {
      throw new ValidationError(`${field}: must be a date YYYY-MM-DD`, field);
    }
  }
  if (q.period) {
    if (q.from || q.to) throw new ValidationError('period: give either period (with at) or from/to, not both', 'period');
    return namedPeriod(q.period, q.at ?? today, certificationStart);
  }
  const to = q.to ?? today;
  const from = q.from ?? lastTwelveMonths(to).from;
  if (from > to) throw new ValidationError('from: must not be after to', 'from');
  return { from, to };
}

type Scope = { from: string; to: string; siteId?: string; channel?: Channel };

/**
 * Rollup cells as last decoded, per process: a query decodes again only the
 * cells whose stored form changed since (a submission changes three), so the
 * answers are exactly those of a fresh read. Keyed by _id, which names the
 * enterprise's site; a form is the whole stored document, enterprise included.
 * At most 20,000 cells (about 80 MB, text and objects): an enterprise's year is
 * ~900, a month read by day cells of 50 sites ~4,500.
 */
const decodedCells = new DecodedDocs(20_000);

/** The stored rollups of a scope: whole quarters (when asked) and months from their cells, loose days from day cells (see cells.ts). */
async function storedRollups(ctx: TenantContext, scope: Scope, quarters = false): Promise<ReadonlyArray<Readonly<Record<string, unknown>>>> {
  const docs: Array<Readonly<Record<string, unknown>>> = [];
  for (const range of planBuckets(scope.from, scope.to, { quarters })) {
    const filter: Filter = { grain: range.grain, day: { $gte: range.from, $lte: range.to } };
    if (scope.siteId) filter.siteId = scope.siteId;
    if (scope.channel) filter.channel = scope.channel;
    docs.push(...(await ctx.store.collection('rollups').findDecoded(filter, decodedCells)));
  }
  return docs;
}

/** The rollup rows of a scope, per day or month (dashboards group them by month or site). */
export async function rollupRows(ctx: TenantContext, scope: Scope): Promise<RollupDoc[]> {
  return (await storedRollups(ctx, scope)).flatMap(rowsOfStored);
}

export async function getScores(ctx: TenantContext, q: ScoreQuery): Promise<ScoreReport> {
  const settings = await getProject(ctx);
  const { tzOffsetMinutes } = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  const today = localToday(tzOffsetMinutes);
  const { from, to } = resolveRange(q, today, settings.certificationStart);
  const site = q.siteId ? await getSite(ctx, q.siteId) : q.siteCode ? await getSiteByCode(ctx, q.siteCode) : null;
  const catalogue = projectCatalogue(settings);
  const options = { channelWeights: settings.channelWeights, siteWeighting: settings.siteWeighting, target: settings.target, gateRule: settings.gateRule };

  // A user limited to some sites sees their pool, never the whole enterprise.
  const visible = await listSites(ctx);
  // One pass groups the rows by site: per-site scores then read only their own rows.
  const bySite = new Map<string, RollupDoc[]>(visible.map((s) => [s._id, []]));
  const rows: RollupDoc[] = [];
  const stored = await storedRollups(ctx, { from, to, siteId: site?._id, channel: q.channel }, await quarterCellsComplete(ctx));
  for (const r of seriesOfStored(stored, catalogueKey(catalogue), `${from}/${to}`)) {
    const siteRows = bySite.get(r.siteId);
    if (!siteRows) continue;
    siteRows.push(r);
    rows.push(r);
  }
  const result = computeCpsq(rows, catalogue, options);
  const report: ScoreReport = {
    ...result,
    scope: { site: site && { _id: site._id, code: site.code, ...namesOf(site) }, from, to, channel: q.channel ?? null },
    settings: {
      catalogue: settings.catalogue,
      target: settings.target,
      gateRule: settings.gateRule,
      channelWeights: settings.channelWeights,
      siteWeighting: settings.siteWeighting,
    },
  };
  if (!site) {
    report.bySite = visible.map((s) => {
      const siteResult = computeCpsqSummary(bySite.get(s._id) ?? [], catalogue, options);
      const responses = Object.values(siteResult.channels).reduce((n, c) => n + c.responses, 0);
      const channelResponses = channels.filled((c) => siteResult.channels[c].responses);
      return {
        siteId: s._id,
        code: s.code,
        ...namesOf(s),
        cpsq: siteResult.cpsq,
        lowSampleChannels: lowSampleChannels(siteResult),
        responses,
        channelResponses,
        gate: siteResult.gate,
      };
    });
  }
  return report;
}
