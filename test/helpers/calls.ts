/** Follow-up call fixtures: cases in a tenant's sites, a published call script and a drawn list. */
import { importCases } from '../../server/services/calls/cases';
import type { RawCase } from '../../server/services/calls/caseRows';
import { createList, type ListInput } from '../../server/services/calls/lists';
import type { TenantContext } from '../../server/services/context';
import { publishDefaultTemplate } from './templates';
import type { Tenant } from './world';

/** A distinct, valid mainland mobile number per index. */
export const mobile = (i: number) => `139${String(10_000_000 + i).slice(-8)}`;

export function caseRows(count: number, overrides: Partial<RawCase> & { prefix?: string } = {}): Array<{ row: number; raw: RawCase }> {
  const { prefix = 'WO', ...rest } = overrides;
  return Array.from({ length: count }, (_, i) => ({
    row: i + 2,
    raw: {
      caseId: `${prefix}-${String(i + 1).padStart(4, '0')}`,
      siteCode: 'S1',
      customerName: `客户${i + 1}`,
      phone: mobile(i),
      serviceType: '维修',
      serviceDate: '2024-03-05',
      ...rest,
    },
  }));
}

/** Imports `count` cases at site S1 (service date 2024-03-05) and draws all of them into one list. */
export async function listWithCases(tenant: Tenant, count: number, options: Partial<ListInput> & { prefix?: string } = {}) {
  const script = await publishDefaultTemplate(tenant.ctx, 'call');
  const { prefix, ...listInput } = options;
  await importCases(tenant.ctx, caseRows(count, { prefix }), { source: 'csv', now: new Date('2024-03-06T02:00:00Z') });
  const list = await createList(
    tenant.ctx,
    { siteId: tenant.sites[0]._id, from: '2024-03-01', to: '2024-03-31', mode: 'manual', quota: count, ...listInput },
    new Date('2024-03-10T01:00:00Z'),
  );
  return { list, script };
}

/** The same tenant acting as another user (e.g. an agent). */
export function as(ctx: TenantContext, userId: string, role: TenantContext['actor']['role']): TenantContext {
  return { ...ctx, actor: { ...ctx.actor, userId, role, via: 'session' } };
}
