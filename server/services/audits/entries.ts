/**
 * The auditor's results per site and indicator (domain.md §4.1, §4.6): met,
 * not met, a fraction with a reason, or N/A with a reason, optionally with a
 * nonconformity (note, evidence, due date). Every change is audit-logged with
 * before and after, in the same transaction as the change.
 */
import { ValidationError } from '../../errors';
import { assertCan } from '../accounts/roles';
import { recordAudit } from '../auditLog';
import type { LoadedCatalogue } from '../catalogues';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { getAudit, siteInScope } from './audits';
import { auditCatalogueOf } from './recorded';
import { ensureWritable } from './status';
import { type Audit, type AuditEntry, type EntryStatus, entryId, ENTRY_STATUSES, type Nonconformity } from './types';
import { type BonusInput, checkBonus, writeBonus } from './adjustments';
import { EntryConflictError } from './conflict';
import { checkDay } from '../calendar';

export interface EntryInput {
  status: EntryStatus;
  fraction?: number;
  reason?: string;
  nonconformity?: Nonconformity | null;
}

/** What a site save carries per indicator: the new entry (null = clear it) and the rev it was edited from. */
export interface SiteEntryChange {
  code: string;
  entry: EntryInput | null;
  rev?: number;
}

type EntryFields = Pick<AuditEntry, 'status' | 'fraction' | 'reason' | 'nonconformity'>;

/** Validates one entry; `at` prefixes field names (e.g. "entries.3."). */
export function checkCode(catalogue: LoadedCatalogue, code: string, at = ''): string {
  const node = catalogue.byCode.get(code);
  if (!node || node.kind !== 'indicator') {
    throw new ValidationError(`${at}code: "${code}" is not an indicator of catalogue ${catalogue.code}@${catalogue.version}`, `${at}code`);
  }
  return code;
}

export function checkEntry(catalogue: LoadedCatalogue, audit: Audit, code: string, input: EntryInput, at = ''): EntryFields {
  checkCode(catalogue, code, at);
  const f = (name: string) => `${at}${name}`;
  if (!(ENTRY_STATUSES as readonly string[]).includes(input.status)) {
    throw new ValidationError(`${f('status')}: must be one of ${ENTRY_STATUSES.join(', ')} (${code})`, f('status'));
  }
  const reason = input.reason?.trim() || undefined;
  if ((input.status === 'fraction' || input.status === 'na') && !reason) {
    throw new ValidationError(`${f('reason')}: ${code}: a ${input.status === 'na' ? 'N/A' : 'fraction'} entry needs a reason`, f('reason'));
  }
  if (input.status === 'fraction') {
    if (typeof input.fraction !== 'number' || !(input.fraction >= 0 && input.fraction <= 1)) {
      throw new ValidationError(`${f('fraction')}: ${code}: must be a number from 0 to 1`, f('fraction'));
    }
  } else if (input.fraction !== undefined) {
    throw new ValidationError(`${f('fraction')}: ${code}: only a fraction entry takes a fraction`, f('fraction'));
  }
  const out: EntryFields = { status: input.status, ...(input.status === 'fraction' ? { fraction: input.fraction } : {}), ...(reason ? { reason } : {}) };
  const nc = input.nonconformity;
  if (nc) {
    if (input.status !== 'notMet' && input.status !== 'fraction') {
      throw new ValidationError(`${f('nonconformity')}: ${code}: only a not met or partly met indicator can carry a nonconformity`, f('nonconformity'));
    }
    const note = nc.note?.trim();
    const evidence = nc.evidence?.trim();
    if (!note) throw new ValidationError(`${f('nonconformity.note')}: ${code}: describe the nonconformity`, f('nonconformity.note'));
    if (!evidence) throw new ValidationError(`${f('nonconformity.evidence')}: ${code}: give the evidence seen`, f('nonconformity.evidence'));
    const dueDate = checkDay(nc.dueDate, f('nonconformity.dueDate'));
    if (dueDate < audit.plannedDate) {
      throw new ValidationError(`${f('nonconformity.dueDate')}: ${code}: must not be before the audit date ${audit.plannedDate}`, f('nonconformity.dueDate'));
    }
    out.nonconformity = { note, evidence, dueDate };
  }
  return out;
}

