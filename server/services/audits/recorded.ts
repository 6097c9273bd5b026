/**
 * What an audit has recorded so far, read without changing anything: its
 * entries, its adjustments and the catalogue it was planned with. The
 * projection reads these; the writers (entries.ts, adjustments.ts) also need
 * the status rules, which need the projection, so reads live apart from writes.
 */
import { getCatalogue, type LoadedCatalogue } from '../catalogues';
import type { TenantContext } from '../context';
import type { Audit, AuditAdjustment, AuditEntry } from './types';

export function auditCatalogueOf(audit: Audit): LoadedCatalogue {
  return getCatalogue(audit.catalogue.code, audit.catalogue.version);
}

export async function listEntries(ctx: TenantContext, auditId: string, siteId?: string): Promise<AuditEntry[]> {
  return ctx.store.collection<AuditEntry>('auditEntries').find({ auditId, ...(siteId ? { siteId } : {}) }, { sort: { siteId: 1, code: 1 } });
}

export async function listAdjustments(ctx: TenantContext, auditId: string, siteId?: string): Promise<AuditAdjustment[]> {
  return ctx.store.collection<AuditAdjustment>('auditAdjustments').find({ auditId, ...(siteId ? { siteId } : {}) }, { sort: { createdAt: 1 } });
}
