/**
 * CPSQ (domain.md §3.3–3.8) from rollup rows the caller has already filtered
 * to a period and to the sites and channels in scope.
 *   S(c,i) mean of the responses of channel c that count for i, t-interval;
 *   S(c)   = Σ wᵢ·S(c,i) / Σ wᵢ, wᵢ = maximum points (overridable);
 *   CPSQ   = Σ W_c·S(c) / Σ W_c over channels with data (renormalised);
 *   P(i)   = Σ W_c·S(c,i) / Σ W_c over channels with data for i;
 * variances by Σ w²·Var / (Σ w)², correlation between indicators ignored.
 */
import { ValidationError } from '../../errors';
import type { CatalogueNode } from '../catalogues/types';
import { channels } from '../channels';
import { CHANNELS, type Channel } from '../templates/types';
import { combine, compositeScore, CORRELATION_NOTE, describeWeights, type CompositeScore } from './composite';
import { measuresFrom, type Measures, type SiteWeighting } from './measures';
import { catalogueKey, type IndicatorRollup, type MeasureRollup, type RollupDoc } from './rollup';
import {
  emptyMoments,
  LOW_SAMPLE_N,
  meanOf,
  mergeMoments,
  type Moments,
  type ScoreSummary,
  scoreFromMoments,
  summaryFromVariance,
  varianceOfMean,
} from './stats';
import { type CatalogueLike, type NodeScore, rollUpTree } from './tree';

export const DEFAULT_CHANNEL_WEIGHTS: Readonly<Record<Channel, number>> = channels.defaultWeights();
export const DEFAULT_TARGET = 80;

export interface CpsqOptions {
  /** W_c, each ≥ 0, summing to 1; a channel left out weighs 0. */
  channelWeights?: Partial<Record<Channel, number>>;
  /** wᵢ (and item/level weights) by node code; default the node's maxPoints. */
  indicatorWeights?: Record<string, number>;
  /** 'pooled' (default): sites' responses pool; 'equal': mean of site scores. */
  siteWeighting?: SiteWeighting;
  /** Gate target on 0–100 (default 80). */
  target?: number;
  /** 'point' (default): CPSQ ≥ target; 'lowerBound': lower CI bound ≥ target. */
  gateRule?: 'point' | 'lowerBound';
  /**
   * SD to assume for an S(c,i) resting on one response (channel → indicator → SD). Without it such a
   * score has no variance (domain.md §3.3); a trend passes the SD of its whole window, so a month with a
   * single mystery visit still gets an interval (docs/scoring.md §11).
   */
  singleResponseSd?: Partial<Record<Channel, Record<string, number>>>;
}

export interface ChannelResult extends CompositeScore {
  channel: Channel;
  /** Configured W_c. */
  weight: number;
  /** Responses in the measure rollups of this channel. */
  responses: number;
  /** S(c,i) for the indicators with data. */
  indicators: Record<string, ScoreSummary>;
}

export interface Gate {
  target: number;
  rule: 'point' | 'lowerBound';
  /** The number compared with the target; null when it cannot be computed. */
  value: number | null;
  passed: boolean;
  method: string;
}

export interface CpsqResult {
  catalogue: string;
  siteWeighting: SiteWeighting;
  cpsq: CompositeScore;
  /** W_c / Σ W_c over the channels that entered. */
  effectiveWeights: Partial<Record<Channel, number>>;
  /** Channels with a positive weight but no data. */
  droppedChannels: Channel[];
  channels: Record<Channel, ChannelResult>;
  /** P(i) for every indicator of the catalogue (score null without data). */
  perceived: Record<string, CompositeScore & { channels: Channel[] }>;
  /** Items and levels. */
  nodes: Record<string, NodeScore>;
  gate: Gate;
  measures: Measures;
  /** Indicator codes in the rows that the catalogue does not have (ignored). */
  unknownIndicators: string[];
  /** Indicator rows of another catalogue version (ignored). */
  ignoredRows: number;
}

export type CpsqSummary = Pick<CpsqResult, 'catalogue' | 'siteWeighting' | 'cpsq' | 'effectiveWeights' | 'droppedChannels' | 'channels' | 'gate'>;

function nonNegative(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValidationError(`${field} must be a finite number ≥ 0`, field);
  }
  return value;
}

/** Validate W_c: known channels, each ≥ 0, summing to 1 (±1e-9). */
export function validateChannelWeights(w: Partial<Record<Channel, number>> | undefined): Record<Channel, number> {
  if (w === undefined) return { ...DEFAULT_CHANNEL_WEIGHTS };
  const out = channels.filled(() => 0);
  for (const [key, value] of Object.entries(w)) {
    if (value === undefined) continue; // a channel left out weighs 0
    if (!channels.isChannel(key)) throw new ValidationError(`unknown channel ${key}`, 'channelWeights');
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ValidationError('channel weights must be numbers ≥ 0', 'channelWeights');
    }
    out[key as Channel] = value;
  }
  const total = CHANNELS.reduce((s, c) => s + out[c], 0);
  if (Math.abs(total - 1) > 1e-9) throw new ValidationError(`channel weights must sum to 1 (got ${total})`, 'channelWeights');
  return out;
}