const plain = (e: AuditEntry | null): EntryFields | null =>
  e && {
    status: e.status,
    ...(e.fraction !== undefined ? { fraction: e.fraction } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.nonconformity ? { nonconformity: e.nonconformity } : {}),
  };
const same = (a: EntryFields | null, b: EntryFields | null) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Saves a site's entries (and optionally its bonus) all or nothing. An entry
 * edited from an older rev that someone else changed meanwhile is a conflict,
 * never a silent overwrite; unchanged entries are not written (a retry is a no-op).
 */
export async function saveSiteResults(
  ctx: TenantContext,
  auditId: string,
  siteId: string,
  changes: SiteEntryChange[],
  bonus?: { input: BonusInput | null; rev?: number },
): Promise<{ changed: string[] }> {
  assertCan(ctx.actor.role, 'audits.enter');
  const audit = await getAudit(ctx, auditId);
  await siteInScope(ctx, audit, siteId);
  const catalogue = auditCatalogueOf(audit);
  const seen = new Set<string>();
  const checked = changes.map((c, i) => {
    const at = changes.length > 1 ? `entries.${i}.` : '';
    if (seen.has(c.code)) throw new ValidationError(`${at}code: ${c.code} is given twice`, `${at}code`);
    seen.add(checkCode(catalogue, c.code, at));
    return { ...c, fields: c.entry && checkEntry(catalogue, audit, c.code, c.entry, at) };
  });
  const bonusFields = bonus?.input ? checkBonus(bonus.input, 'bonus.') : null;
  // Starting a planned audit, the entries and their audit-log entries commit together.
  return withTenantTransaction(ctx, async (tctx) => {
    await ensureWritable(tctx, audit);
    const entries = tctx.store.collection<AuditEntry>('auditEntries');
    const todo: Array<{ change: (typeof checked)[number]; before: EntryFields | null }> = [];
    const conflicts: string[] = [];
    for (const c of checked) {
      const current = await entries.findOne({ _id: entryId(auditId, siteId, c.code) });
      const before = plain(current);
      if (same(before, c.fields)) continue;
      if (c.rev !== undefined && c.rev !== (current?.rev ?? 0)) conflicts.push(c.code);
      else todo.push({ change: c, before });
    }
    if (conflicts.length) throw new EntryConflictError(conflicts);
    const now = nowIso();
    for (const { change: c, before } of todo) {
      const _id = entryId(auditId, siteId, c.code);
      if (c.fields) {
        const { fraction, reason, nonconformity, status } = c.fields;
        const unset = Object.fromEntries(
          (['fraction', 'reason', 'nonconformity'] as const).filter((k) => c.fields![k] === undefined).map((k) => [k, true as const]),
        );
        const set = {
          auditId,
          siteId,
          code: c.code,
          status,
          updatedAt: now,
          updatedBy: ctx.actor.userId,
          ...(fraction !== undefined ? { fraction } : {}),
          ...(reason ? { reason } : {}),
          ...(nonconformity ? { nonconformity } : {}),
        };
        await entries.updateOne({ _id }, { $set: set, $inc: { rev: 1 }, ...(Object.keys(unset).length ? { $unset: unset } : {}) }, { upsert: true });
      } else {
        await entries.deleteOne({ _id });
      }
      await recordAudit(tctx, c.fields ? 'audit.entry.set' : 'audit.entry.clear', 'auditEntries', _id, { siteId, code: c.code, before, after: c.fields });
    }
    const changed = todo.map((t) => t.change.code);
    if (bonus && (await writeBonus(tctx, audit, siteId, bonusFields, bonus.rev))) changed.push('bonus');
    return { changed };
  });
}

/** One indicator (API): set it, or clear it with null. */
export async function setEntry(
  ctx: TenantContext,
  auditId: string,
  siteId: string,
  code: string,
  entry: EntryInput | null,
  rev?: number,
): Promise<AuditEntry | null> {
  await saveSiteResults(ctx, auditId, siteId, [{ code, entry, rev }]);
  return ctx.store.collection<AuditEntry>('auditEntries').findOne({ _id: entryId(auditId, siteId, code) });
}
