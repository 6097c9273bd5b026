/**
 * An audit's life: planned → in progress → completed (reopenable), or
 * cancelled. Stage 2 starts only once the CPSQ gate is passed; completing an
 * audit records its scores with the catalogue that produced them.
 */
import { ConflictError } from '../../errors';
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { getAudit } from './audits';
import { stage2Readiness } from './gate';
import { auditProjection } from './projection';
import { type Audit, type AuditResult, type AuditStatus, STATUS_MOVES } from './types';
import { assertAllowed } from '../policy';

async function resultOf(ctx: TenantContext, audit: Audit): Promise<AuditResult> {
  const p = await auditProjection(ctx, audit._id);
  return {
    computedAt: nowIso(),
    catalogue: p.catalogue.key,
    scheme: p.scheme.key,
    evidence: p.period,
    enterprise: p.enterprise && { score: p.enterprise.score, level: p.enterprise.level },
    sites: p.sites.map((s) => ({ siteId: s.siteId, code: s.code, score: s.audit?.score ?? null, level: s.audit?.level ?? null })),
  };
}

async function assertStage2MayStart(ctx: TenantContext, audit: Audit): Promise<void> {
  const ready = await stage2Readiness(ctx, { from: audit.evidenceFrom, to: audit.evidenceTo });
  if (ready.allowed) return;
  const why = ready.blockers.map((b) =>
    b === 'stage1NotCompleted'
      ? 'no stage-1 audit is completed'
      : `the CPSQ gate is not passed (${ready.gate.value === null ? 'no CPSQ yet' : `${ready.gate.value.toFixed(2)} < ${ready.gate.target}`})`,
  );
  throw new ConflictError(`status: stage 2 may not start yet: ${why.join('; ')}`, 'status', 'stage2_blocked');
}

export async function changeStatus(ctx: TenantContext, id: string, to: AuditStatus): Promise<Audit> {
  assertAllowed(ctx.actor, 'audits', 'plan');
  return moveStatus(ctx, id, to);
}

/** The move itself; callers have checked who may make it. */
async function moveStatus(ctx: TenantContext, id: string, to: AuditStatus): Promise<Audit> {
  const audit = await getAudit(ctx, id);
  const from = audit.status;
  if (from === to) return audit; // a retried click changes nothing
  if (!STATUS_MOVES[from].includes(to)) {
    const allowed = STATUS_MOVES[from].join(' or ') || 'nothing';
    throw new ConflictError(`status: a ${from} audit cannot become ${to} (it may become ${allowed})`, 'status', 'invalid_transition');
  }
  if (audit.kind === 'stage2' && from === 'planned' && to === 'inProgress') await assertStage2MayStart(ctx, audit);
  const now = nowIso();
  const set: Record<string, unknown> = { status: to, updatedAt: now };
  const unset: Record<string, true> = {};
  if (to === 'inProgress' && !audit.startedAt) set.startedAt = now;
  if (to === 'completed') {
    set.completedAt = now;
    set.result = await resultOf(ctx, audit);
  }
  // Reopened: the recorded result is no longer final (the audit log keeps it).
  if (from === 'completed') Object.assign(unset, { completedAt: true, result: true });
  return withTenantTransaction(ctx, async (tx) => {
    const after = await tx.store
      .collection<Audit>('audits')
      .findOneAndUpdate({ _id: id, status: from }, Object.keys(unset).length ? { $set: set, $unset: unset } : { $set: set });
    if (!after) throw new ConflictError('status: the audit changed meanwhile; reload', 'status');
    await recordAudit(tx, 'audit.status', 'audits', id, {
      before: { status: from, ...(audit.result ? { result: audit.result } : {}) },
      after: { status: to, ...(set.result ? { result: set.result } : {}) },
    });
    return after;
  });
}

/** Entries may be made while an audit is planned (the first one starts it) or in progress. */
export async function ensureWritable(ctx: TenantContext, audit: Audit): Promise<Audit> {
  if (audit.status === 'completed') throw new ConflictError('status: the audit is completed; reopen it to change its results', 'status');
  if (audit.status === 'cancelled') throw new ConflictError('status: the audit is cancelled', 'status');
  // Entering results at one's own sites starts a planned audit: an auditor limited to sites may do that much.
  return audit.status === 'planned' ? moveStatus(ctx, audit._id, 'inProgress') : audit;
}
