/**
 * The overview: CPSQ with its interval and the gate, the projected audit
 * score and star level, the monthly trend, the channel mix and the familiar
 * measures, plus how follow-up cases are worked (time to contact and to
 * resolve, SLA, recovery).
 */
import type { TenantContext } from '../context';
import { resolutionFigures, type ResolutionFigures } from '../alerts/figures';
import { caseFigures, type CaseFigures } from '../cases/figures';
import { getScores, type ScoreReport } from '../scores/query';
import type { Gate } from '../scoring/cpsq';
import type { Measures } from '../scoring/measures';
import { CHANNELS, type Channel } from '../templates/types';
import { fitAxis, type Axis } from './axis';
import { baselinesOf, changesOf, type Baseline, type Change } from './changes';
import { instantRange, scoreQueryOf, type DashboardScope } from './filters';
import { sampleNoteFor, type SampleNote } from './sampleNote';
import { projectionFor, type DashboardProjection } from './projection';
import { monthlyTrend, type TrendPoint } from './trend';
import { channels } from '../channels';

export interface Figure {
  score: number | null;
  ci: [number, number] | null;
  lowSample: boolean;
  method: string;
}

export interface ChannelMix {
  channel: Channel;
  responses: number;
  weight: number;
  effectiveWeight: number | null;
  score: number | null;
  ci: [number, number] | null;
  lowSample: boolean;
  /** Against the previous period and the same period last year. */
  changes: Change[];
}

export interface Overview {
  scope: { from: string; to: string; site: DashboardScope['site']; channel: Channel | null };
  cpsq: Figure;
  gate: Gate;
  responses: number;
  droppedChannels: Channel[];
  channels: ChannelMix[];
  measures: Pick<Measures, 'csat' | 'nps' | 'acsi' | 'visits'>;
  projection: DashboardProjection;
  trend: TrendPoint[];
  /** The trend's y-axis, fitted to the points, their intervals and the target. */
  trendAxis: Axis;
  /** CPSQ against the previous period and the same period last year. */
  changes: Change[];
  /** Thin samples, stated once for the page. */
  sampleNote: SampleNote;
  followUps: ResolutionFigures | null;
  /** Follow-up case figures (time to contact and resolve, SLA, recovery): beside the CPSQ, never part of it. */
  cases: CaseFigures | null;
}

export function figureOf(c: { score: number | null; ci: [number, number] | null; lowSample: boolean; method: string }): Figure {
  return { score: c.score, ci: c.ci, lowSample: c.lowSample, method: c.method };
}

export function channelMix(report: ScoreReport, baselines: readonly Baseline[] = []): ChannelMix[] {
  return CHANNELS.map((c) => {
    const r = report.channels[c];
    const changes = changesOf(report, baselines, (x) => x.channels[c]);
    return {
      channel: c,
      responses: r.responses,
      weight: r.weight,
      effectiveWeight: report.effectiveWeights[c] ?? null,
      score: r.score,
      ci: r.ci,
      lowSample: r.lowSample,
      changes,
    };
  });
}

/** The scope's responses per channel: what the sample note weighs. */
export function scopeSample(report: ScoreReport) {
  return {
    siteCode: null,
    responses: channels.filled((c) => report.channels[c].responses),
  };
}

export function responsesOf(report: ScoreReport): number {
  return CHANNELS.reduce((n, c) => n + report.channels[c].responses, 0);
}

export async function overview(ctx: TenantContext, scope: DashboardScope): Promise<Overview> {
  const report = await getScores(ctx, scoreQueryOf(scope));
  const range = { ...instantRange(scope), ...(scope.site ? { siteId: scope.site._id } : {}) };
  const [projection, trend, followUps, cases, baselines, sampleNote] = await Promise.all([
    projectionFor(ctx, scope, report),
    monthlyTrend(ctx, scope),
    resolutionFigures(ctx, range),
    caseFigures(ctx, range),
    baselinesOf(ctx, scope),
    sampleNoteFor(ctx, scope, [scopeSample(report)]),
  ]);
  const { csat, nps, acsi, visits } = report.measures;
  return {
    scope: { from: scope.from, to: scope.to, site: scope.site, channel: scope.channel },
    cpsq: figureOf(report.cpsq),
    gate: report.gate,
    responses: responsesOf(report),
    droppedChannels: report.droppedChannels,
    channels: channelMix(report, baselines),
    measures: { csat, nps, acsi, visits },
    projection,
    trend,
    trendAxis: fitAxis([...trend.flatMap((p) => [p.score, ...(p.ci ?? [])]), report.gate.target]),
    changes: changesOf(report, baselines, (x) => x.cpsq),
    sampleNote,
    followUps,
    cases,
  };
}
