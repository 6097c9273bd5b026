/**
 * Audits: planned per certification project (stage 1, stage 2, yearly
 * surveillance, unannounced checks), each with its date, evidence period and
 * the sites it covers. Status changes live in status.ts.
 */
import crypto from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import { getSite, listSites, type Site } from '../accounts/sites';
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { getProject } from '../scores/projects';
import { auditEvidencePeriod } from '../periods';
import { legacyEvidencePeriod } from './dates';
import { type Audit, AUDIT_KINDS, type AuditKind } from './types';
import { assertAllowed } from '../policy';
import { checkDay } from '../calendar';

export interface AuditInput {
  kind: AuditKind;
  plannedDate: string;
  evidenceFrom?: string;
  evidenceTo?: string;
  siteIds?: string[] | null;
  note?: string;
}

export type AuditChanges = Partial<Pick<AuditInput, 'plannedDate' | 'evidenceFrom' | 'evidenceTo' | 'note'>>;

export async function listAudits(ctx: TenantContext): Promise<Audit[]> {
  return ctx.store.collection<Audit>('audits').find({}, { sort: { plannedDate: -1, createdAt: -1 } });
}

export async function getAudit(ctx: TenantContext, id: string): Promise<Audit> {
  const audit = await ctx.store.collection<Audit>('audits').findOne({ _id: id });
  if (!audit) throw new NotFoundError('audit');
  return audit;
}

/** The sites an audit covers that the caller may see, in code order. */
export async function auditSites(ctx: TenantContext, audit: Audit): Promise<Site[]> {
  const sites = await listSites(ctx);
  return audit.siteIds ? sites.filter((s) => audit.siteIds!.includes(s._id)) : sites;
}

/** A site of the enterprise (404 otherwise) that the audit covers (400 otherwise). */
export async function siteInScope(ctx: TenantContext, audit: Audit, siteId: string): Promise<Site> {
  const site = await getSite(ctx, siteId);
  if (audit.siteIds && !audit.siteIds.includes(site._id)) {
    throw new ValidationError(`siteId: site ${site.code} is not in the scope of this audit`, 'siteId');
  }
  return site;
}

function checkPeriod(from: string, to: string): void {
  checkDay(from, 'evidenceFrom');
  checkDay(to, 'evidenceTo');
  if (from > to) throw new ValidationError('evidenceFrom: must not be after evidenceTo', 'evidenceFrom');
}

async function checkSiteIds(ctx: TenantContext, siteIds: string[]): Promise<string[]> {
  if (siteIds.length === 0) throw new ValidationError('siteIds: give at least one site, or leave it out for all sites', 'siteIds');
  const sites = await listSites(ctx);
  siteIds.forEach((id, i) => {
    if (!sites.some((s) => s._id === id)) throw new ValidationError(`siteIds.${i}: no such site`, `siteIds.${i}`);
  });
  return [...new Set(siteIds)];
}

export async function createAudit(ctx: TenantContext, input: AuditInput): Promise<Audit> {
  assertAllowed(ctx.actor, 'audits', 'plan');
  if (!(AUDIT_KINDS as readonly string[]).includes(input.kind)) {
    throw new ValidationError(`kind: must be one of ${AUDIT_KINDS.join(', ')}`, 'kind');
  }
  const plannedDate = checkDay(input.plannedDate, 'plannedDate');
  const fallback = auditEvidencePeriod(plannedDate);
  const evidenceFrom = input.evidenceFrom ?? fallback.from;
  const evidenceTo = input.evidenceTo ?? fallback.to;
  checkPeriod(evidenceFrom, evidenceTo);
  const siteIds = input.siteIds ? await checkSiteIds(ctx, input.siteIds) : null;
  const { catalogue } = await getProject(ctx);
  const now = nowIso();
  const audit: Audit = {
    _id: crypto.randomUUID(),
    enterpriseId: ctx.actor.enterpriseId,
    kind: input.kind,
    plannedDate,
    status: 'planned',
    evidenceFrom,
    evidenceTo,
    catalogue: { code: catalogue.code, version: catalogue.version },
    siteIds,
    note: input.note ?? '',
    createdAt: now,
    createdBy: ctx.actor.userId,
    updatedAt: now,
  };
  await withTenantTransaction(ctx, async (tx) => {
    await tx.store.collection<Audit>('audits').insertOne(audit);
    await recordAudit(tx, 'audit.create', 'audits', audit._id, { after: { kind: audit.kind, plannedDate, evidenceFrom, evidenceTo, siteIds } });
  });
  return audit;
}

/** Dates, evidence period and note; refused once the audit is completed (reopen it first) or cancelled. */
export async function updateAudit(ctx: TenantContext, id: string, changes: AuditChanges): Promise<Audit> {
  assertAllowed(ctx.actor, 'audits', 'plan');
  const before = await getAudit(ctx, id);
  const keys = (Object.keys(changes) as (keyof AuditChanges)[]).filter((k) => changes[k] !== undefined);
  if (keys.length === 0) return before;
  if (before.status === 'completed' || before.status === 'cancelled') {
    throw new ConflictError(`status: a ${before.status} audit cannot be changed${before.status === 'completed' ? '; reopen it first' : ''}`, 'status');
  }
  const plannedDate = changes.plannedDate !== undefined ? checkDay(changes.plannedDate, 'plannedDate') : before.plannedDate;
  // The evidence period follows a moved date unless it was set by hand.
  const wasDefault = [auditEvidencePeriod, legacyEvidencePeriod].some((period) => {
    const followed = period(before.plannedDate);
    return before.evidenceFrom === followed.from && before.evidenceTo === followed.to;
  });
  const moved = auditEvidencePeriod(plannedDate);
  const evidenceFrom = changes.evidenceFrom ?? (wasDefault ? moved.from : before.evidenceFrom);
  const evidenceTo = changes.evidenceTo ?? (wasDefault ? moved.to : before.evidenceTo);
  checkPeriod(evidenceFrom, evidenceTo);
  const set = { plannedDate, evidenceFrom, evidenceTo, note: changes.note ?? before.note, updatedAt: nowIso() };
  // Guarded on the status read above, so a concurrent completion is not silently edited.
  return withTenantTransaction(ctx, async (tx) => {
    const after = await tx.store.collection<Audit>('audits').findOneAndUpdate({ _id: id, status: before.status }, { $set: set });
    if (!after) throw new ConflictError('status: the audit changed meanwhile; reload', 'status');
    await recordAudit(tx, 'audit.update', 'audits', id, {
      before: { plannedDate: before.plannedDate, evidenceFrom: before.evidenceFrom, evidenceTo: before.evidenceTo, note: before.note },
      after: { plannedDate, evidenceFrom, evidenceTo, note: set.note },
    });
    return after;
  });
}
