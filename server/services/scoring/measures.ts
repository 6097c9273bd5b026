/**
 * The familiar measures beside CPSQ (domain.md §3.9), from the per-(site,
 * channel, day) measure rollups: CSAT, NPS with its margin of error, the
 * ACSI-style index, effort, and mystery-visit results.
 * Sites pool (counters add) or weigh equally (mean of site values, Var = Σ Var/k²).
 */
import { combine } from './composite';
import { MEASURE_COUNTERS, type MeasureCounter, type MeasureRollup } from './rollup';
import { meanOf, type Moments, type ScoreSummary, scoreFromMoments, summaryFromVariance, varianceOfMean, Z95 } from './stats';

export type SiteWeighting = 'pooled' | 'equal';
type Counters = Record<MeasureCounter, number>;

export interface ProportionMeasure {
  /** % satisfied, 0–100; null without answers. */
  percent: number | null;
  n: number;
  satisfied: number;
  variance: number | null;
  /** 1.96·100·√(p(1−p)/n) when pooled. */
  marginOfError: number | null;
  method: string;
}

export interface NpsMeasure {
  /** % promoters − % detractors, −100..100; null without answers. */
  score: number | null;
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  variance: number | null;
  /** 1.96·100·√((p + d − (p − d)²)/n) when pooled. */
  marginOfError: number | null;
  method: string;
}

export type MeanMeasure = ScoreSummary & { method: string };

export interface Measures {
  responses: number;
  csat: ProportionMeasure;
  nps: NpsMeasure;
  acsi: MeanMeasure;
  effort: MeanMeasure;
  visits: { visits: number; failed: number; failedPercent: number | null; score: MeanMeasure };
}

export function sumMeasureCounters(rows: readonly MeasureRollup[]): Counters {
  const out = Object.fromEntries(MEASURE_COUNTERS.map((c) => [c, 0])) as Counters;
  for (const r of rows) for (const c of MEASURE_COUNTERS) out[c] += r[c] ?? 0;
  return out;
}

function moments(c: Counters, prefix: 'overall' | 'effort' | 'visitScore'): Moments {
  return { n: c[`${prefix}N`], sum: c[`${prefix}Sum`], sumSq: c[`${prefix}SumSq`] };
}

interface Point {
  score: number | null;
  variance: number | null;
}

function csatPoint(c: Counters): Point {
  if (c.csatN === 0) return { score: null, variance: null };
  const p = c.csatSatisfied / c.csatN;
  return { score: 100 * p, variance: (10_000 * p * (1 - p)) / c.csatN };
}

/** NPS = 100(p − d); Var = 100²·(p + d − (p − d)²)/n (multinomial). */
export function npsPoint(promoters: number, passives: number, detractors: number): Point {
  const n = promoters + passives + detractors;
  if (n === 0) return { score: null, variance: null };
  const p = promoters / n;
  const d = detractors / n;
  return { score: 100 * (p - d), variance: (10_000 * (p + d - (p - d) ** 2)) / n };
}

function bySite(rows: readonly MeasureRollup[]): Counters[] {
  const groups = new Map<string, MeasureRollup[]>();
  for (const r of rows) {
    const list = groups.get(r.siteId);
    if (list) list.push(r);
    else groups.set(r.siteId, [r]);
  }
  return [...groups.values()].map(sumMeasureCounters);
}

/** Pooled: the estimate of the summed counters (`total`). Equal: mean over sites with data, Var = Σ Var/k². */
function across(rows: readonly MeasureRollup[], total: Counters, weighting: SiteWeighting, point: (c: Counters) => Point): Point {
  if (weighting === 'pooled') return point(total);
  return combine(bySite(rows).map((c, k) => ({ key: String(k), weight: 1, estimate: point(c) })));
}

function mean(rows: readonly MeasureRollup[], sums: Counters, w: SiteWeighting, prefix: 'overall' | 'effort' | 'visitScore', what: string): MeanMeasure {
  const total = moments(sums, prefix);
  if (w === 'pooled') {
    return { ...scoreFromMoments(total), method: `${what}: mean of all responses, 95% CI by Student's t (n − 1 df).` };
  }
  const e = across(rows, sums, w, (c) => ({ score: meanOf(moments(c, prefix)), variance: varianceOfMean(moments(c, prefix)) }));
  const method = `${what}: mean of the site means (sites weighted equally), Var = Σ Var/k², 95% CI = ±1.96·√Var.`;
  return { ...summaryFromVariance(e.score, e.variance, total.n), method };
}

function moe(variance: number | null): number | null {
  return variance === null ? null : Z95 * Math.sqrt(variance);
}

export function measuresFrom(rows: readonly MeasureRollup[], weighting: SiteWeighting = 'pooled'): Measures {
  const t = sumMeasureCounters(rows);
  const sites = weighting === 'pooled' ? 'all sites pooled' : 'mean of site values, sites weighted equally';
  // Summed once: every pooled measure reads the same totals.
  const csat = across(rows, t, weighting, csatPoint);
  const nps = across(rows, t, weighting, (c) => npsPoint(c.npsPromoters, c.npsPassives, c.npsDetractors));
  return {
    responses: t.responses,
    csat: {
      percent: csat.score,
      n: t.csatN,
      satisfied: t.csatSatisfied,
      variance: csat.variance,
      marginOfError: moe(csat.variance),
      method: `CSAT = % of 4–5 answers on the 5-point overall question (${sites}); margin of error 1.96·100·√(p(1−p)/n).`,
    },
    nps: {
      score: nps.score,
      n: t.npsPromoters + t.npsPassives + t.npsDetractors,
      promoters: t.npsPromoters,
      passives: t.npsPassives,
      detractors: t.npsDetractors,
      variance: nps.variance,
      marginOfError: moe(nps.variance),
      method: `NPS = % promoters (9–10) − % detractors (0–6) (${sites}); margin of error 1.96·100·√((p + d − (p − d)²)/n).`,
    },
    acsi: mean(rows, t, weighting, 'overall', 'ACSI-style index = mean of the overall questions on 0–100'),
    effort: mean(rows, t, weighting, 'effort', 'Effort = mean of the effort questions on 0–100'),
    visits: {
      visits: t.visits,
      failed: t.visitsFailed,
      failedPercent: t.visits > 0 ? (100 * t.visitsFailed) / t.visits : null,
      score: mean(rows, t, weighting, 'visitScore', 'Visit score = mean of approved visits (share of checklist items passed)'),
    },
  };
}
