/**
 * Enterprise audit score across sites and the lift to the next level (domain.md §4.5).
 */
import { ValidationError } from '../../errors';
import type { EvidenceKind } from '../catalogues/types';
import type { SiteAudit } from './audit';
import { DEFAULT_THRESHOLDS, type LevelThresholds, nextLevel, roundScore, type StarLevel, starLevel } from './levels';

export type EnterpriseWeighting = 'responses' | 'equal' | 'minimum';

export interface EnterpriseSiteInput {
  siteId: string;
  /** How the method sentence names the site (its code); the id when absent. */
  label?: string;
  audit: Pick<SiteAudit, 'score' | 'certified' | 'notCertifiedReason'>;
  /** Responses behind the site's perceived scores (its weight under 'responses'). */
  responses: number;
}

/** Why a site blocks a multi-site certificate (domain.md §4.5, IAF MD 1). */
export type BlockingReason = 'belowCompliant' | 'specialDeductions';
/** 'block': a blocking site bars the enterprise certificate until corrected; 'reportOnly': it is named, the level stands. */
export type MultiSiteBlocking = 'block' | 'reportOnly';

export interface EnterpriseAudit {
  score: number;
  level: StarLevel;
  certified: boolean;
  weighting: EnterpriseWeighting;
  /** Effective weight of each site (sums to 1; under 'minimum' the lowest site has 1). */
  weights: Record<string, number>;
  /** Sites that bar the enterprise level: those of blockingSites under 'block', a barred single site always. */
  barredSites: string[];
  /** Every site that blocks a multi-site certificate, with why, whether or not the rule bars the level. */
  blockingSites: Array<{ siteId: string; reasons: BlockingReason[] }>;
  blocking: MultiSiteBlocking;
  method: string;
}

export interface EnterpriseRules {
  thresholds?: LevelThresholds;
  blocking?: MultiSiteBlocking;
}

/**
 * Multi-site rule: a site below the compliant threshold or barred by special
 * deductions blocks the certificate, since a nonconformity at one site is the
 * network's. A single site's own score already is the enterprise's; only its
 * deduction bar is carried over (as before the rule).
 */
function blockingSitesOf(sites: readonly EnterpriseSiteInput[], thresholds: LevelThresholds): EnterpriseAudit['blockingSites'] {
  const multi = sites.length > 1;
  return sites
    .map((s) => {
      const reasons: BlockingReason[] = [];
      if (multi && starLevel(s.audit.score, thresholds) === 'none') reasons.push('belowCompliant');
      if (s.audit.notCertifiedReason !== undefined) reasons.push('specialDeductions');
      return { siteId: s.siteId, reasons };
    })
    .filter((s) => s.reasons.length > 0);
}

/**
 * Enterprise score = Σ nₛ·scoreₛ / Σ nₛ (responses, default), the mean of the
 * site scores ('equal'), or the lowest site score ('minimum').
 * Choices: with no responses at any site, 'responses' falls back to equal
 * weights (said in `method`); blocking sites (see blockingSitesOf) bar the
 * enterprise under the default 'block' rule and are only named under 'reportOnly'.
 */
