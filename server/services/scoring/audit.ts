/**
 * The audit score of one site (domain.md §4.1–4.4).
 *   onsite indicator    → max × fraction
 *   perceived indicator → max × P(i)/100
 *   both                → max × (fraction + P(i)/100)/2
 * Choices (documented in docs/scoring.md):
 * - "both" with only one side uses that side alone (flag 'onsiteOnly' / 'perceivedOnly',
 *   and 'oneSided', which reports show as 「单方证据」);
 * - "perceived" without customer data uses the auditor's entry when there is one
 *   (flag 'onsiteOnly'); with neither it earns 0 (flag 'noEvidence');
 * - "onsite" without an auditor entry earns 0 (flag 'noEvidence'): not yet audited;
 * - N/A (any kind) leaves the denominator.
 * Site score = Σ earned / Σ applicable max × 100 + min(bonus, 1) − 1 per special
 * deduction, kept within 0–100 and rounded to 1e-6; ≥ 5 deductions: not certified.
 */
import { ValidationError } from '../../errors';
import type { EvidenceKind } from '../catalogues/types';
import { DEFAULT_THRESHOLDS, type LevelThresholds, roundScore, type StarLevel, starLevel, validateThresholds } from './levels';
import type { CatalogueLike } from './tree';

export interface OnsiteEntry {
  status: 'met' | 'notMet' | 'fraction' | 'na';
  /** 0–1, required with status 'fraction'. */
  fraction?: number;
  /** Required with 'fraction' and 'na'. */
  reason?: string;
}

export interface AuditSettings {
  /** Bonus is capped at this many points (default 1). */
  bonusCap: number;
  /** Points per special deduction (default 1). */
  deductionPoints: number;
  /** This many special deductions or more: not certified (default 5). */
  decertifyingDeductions: number;
  thresholds: LevelThresholds;
}
export const DEFAULT_AUDIT_SETTINGS: Readonly<AuditSettings> = {
  bonusCap: 1,
  deductionPoints: 1,
  decertifyingDeductions: 5,
  thresholds: DEFAULT_THRESHOLDS,
};

export interface SiteAuditInput {
  catalogue: CatalogueLike;
  /** Auditor entries by indicator code. */
  onsite?: Record<string, OnsiteEntry>;
  /** P(i) 0–100 by indicator code; absent or null = no customer data. */
  perceived?: Record<string, number | null | undefined>;
  bonus?: number;
  specialDeductions?: number;
  /** Maximum points per indicator overriding the catalogue (certification project). */
  maxPoints?: Record<string, number>;
  settings?: Partial<AuditSettings>;
}

/** 'oneSided': an indicator evidenced on site and by customers that had only one side (domain.md §4.2). */
export type AuditFlag = 'noEvidence' | 'onsiteOnly' | 'perceivedOnly' | 'oneSided';
export const AUDIT_FLAGS: readonly AuditFlag[] = ['noEvidence', 'oneSided', 'onsiteOnly', 'perceivedOnly'];

export interface IndicatorAudit {
  code: string;
  maxPoints: number;
  evidence: EvidenceKind[];
  applicable: boolean;
  earned: number;
  fraction: number | null;
  perceived: number | null;
  flags: AuditFlag[];
  reason?: string;
}

export interface SiteAudit {
  indicators: IndicatorAudit[];
  earned: number;
  applicableMax: number;
  /** Σ earned / Σ applicable max × 100. */
  base: number;
  bonus: number;
  deductions: number;
  /** base + bonus − deductions before clamping to 0–100. */
  unclamped: number;
  score: number;
  level: StarLevel;
  certified: boolean;
  notCertifiedReason?: string;
  settings: AuditSettings;
  method: string;
}

function fractionOf(code: string, e: OnsiteEntry): number | null {
  const field = `onsite.${code}`;
  const needsReason = e.status === 'fraction' || e.status === 'na';
  if (needsReason && !(typeof e.reason === 'string' && e.reason.trim())) {
    throw new ValidationError(`${code}: a ${e.status} entry needs a reason`, `${field}.reason`);
  }
  switch (e.status) {
    case 'met':
      return 1;
    case 'notMet':
      return 0;
    case 'na':
      return null;
    case 'fraction':
      if (typeof e.fraction !== 'number' || !(e.fraction >= 0 && e.fraction <= 1)) {
        throw new ValidationError(`${code}: fraction must be 0–1`, `${field}.fraction`);
      }
      return e.fraction;
    default:
      throw new ValidationError(`${code}: unknown status`, `${field}.status`);
  }
}