/** S(c,i) from its rows: pooled moments with a t-interval, or equal site weights with ±1.96·√Var. */
function indicatorChannelScore(rows: readonly IndicatorRollup[], weighting: SiteWeighting, borrowedSd?: number): ScoreSummary {
  const total = rows.reduce<Moments>((m, r) => mergeMoments(m, r), emptyMoments());
  const borrowed = (m: Moments) => (m.n === 1 && borrowedSd !== undefined ? borrowedSd * borrowedSd : null);
  if (weighting === 'pooled')
    return total.n === 1 && borrowedSd !== undefined ? summaryFromVariance(meanOf(total), borrowed(total), 1) : scoreFromMoments(total);
  const sites = new Map<string, Moments>();
  for (const r of rows) sites.set(r.siteId, mergeMoments(sites.get(r.siteId) ?? emptyMoments(), r));
  const e = combine([...sites].map(([site, m]) => ({ key: site, weight: 1, estimate: { score: meanOf(m), variance: varianceOfMean(m) ?? borrowed(m) } })));
  return summaryFromVariance(e.score, e.variance, total.n);
}

function gateOf(cpsq: CompositeScore, target: number, rule: 'point' | 'lowerBound'): Gate {
  const value = rule === 'point' ? cpsq.score : (cpsq.ciUnclipped?.[0] ?? null);
  const what = rule === 'point' ? 'the CPSQ point estimate' : 'the lower bound of the CPSQ 95% CI';
  const note = value === null ? ' Not computable (no data, or a CI undefined because some n = 1): not passed.' : '';
  return { target, rule, value, passed: value !== null && value >= target, method: `Gate: ${what} ≥ ${target}.${note}` };
}

/** CPSQ and the channel scores it is made of, with what the rest of the result needs. */
function cpsqCore(rows: readonly RollupDoc[], catalogue: CatalogueLike, options: CpsqOptions) {
  const W = validateChannelWeights(options.channelWeights);
  const weighting = options.siteWeighting ?? 'pooled';
  if (weighting !== 'pooled' && weighting !== 'equal') throw new ValidationError('siteWeighting must be pooled or equal', 'siteWeighting');
  const target = options.target ?? DEFAULT_TARGET;
  if (!(Number.isFinite(target) && target >= 0 && target <= 100)) throw new ValidationError('target must be 0–100', 'target');
  const rule = options.gateRule ?? 'point';
  if (rule !== 'point' && rule !== 'lowerBound') throw new ValidationError('gateRule must be point or lowerBound', 'gateRule');
  const overrides = options.indicatorWeights ?? {};
  for (const [code, w] of Object.entries(overrides)) nonNegative(w, `indicatorWeights.${code}`);
  const weightOf = (node: CatalogueNode): number => overrides[node.code] ?? node.maxPoints;

  const catKey = catalogueKey(catalogue);
  const indicators = catalogue.nodes.filter((n) => n.kind === 'indicator');
  const known = new Set(indicators.map((n) => n.code));
  const unknown = new Set<string>();
  let ignoredRows = 0;
  // channel → indicator → rows; nested maps look up existing strings instead of building a key per row.
  const cells = new Map<Channel, Map<string, IndicatorRollup[]>>(CHANNELS.map((c) => [c, new Map()]));
  const measureRows: MeasureRollup[] = [];
  for (const r of rows) {
    if (r.kind === 'msr') {
      measureRows.push(r);
      continue;
    }
    if (r.catalogue !== catKey) ignoredRows++;
    else if (!known.has(r.indicator)) unknown.add(r.indicator);
    else {
      const byIndicator = cells.get(r.channel) ?? cells.set(r.channel, new Map()).get(r.channel)!;
      const list = byIndicator.get(r.indicator);
      if (list) list.push(r);
      else byIndicator.set(r.indicator, [r]);
    }
  }
  const sites = weighting === 'pooled' ? 'Sites pooled.' : 'Sites weighted equally.';

  const channels = {} as Record<Channel, ChannelResult>;
  for (const c of CHANNELS) {
    const scores: Record<string, ScoreSummary> = {};
    const byIndicator = cells.get(c)!;
    for (const node of indicators) {
      const cell = byIndicator.get(node.code);
      if (cell) scores[node.code] = indicatorChannelScore(cell, weighting, options.singleResponseSd?.[c]?.[node.code]);
    }
    const combined = combine(indicators.filter((n) => scores[n.code]).map((n) => ({ key: n.code, weight: weightOf(n), estimate: scores[n.code] })));
    const method =
      `S(${c}) = Σ wᵢ·S(${c},i) / Σ wᵢ over the ${combined.used.length} indicators with data, wᵢ = maximum points; ` +
      `Var = Σ wᵢ²·SDᵢ²/nᵢ / (Σ wᵢ)², 95% CI = ±1.96·√Var. ${sites} ${CORRELATION_NOTE}`;
    const responses = measureRows.filter((r) => r.channel === c).reduce((s, r) => s + r.responses, 0);
    // Low sample by the channel's own sample (its responses), not by its thinnest indicator: a skip-branch
    // question answered 12 times must not flag a channel score resting on 216 responses (the indicator shows its own flag).
    // Field by field rather than a spread of the composite: a score query builds ~150 of these, and the spread showed in its profile.
    const { score, variance, se, ci, ciUnclipped, method: explained } = compositeScore(combined, method);
    channels[c] = {
      score,
      variance,
      se,
      ci,
      ciUnclipped,
      lowSample: combined.used.length > 0 && responses < LOW_SAMPLE_N,
      method: explained,
      channel: c,
      weight: W[c],
      responses,
      indicators: scores,
    };
  }

  const overall = combine(CHANNELS.map((c) => ({ key: c, weight: W[c], estimate: channels[c] })));
  const effectiveWeights = Object.fromEntries(overall.used.map((u) => [u.key, u.weight])) as Partial<Record<Channel, number>>;
  const dropped = overall.dropped.length ? ` Dropped for lack of data: ${overall.dropped.join(', ')}.` : '';
  const cpsqMethod =
    `CPSQ = Σ W_c·S(c) / Σ W_c over channels with data (${describeWeights(overall.used) || 'none'}).${dropped} ` +
    `Var = Σ W_c²·Var(S(c)) / (Σ W_c)², 95% CI = ±1.96·√Var. ${sites} ${CORRELATION_NOTE}`;
  const cpsq = compositeScore(overall, cpsqMethod);

  const summary: CpsqSummary = {
    catalogue: catKey,
    siteWeighting: weighting,
    cpsq,
    effectiveWeights,
    droppedChannels: overall.dropped,
    channels,
    gate: gateOf(cpsq, target, rule),
  };
  return { summary, W, weighting, weightOf, indicators, measureRows, unknown, ignoredRows };
}