export function enterpriseAudit(
  sites: readonly EnterpriseSiteInput[],
  weighting: EnterpriseWeighting = 'responses',
  rulesOrThresholds: LevelThresholds | EnterpriseRules = {},
): EnterpriseAudit {
  const rules: EnterpriseRules = 'compliant' in rulesOrThresholds ? { thresholds: rulesOrThresholds } : rulesOrThresholds;
  const thresholds = rules.thresholds ?? DEFAULT_THRESHOLDS;
  const blocking = rules.blocking ?? 'block';
  if (blocking !== 'block' && blocking !== 'reportOnly') throw new ValidationError('multi-site blocking must be block or reportOnly', 'multiSiteBlocking');
  if (sites.length === 0) throw new ValidationError('an enterprise score needs at least one site', 'sites');
  for (const s of sites) {
    if (!(Number.isFinite(s.responses) && s.responses >= 0)) {
      throw new ValidationError(`site ${s.siteId}: responses must be ≥ 0`, 'responses');
    }
  }
  let raw: number[];
  let method: string;
  const total = sites.reduce((a, s) => a + s.responses, 0);
  if (weighting === 'minimum') {
    const min = Math.min(...sites.map((s) => s.audit.score));
    const lowest = sites.findIndex((s) => s.audit.score === min);
    raw = sites.map((_, i) => (i === lowest ? 1 : 0));
    method = 'Enterprise score = the lowest site score.';
  } else if (weighting === 'responses' && total > 0) {
    raw = sites.map((s) => s.responses / total);
    method = 'Enterprise score = Σ responsesₛ·scoreₛ / Σ responsesₛ (sites weighted by their responses).';
  } else if (weighting === 'responses' || weighting === 'equal') {
    raw = sites.map(() => 1 / sites.length);
    method =
      weighting === 'equal'
        ? 'Enterprise score = mean of the site scores (sites weighted equally).'
        : 'Enterprise score = mean of the site scores (no responses yet, so sites weighted equally).';
  } else {
    throw new ValidationError('weighting must be responses, equal or minimum', 'weighting');
  }
  const score = roundScore(sites.reduce((a, s, i) => a + raw[i] * s.audit.score, 0));
  const blockingSites = blockingSitesOf(sites, thresholds);
  const barredSites = blocking === 'block' || sites.length === 1 ? blockingSites.map((s) => s.siteId) : [];
  const level = barredSites.length ? 'none' : starLevel(score, thresholds);
  const labelOf = new Map(sites.map((s) => [s.siteId, s.label ?? s.siteId]));
  const named = blockingSites.map((s) => `${labelOf.get(s.siteId)} (${s.reasons.join(', ')})`).join('; ');
  const rule = !blockingSites.length
    ? method
    : barredSites.length
      ? `${method} Not certified until corrected: ${named}.`
      : `${method} Blocking sites reported only (scheme setting): ${named}.`;
  return {
    score,
    level,
    certified: level !== 'none',
    weighting,
    weights: Object.fromEntries(sites.map((s, i) => [s.siteId, raw[i]])),
    barredSites,
    blockingSites,
    blocking,
    method: rule,
  };
}

export interface LiftIndicator {
  code: string;
  evidence: EvidenceKind[];
  /** max − earned, in catalogue points. */
  pointsAvailable: number;
  /** The same converted to site-score points: (max − earned) / Σ applicable max × 100. */
  scorePoints: number;
}

export interface LevelLift {
  level: StarLevel;
  /** Null at five stars. */
  next: Exclude<StarLevel, 'none'> | null;
  threshold: number | null;
  /** Score points still needed to reach the next level (null at five stars). */
  pointsNeeded: number | null;
  /** Whether raising every indicator to its maximum would be enough. */
  reachable: boolean;
  /** Set when special deductions bar certification whatever the score. */
  blockedBy?: 'specialDeductions';
  /** Applicable indicators with points still available, most first. */
  indicators: LiftIndicator[];
}

/** What it takes to reach the next level: points needed and the indicators that could supply them. */
export function nextLevelLift(audit: SiteAudit): LevelLift {
  const indicators = audit.indicators
    .filter((r) => r.applicable && r.maxPoints - r.earned > 1e-12)
    .map((r) => ({
      code: r.code,
      evidence: r.evidence,
      pointsAvailable: r.maxPoints - r.earned,
      scorePoints: ((r.maxPoints - r.earned) / audit.applicableMax) * 100,
    }))
    .sort((a, b) => b.scorePoints - a.scorePoints || a.code.localeCompare(b.code));
  const blocked = audit.notCertifiedReason !== undefined;
  // A barred site's level is 'none' whatever its score; the lift still targets the score's next level.
  const scoreLevel = starLevel(audit.score, audit.settings.thresholds);
  const next = nextLevel(scoreLevel);
  const blockedBy = blocked ? { blockedBy: 'specialDeductions' as const } : {};
  if (next === null) {
    return { level: audit.level, next: null, threshold: null, pointsNeeded: null, reachable: !blocked, ...blockedBy, indicators };
  }
  const threshold = audit.settings.thresholds[next];
  // From the unclamped score, so that deductions below 0 are still counted.
  const pointsNeeded = roundScore(threshold - audit.unclamped);
  const available = indicators.reduce((s, i) => s + i.scorePoints, 0);
  return {
    level: audit.level,
    next,
    threshold,
    pointsNeeded,
    reachable: !blocked && available + 1e-9 >= pointsNeeded,
    ...blockedBy,
    indicators,
  };
}
