/**
 * Rollups: the sufficient statistics of every score, as documents a store can
 * keep with atomic `$inc` + upsert (the same idea as Uptime Kuma's day tables).
 *
 * Two document kinds, one per key:
 *   ind|<siteId>|<catalogue>|<indicator>|<channel>|<day>  → n, sum, sumSq
 *   msr|<siteId>|<channel>|<day>                          → MEASURE_COUNTERS
 * `day` is the calendar day 'YYYY-MM-DD' at the enterprise's UTC offset
 * (default +480 min, China). `catalogue` is '<code>@<version>' so that two
 * catalogue versions never mix. Components are escaped ('%' → %25, '|' → %7C),
 * so the key is injective. Every sum is an integer in fixed point (stats.ts),
 * which keeps increments exact and order-free.
 */
import { ValidationError } from '../../errors';
import type { Channel } from '../templates/types';
import type { ResponseContribution, ScoringResponse } from './contributions';
import { toFixedPoint } from './stats';
import { CHINA_TZ_OFFSET_MINUTES, dayOf } from '../calendar';

export const INDICATOR_COUNTERS = ['n', 'sum', 'sumSq'] as const;
// prettier-ignore
export const MEASURE_COUNTERS = [
  'responses',
  'overallN', 'overallSum', 'overallSumSq',
  'csatN', 'csatSatisfied',
  'npsPromoters', 'npsPassives', 'npsDetractors',
  'effortN', 'effortSum', 'effortSumSq',
  'visits', 'visitsFailed',
  'visitScoreN', 'visitScoreSum', 'visitScoreSumSq',
] as const;
export type IndicatorCounter = (typeof INDICATOR_COUNTERS)[number];
export type MeasureCounter = (typeof MEASURE_COUNTERS)[number];

// Type aliases (not interfaces) so that the fields fit Record<string, string> and $setOnInsert.
export type IndicatorRollupFields = {
  kind: 'ind';
  siteId: string;
  catalogue: string;
  indicator: string;
  channel: Channel;
  day: string;
};
export type MeasureRollupFields = {
  kind: 'msr';
  siteId: string;
  channel: Channel;
  day: string;
};
export type IndicatorRollup = IndicatorRollupFields & Record<IndicatorCounter, number>;
export type MeasureRollup = MeasureRollupFields & Record<MeasureCounter, number>;
export type RollupDoc = IndicatorRollup | MeasureRollup;

/** One document to upsert: `{_id: key}`, `$setOnInsert: fields`, `$inc: inc`. */
export interface RollupIncrement {
  key: string;
  fields: IndicatorRollupFields | MeasureRollupFields;
  inc: Record<string, number>;
}

/** Rollup documents by key; the in-memory twin of the store's collection. */
export type Rollup = Record<string, RollupDoc>;

const NEEDS_ESCAPE = /[%|]/;

function escapeKeyPart(part: string): string {
  // Most parts need no escaping; testing first saves two regex replacements per part (rebuilds build millions of keys).
  return NEEDS_ESCAPE.test(part) ? part.replace(/%/g, '%25').replace(/\|/g, '%7C') : part;
}

export function catalogueKey(catalogue: { code: string; version: string }): string {
  return `${catalogue.code}@${catalogue.version}`;
}

export function indicatorRollupKey(f: Omit<IndicatorRollupFields, 'kind'>): string {
  return ['ind', f.siteId, f.catalogue, f.indicator, f.channel, f.day].map(escapeKeyPart).join('|');
}

export function measureRollupKey(f: Omit<MeasureRollupFields, 'kind'>): string {
  return ['msr', f.siteId, f.channel, f.day].map(escapeKeyPart).join('|');
}

/** n, sum, sumSq that one value adds (fixed point); zeros when there is no value. */
export function momentInc(v: number | undefined): [number, number, number] {
  if (v === undefined) return [0, 0, 0];
  const x = toFixedPoint(v);
  return [1, x, x * x];
}