/**
 * Only CPSQ, its channels and the gate: what a per-site list shows. The same
 * numbers as computeCpsq, without the perceived scores, tree and measures.
 */
export function computeCpsqSummary(rows: readonly RollupDoc[], catalogue: CatalogueLike, options: CpsqOptions = {}): CpsqSummary {
  return cpsqCore(rows, catalogue, options).summary;
}

/** The channels that enter the CPSQ with fewer than 30 responses: what makes the CPSQ low-sample. */
export function lowSampleChannels(summary: Pick<CpsqSummary, 'channels' | 'effectiveWeights'>): Array<{ channel: Channel; responses: number }> {
  return CHANNELS.filter((c) => summary.effectiveWeights[c] !== undefined && summary.channels[c].lowSample).map((c) => ({
    channel: c,
    responses: summary.channels[c].responses,
  }));
}

export function computeCpsq(rows: readonly RollupDoc[], catalogue: CatalogueLike, options: CpsqOptions = {}): CpsqResult {
  const { summary, W, weighting, weightOf, indicators, measureRows, unknown, ignoredRows } = cpsqCore(rows, catalogue, options);
  const { channels } = summary;
  const perceived: CpsqResult['perceived'] = {};
  const perceivedEstimates = new Map<string, CompositeScore>();
  for (const node of indicators) {
    const p = combine(CHANNELS.map((c) => ({ key: c, weight: W[c], estimate: channels[c].indicators[node.code] ?? { score: null, variance: null } })));
    const method =
      `P(${node.code}) = Σ W_c·S(c,${node.code}) / Σ W_c over channels with data (${describeWeights(p.used) || 'none'}); ` +
      `Var = Σ W_c²·Var / (Σ W_c)², 95% CI = ±1.96·√Var. ${CORRELATION_NOTE}`;
    const score = compositeScore(p, method);
    perceived[node.code] = { ...score, channels: p.used.map((u) => u.key) };
    perceivedEstimates.set(node.code, score);
  }

  return {
    catalogue: summary.catalogue,
    siteWeighting: weighting,
    cpsq: summary.cpsq,
    effectiveWeights: summary.effectiveWeights,
    droppedChannels: summary.droppedChannels,
    channels,
    perceived,
    nodes: rollUpTree(catalogue.nodes, perceivedEstimates, weightOf),
    gate: summary.gate,
    measures: measuresFrom(measureRows, weighting),
    unknownIndicators: [...unknown].sort(),
    ignoredRows,
  };
}

/** P(i) as the audit takes it: indicator code → 0–100, only where there is data. */
export function perceivedScores(result: CpsqResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [code, p] of Object.entries(result.perceived)) if (p.score !== null) out[code] = p.score;
  return out;
}
