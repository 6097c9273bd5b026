/**
 * The certification timeline (domain.md §1): application → document review →
 * stage 1 → CPSQ computed → stage 2 → review board → certificate (valid 3
 * years) → yearly surveillance. Audit stages follow their audits; the CPSQ
 * stage is the gate; the other stages are recorded on the project document
 * (field `timeline`, which project settings never read or write).
 */
import { ConflictError, ValidationError } from '../../errors';
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import type { Project } from '../scores/projects';
import { listAudits } from './audits';
import { lastTwelveMonths } from '../periods';
import { todayOf } from './dates';
import { type Stage2Readiness, stage2Readiness } from './gate';
import type { Audit, AuditKind } from './types';
import { assertAllowed } from '../policy';
import { addYears, checkDay } from '../calendar';

export const STAGES = ['application', 'documentReview', 'stage1', 'cpsq', 'stage2', 'reviewBoard', 'certificate', 'surveillance1', 'surveillance2'] as const;
export type Stage = (typeof STAGES)[number];
/** Stages recorded by hand; the others follow from audits and scores. */
export const RECORDED_STAGES = ['application', 'documentReview', 'reviewBoard', 'certificate'] as const;
export type RecordedStage = (typeof RECORDED_STAGES)[number];
export const RECORDED_STATUSES = ['pending', 'planned', 'done', 'failed'] as const;
export type RecordedStatus = (typeof RECORDED_STATUSES)[number];
export type StageStatus = RecordedStatus | 'inProgress';

export interface StageRecord {
  status: RecordedStatus;
  date: string | null;
  note: string;
  updatedAt: string;
  updatedBy: string;
}
export type StoredTimeline = Partial<Record<RecordedStage, StageRecord>>;

export interface TimelineStage {
  stage: Stage;
  status: StageStatus;
  date: string | null;
  /** Surveillance: when it falls due (a year, two years after the certificate). */
  due?: string;
  auditId?: string;
  note?: string;
  source: 'recorded' | 'audit' | 'gate';
}

export interface Timeline {
  stages: TimelineStage[];
  /** The first stage not done yet; null when the cycle is complete. */
  next: Stage | null;
  stage2: Stage2Readiness;
  certificate: { issued: string | null; validUntil: string | null; valid: boolean };
}

const AUDIT_STAGES: Partial<Record<Stage, AuditKind>> = {
  stage1: 'stage1',
  stage2: 'stage2',
  surveillance1: 'surveillance-1',
  surveillance2: 'surveillance-2',
};
/** A recorded stage may be marked done only after the stage before it in the chain. */
const REQUIRES: Record<RecordedStage, Stage | null> = { application: null, documentReview: 'application', reviewBoard: 'stage2', certificate: 'reviewBoard' };

const projectId = (ctx: TenantContext) => `project:${ctx.actor.enterpriseId}`;

async function storedTimeline(ctx: TenantContext): Promise<StoredTimeline> {
  const project = await ctx.store.collection<Project>('projects').findOne({ _id: projectId(ctx) });
  return project?.timeline ?? {};
}

function fromAudit(stage: Stage, audits: Audit[]): TimelineStage {
  // The latest audit of that kind that was not cancelled (audits are sorted newest first).
  const audit = audits.find((a) => a.kind === AUDIT_STAGES[stage] && a.status !== 'cancelled');
  if (!audit) return { stage, status: 'pending', date: null, source: 'audit' };
  const status: StageStatus = audit.status === 'completed' ? 'done' : audit.status === 'inProgress' ? 'inProgress' : 'planned';
  return { stage, status, date: audit.plannedDate, auditId: audit._id, source: 'audit' };
}

export async function getTimeline(ctx: TenantContext): Promise<Timeline> {
  const [stored, audits, today] = await Promise.all([storedTimeline(ctx), listAudits(ctx), todayOf(ctx)]);
  // The gate over the last 12 months (periods.ts), as the dashboard shows them; a planned stage 2 checks its own evidence period when it starts.
  const stage2 = await stage2Readiness(ctx, lastTwelveMonths(today));
  const stages: TimelineStage[] = STAGES.map((stage) => {
    if (stage === 'cpsq') return { stage, status: stage2.gate.passed ? 'done' : 'pending', date: null, source: 'gate' };
    if (AUDIT_STAGES[stage]) return fromAudit(stage, audits);
    const r = stored[stage as RecordedStage];
    return r
      ? { stage, status: r.status, date: r.date, ...(r.note ? { note: r.note } : {}), source: 'recorded' }
      : { stage, status: 'pending', date: null, source: 'recorded' };
  });
  const cert = stored.certificate?.status === 'done' ? stored.certificate.date : null;
  const validUntil = cert ? addYears(cert, 3) : null;
  if (cert) {
    stages.find((s) => s.stage === 'surveillance1')!.due = addYears(cert, 1);
    stages.find((s) => s.stage === 'surveillance2')!.due = addYears(cert, 2);
  }
  // Surveillance belongs to a certificate: before one, the cycle ends at the certificate.
  const open = stages.filter((s) => s.status !== 'done' && (cert || !s.stage.startsWith('surveillance')));
  return {
    stages,
    next: open[0]?.stage ?? null,
    stage2,
    certificate: { issued: cert, validUntil, valid: !!validUntil && today <= validUntil },
  };
}

export interface StageInput {
  status: RecordedStatus;
  date?: string | null;
  note?: string;
}

export async function recordStage(ctx: TenantContext, stage: string, input: StageInput): Promise<Timeline> {
  assertAllowed(ctx.actor, 'certification', 'record');
  if (!(RECORDED_STAGES as readonly string[]).includes(stage)) {
    throw new ValidationError(`stage: must be one of ${RECORDED_STAGES.join(', ')} (the others follow from audits and the CPSQ)`, 'stage');
  }
  if (!(RECORDED_STATUSES as readonly string[]).includes(input.status)) {
    throw new ValidationError(`status: must be one of ${RECORDED_STATUSES.join(', ')}`, 'status');
  }
  const date = input.date ? checkDay(input.date, 'date') : null;
  if ((input.status === 'done' || input.status === 'planned') && !date) throw new ValidationError(`date: a ${input.status} stage needs its date`, 'date');
  const key = stage as RecordedStage;
  const before = await getTimeline(ctx);
  const required = REQUIRES[key];
  if (input.status === 'done' && required && before.stages.find((s) => s.stage === required)!.status !== 'done') {
    throw new ConflictError(`status: ${stage} can be done only after ${required} is done`, 'status', 'stage_order');
  }
  const record: StageRecord = { status: input.status, date, note: input.note?.trim() ?? '', updatedAt: nowIso(), updatedBy: ctx.actor.userId };
  const previous = before.stages.find((s) => s.stage === key)!;
  await withTenantTransaction(ctx, async (tx) => {
    // A per-stage path: settings saved at the same moment are not overwritten, nor other stages.
    await tx.store
      .collection<Project>('projects')
      .updateOne({ _id: projectId(ctx) }, { $set: { [`timeline.${key}`]: record }, $setOnInsert: { pointOverrides: [] } }, { upsert: true });
    await recordAudit(tx, 'certification.stage', 'projects', projectId(ctx), {
      stage,
      before: { status: previous.status, date: previous.date },
      after: { status: record.status, date: record.date, note: record.note },
    });
  });
  return getTimeline(ctx);
}