/** The measure counters one response adds; every counter is present, zeros included. */
export function measureInc(contribution: Omit<ResponseContribution, 'indicators'>, channel: Channel): Record<MeasureCounter, number> {
  const [overallN, overallSum, overallSumSq] = momentInc(contribution.overall);
  const [effortN, effortSum, effortSumSq] = momentInc(contribution.effort);
  const [visitScoreN, visitScoreSum, visitScoreSumSq] = momentInc(contribution.visitScore);
  const isVisit = channel === 'mystery';
  // prettier-ignore
  return {
    responses: 1,
    overallN, overallSum, overallSumSq,
    csatN: contribution.csatSatisfied === undefined ? 0 : 1,
    csatSatisfied: contribution.csatSatisfied ? 1 : 0,
    npsPromoters: contribution.nps === 'promoter' ? 1 : 0,
    npsPassives: contribution.nps === 'passive' ? 1 : 0,
    npsDetractors: contribution.nps === 'detractor' ? 1 : 0,
    effortN, effortSum, effortSumSq,
    visits: isVisit ? 1 : 0,
    visitsFailed: isVisit && contribution.visitFailed ? 1 : 0,
    visitScoreN, visitScoreSum, visitScoreSumSq,
  };
}

/**
 * The documents one response increments. Every counter is present (zeros
 * included) so a document always has its full shape after the first upsert.
 */
export function rollupIncrements(response: ScoringResponse, contribution: ResponseContribution, tzOffsetMinutes = CHINA_TZ_OFFSET_MINUTES): RollupIncrement[] {
  const channel = response.channel ?? response.content.channel;
  const day = dayOf(response.at, tzOffsetMinutes);
  const siteId = response.siteId;
  if (!siteId) throw new ValidationError('a response needs a site', 'siteId');
  const catalogue = catalogueKey(response.content.catalogue);
  const out: RollupIncrement[] = [];
  for (const indicator of Object.keys(contribution.indicators).sort()) {
    const [n, sum, sumSq] = momentInc(contribution.indicators[indicator]);
    const fields: IndicatorRollupFields = { kind: 'ind', siteId, catalogue, indicator, channel, day };
    out.push({ key: indicatorRollupKey(fields), fields, inc: { n, sum, sumSq } });
  }
  const fields: MeasureRollupFields = { kind: 'msr', siteId, channel, day };
  out.push({ key: measureRollupKey(fields), fields, inc: measureInc(contribution, channel) });
  return out;
}

/** The increments that undo `incs` (a visit un-approved, a reviewer's edit: undo old, apply new). */
export function negateIncrements(incs: readonly RollupIncrement[]): RollupIncrement[] {
  return incs.map((i) => ({
    ...i,
    inc: Object.fromEntries(Object.entries(i.inc).map(([k, v]) => [k, v === 0 ? 0 : -v])),
  }));
}

export function emptyRollup(): Rollup {
  return {};
}

function zeroCounters(kind: RollupDoc['kind']): Record<string, number> {
  const names: readonly string[] = kind === 'ind' ? INDICATOR_COUNTERS : MEASURE_COUNTERS;
  return Object.fromEntries(names.map((n) => [n, 0]));
}

function addDoc(target: Rollup, key: string, fields: RollupIncrement['fields'], inc: Record<string, number>): void {
  const current = (target[key] ?? { ...fields, ...zeroCounters(fields.kind) }) as unknown as Record<string, unknown>;
  const next: Record<string, unknown> = { ...current };
  for (const [name, delta] of Object.entries(inc)) next[name] = ((current[name] as number | undefined) ?? 0) + delta;
  target[key] = next as unknown as RollupDoc;
}

/** Apply increments as the store's `$inc` with upsert would; returns a new rollup. */
export function applyIncrements(rollup: Rollup, incs: readonly RollupIncrement[]): Rollup {
  const out: Rollup = { ...rollup };
  for (const i of incs) addDoc(out, i.key, i.fields, i.inc);
  return out;
}

function countersOf(doc: RollupDoc): Record<string, number> {
  const names: readonly string[] = doc.kind === 'ind' ? INDICATOR_COUNTERS : MEASURE_COUNTERS;
  const d = doc as unknown as Record<string, number>;
  return Object.fromEntries(names.map((n) => [n, d[n] ?? 0]));
}

function fieldsOf(doc: RollupDoc): RollupIncrement['fields'] {
  if (doc.kind === 'ind') {
    const { siteId, catalogue, indicator, channel, day } = doc;
    return { kind: 'ind', siteId, catalogue, indicator, channel, day };
  }
  const { siteId, channel, day } = doc;
  return { kind: 'msr', siteId, channel, day };
}

/** Field-wise sum of two rollups (associative and commutative; exact on integer counters). */
export function mergeRollups(a: Rollup, b: Rollup): Rollup {
  const out: Rollup = { ...a };
  for (const [key, doc] of Object.entries(b)) addDoc(out, key, fieldsOf(doc), countersOf(doc));
  return out;
}
