/**
 * Audits of an enterprise's certification project (domain.md §1, §4): the
 * audit itself, the auditor's per-site, per-indicator entries and the per-site
 * adjustments (bonus, special deductions). Indicator codes contain dots, so
 * they are values (one document per entry), never document keys.
 */
import type { Doc } from '../../store/types';
import type { OnsiteEntry } from '../scoring/audit';
import type { StarLevel } from '../scoring/levels';

export const AUDIT_KINDS = ['stage1', 'stage2', 'surveillance-1', 'surveillance-2', 'unannounced'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export const AUDIT_STATUSES = ['planned', 'inProgress', 'completed', 'cancelled'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

/** Which status may follow which; a completed audit can be reopened, a cancelled one is final. */
export const STATUS_MOVES: Record<AuditStatus, AuditStatus[]> = {
  planned: ['inProgress', 'cancelled'],
  inProgress: ['completed', 'cancelled'],
  completed: ['inProgress'],
  cancelled: [],
};

export const ENTRY_STATUSES = ['met', 'notMet', 'fraction', 'na'] as const;
export type EntryStatus = OnsiteEntry['status'];

/** The score recorded when an audit is completed: which catalogue produced which numbers. */
export interface AuditResult {
  computedAt: string;
  catalogue: string;
  /** The certification scheme version ("code@version") the result was scored under; absent on results recorded before schemes. */
  scheme?: string;
  evidence: { from: string; to: string };
  enterprise: { score: number; level: StarLevel } | null;
  sites: Array<{ siteId: string; code: string; score: number | null; level: StarLevel | null }>;
}

export interface Audit extends Doc {
  enterpriseId: string;
  kind: AuditKind;
  /** YYYY-MM-DD. */
  plannedDate: string;
  status: AuditStatus;
  /** Customer data behind the perceived indicators: default the 12 months before the audit date. */
  evidenceFrom: string;
  evidenceTo: string;
  /** Frozen when the audit is created, so later project changes cannot re-key its entries. */
  catalogue: { code: string; version: string };
  /** Sites in scope; null = every site of the enterprise (a surveillance audit may narrow it). */
  siteIds: string[] | null;
  note: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  startedAt?: string;
  completedAt?: string;
  result?: AuditResult;
}

export interface Nonconformity {
  note: string;
  evidence: string;
  /** Date by which the enterprise must correct it (YYYY-MM-DD). */
  dueDate: string;
}

/** One auditor entry: _id `${auditId}|${siteId}|${code}`. */
export interface AuditEntry extends Doc {
  enterpriseId: string;
  auditId: string;
  siteId: string;
  code: string;
  status: EntryStatus;
  fraction?: number;
  reason?: string;
  nonconformity?: Nonconformity;
  /** Bumped on every change: a page saved from an older rev cannot overwrite a newer entry unseen. */
  rev: number;
  updatedAt: string;
  updatedBy: string;
}

/** A bonus (one per site, _id `${auditId}|${siteId}|bonus`) or a special deduction (one document each). */
export interface AuditAdjustment extends Doc {
  enterpriseId: string;
  auditId: string;
  siteId: string;
  kind: 'bonus' | 'deduction';
  /** Bonus points (≥ 0; the scoring caps them); absent on deductions, which count 1 each. */
  points?: number;
  reason: string;
  evidence?: string;
  /** Bonus only: bumped on every change, as for entries. */
  rev?: number;
  createdAt: string;
  createdBy: string;
}

export const entryId = (auditId: string, siteId: string, code: string) => `${auditId}|${siteId}|${code}`;
export const bonusId = (auditId: string, siteId: string) => `${auditId}|${siteId}|bonus`;
