/**
 * Per-site adjustments of an audit (domain.md §4.3): a bonus with its reason
 * (the scoring caps it at +1) and special deductions (特殊扣分), one document
 * each with its reason, e.g. a verified serious complaint or a falsified record.
 */
import crypto from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import { DuplicateKeyError } from '../../store/types';
import { assertCan } from '../accounts/roles';
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { getAudit, siteInScope } from './audits';
import { ensureWritable } from './status';
import { type Audit, type AuditAdjustment, bonusId } from './types';
import { EntryConflictError } from './conflict';

export interface BonusInput {
  points: number;
  reason: string;
}
export interface DeductionInput {
  reason: string;
  evidence?: string;
}

const KEY = /^[A-Za-z0-9_-]{8,100}$/;

/** `at` prefixes field names ("bonus." inside a site save). */
export function checkBonus(input: BonusInput, at = ''): BonusInput {
  if (typeof input.points !== 'number' || !Number.isFinite(input.points) || input.points < 0 || input.points > 100) {
    throw new ValidationError(`${at}points: the bonus must be a number from 0 to 100 (the score counts at most +1)`, `${at}points`);
  }
  const reason = input.reason?.trim();
  if (!reason) throw new ValidationError(`${at}reason: a bonus needs a reason`, `${at}reason`);
  return { points: input.points, reason };
}

/** Inside a transaction: sets (or with null removes) a site's bonus; false when nothing changes. */
export async function writeBonus(tctx: TenantContext, audit: Audit, siteId: string, bonus: BonusInput | null, rev?: number): Promise<boolean> {
  const col = tctx.store.collection<AuditAdjustment>('auditAdjustments');
  const _id = bonusId(audit._id, siteId);
  const current = await col.findOne({ _id });
  const before = current ? { points: current.points!, reason: current.reason } : null;
  if (JSON.stringify(before) === JSON.stringify(bonus)) return false;
  if (rev !== undefined && rev !== (current?.rev ?? 0)) {
    throw new EntryConflictError(['bonus']);
  }
  if (bonus) {
    const now = nowIso();
    await col.updateOne(
      { _id },
      {
        $set: { auditId: audit._id, siteId, kind: 'bonus', points: bonus.points, reason: bonus.reason, createdAt: now, createdBy: tctx.actor.userId },
        $inc: { rev: 1 },
      },
      { upsert: true },
    );
  } else {
    await col.deleteOne({ _id });
  }
  await recordAudit(tctx, bonus ? 'audit.bonus.set' : 'audit.bonus.clear', 'auditAdjustments', _id, { siteId, before, after: bonus });
  return true;
}

/** API: one site's bonus on its own. */
export async function setBonus(ctx: TenantContext, auditId: string, siteId: string, input: BonusInput | null): Promise<AuditAdjustment | null> {
  assertCan(ctx.actor.role, 'audits.enter');
  const audit = await getAudit(ctx, auditId);
  await siteInScope(ctx, audit, siteId);
  const bonus = input && checkBonus(input);
  await withTenantTransaction(ctx, async (tx) => writeBonus(tx, await ensureWritable(tx, audit), siteId, bonus));
  return ctx.store.collection<AuditAdjustment>('auditAdjustments').findOne({ _id: bonusId(auditId, siteId) });
}

/**
 * Adds a special deduction. `requestKey` (Idempotency-Key, or the form's request id)
 * makes a retried submission return the first deduction instead of counting twice.
 */
export async function addDeduction(
  ctx: TenantContext,
  auditId: string,
  siteId: string,
  input: DeductionInput,
  requestKey?: string,
): Promise<{ deduction: AuditAdjustment; replayed: boolean }> {
  assertCan(ctx.actor.role, 'audits.enter');
  const audit = await getAudit(ctx, auditId);
  await siteInScope(ctx, audit, siteId);
  const reason = input.reason?.trim();
  if (!reason) throw new ValidationError('reason: a special deduction needs a reason', 'reason');
  const evidence = input.evidence?.trim() || undefined;
  if (requestKey !== undefined && !KEY.test(requestKey)) {
    throw new ValidationError('Idempotency-Key: must be 8–100 letters, digits, - or _', 'Idempotency-Key');
  }
  const deduction: AuditAdjustment = {
    _id: `${auditId}|${siteId}|deduction|${requestKey ?? crypto.randomUUID()}`,
    enterpriseId: ctx.actor.enterpriseId,
    auditId,
    siteId,
    kind: 'deduction',
    reason,
    ...(evidence ? { evidence } : {}),
    createdAt: nowIso(),
    createdBy: ctx.actor.userId,
  };
  const col = ctx.store.collection<AuditAdjustment>('auditAdjustments');
  const replay = (first: AuditAdjustment | null) => {
    if (!first || first.reason !== reason || first.evidence !== evidence) {
      throw new ConflictError('Idempotency-Key: this key was already used for a different deduction', 'Idempotency-Key', 'idempotency_conflict');
    }
    return { deduction: first, replayed: true };
  };
  const earlier = await col.findOne({ _id: deduction._id });
  if (earlier) return replay(earlier);
  try {
    await withTenantTransaction(ctx, async (tctx) => {
      await ensureWritable(tctx, audit);
      await tctx.store.collection<AuditAdjustment>('auditAdjustments').insertOne(deduction);
      await recordAudit(tctx, 'audit.deduction.add', 'auditAdjustments', deduction._id, { siteId, after: { reason, evidence: evidence ?? null } });
    });
  } catch (err) {
    // Two identical retries raced: the loser returns the winner's deduction.
    if (err instanceof DuplicateKeyError) return replay(await col.findOne({ _id: deduction._id }));
    throw err;
  }
  return { deduction, replayed: false };
}

export async function removeDeduction(ctx: TenantContext, auditId: string, siteId: string, deductionId: string): Promise<void> {
  assertCan(ctx.actor.role, 'audits.enter');
  const audit = await getAudit(ctx, auditId);
  await siteInScope(ctx, audit, siteId);
  const col = ctx.store.collection<AuditAdjustment>('auditAdjustments');
  const found = await col.findOne({ _id: deductionId, auditId, siteId, kind: 'deduction' });
  if (!found) throw new NotFoundError('deduction');
  await withTenantTransaction(ctx, async (tctx) => {
    await ensureWritable(tctx, audit);
    const removed = await tctx.store.collection('auditAdjustments').deleteOne({ _id: deductionId });
    if (removed)
      await recordAudit(tctx, 'audit.deduction.remove', 'auditAdjustments', deductionId, {
        siteId,
        before: { reason: found.reason, evidence: found.evidence ?? null },
      });
  });
}