function nonNegative(value: number, field: string): number {
  if (!(Number.isFinite(value) && value >= 0)) throw new ValidationError(`${field} must be a number ≥ 0`, field);
  return value;
}

/** Earned points and flags of one applicable indicator. */
function earn(evidence: EvidenceKind[], max: number, f: number | null, p: number | null): Pick<IndicatorAudit, 'earned' | 'flags'> {
  const onsite = evidence.includes('onsite');
  const perceived = evidence.includes('perceived');
  if (onsite && perceived) {
    if (f !== null && p !== null) return { earned: (max * (f + p / 100)) / 2, flags: [] };
    if (f !== null) return { earned: max * f, flags: ['onsiteOnly', 'oneSided'] };
    if (p !== null) return { earned: (max * p) / 100, flags: ['perceivedOnly', 'oneSided'] };
    return { earned: 0, flags: ['noEvidence'] };
  }
  if (perceived) {
    if (p !== null) return { earned: (max * p) / 100, flags: [] };
    if (f !== null) return { earned: max * f, flags: ['onsiteOnly'] };
    return { earned: 0, flags: ['noEvidence'] };
  }
  return f !== null ? { earned: max * f, flags: [] } : { earned: 0, flags: ['noEvidence'] };
}

export function auditSite(input: SiteAuditInput): SiteAudit {
  const settings: AuditSettings = { ...DEFAULT_AUDIT_SETTINGS, ...input.settings };
  validateThresholds(settings.thresholds);
  nonNegative(settings.bonusCap, 'settings.bonusCap');
  nonNegative(settings.deductionPoints, 'settings.deductionPoints');
  const onsite = input.onsite ?? {};
  const perceived = input.perceived ?? {};
  const indicators = input.catalogue.nodes.filter((n) => n.kind === 'indicator');
  const codes = new Set(indicators.map((n) => n.code));
  for (const code of Object.keys(onsite)) {
    if (!codes.has(code)) throw new ValidationError(`${code} is not an indicator of the catalogue`, `onsite.${code}`);
  }

  const rows: IndicatorAudit[] = indicators.map((node) => {
    const max = nonNegative(input.maxPoints?.[node.code] ?? node.maxPoints, `maxPoints.${node.code}`);
    const evidence = node.evidence?.length ? node.evidence : (['onsite'] as EvidenceKind[]);
    const entry = onsite[node.code];
    const f = entry ? fractionOf(node.code, entry) : null;
    const pRaw = perceived[node.code];
    if (pRaw !== null && pRaw !== undefined && !(pRaw >= 0 && pRaw <= 100)) {
      throw new ValidationError(`${node.code}: perceived score must be 0–100`, `perceived.${node.code}`);
    }
    const p = pRaw ?? null;
    const base = { code: node.code, maxPoints: max, evidence, fraction: f, perceived: p, reason: entry?.reason };
    // N/A leaves the denominator: the standard scores only applicable indicators.
    if (entry?.status === 'na') return { ...base, applicable: false, earned: 0, flags: [] };
    return { ...base, applicable: true, ...earn(evidence, max, f, p) };
  });

  const applicable = rows.filter((r) => r.applicable);
  const applicableMax = applicable.reduce((s, r) => s + r.maxPoints, 0);
  if (applicableMax === 0) throw new ValidationError('no applicable indicator carries points', 'onsite');
  const earned = applicable.reduce((s, r) => s + r.earned, 0);
  const bonusIn = nonNegative(input.bonus ?? 0, 'bonus');
  const count = input.specialDeductions ?? 0;
  if (!(Number.isInteger(count) && count >= 0)) throw new ValidationError('special deductions must be a count ≥ 0', 'specialDeductions');

  const base = (earned / applicableMax) * 100;
  const bonus = Math.min(bonusIn, settings.bonusCap);
  const deductions = count * settings.deductionPoints;
  const unclamped = base + bonus - deductions;
  const score = roundScore(Math.min(100, Math.max(0, unclamped)));
  const barred = count >= settings.decertifyingDeductions;
  const level = barred ? 'none' : starLevel(score, settings.thresholds);
  return {
    indicators: rows,
    earned,
    applicableMax,
    base,
    bonus,
    deductions,
    unclamped,
    score,
    level,
    certified: level !== 'none',
    ...(barred ? { notCertifiedReason: `${count} special deductions (≥ ${settings.decertifyingDeductions})` } : {}),
    settings,
    method:
      `Score = Σ earned / Σ applicable max × 100 (N/A left out) + bonus (≤ ${settings.bonusCap}) − ` +
      `${settings.deductionPoints} per special deduction, within 0–100; ${settings.decertifyingDeductions} or more deductions: not certified.`,
  };
}
