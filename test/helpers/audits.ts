/** Audit test helpers: an auditor's context and entry sets built on the shipped 27-indicator catalogue. */
import type { EntryInput, SiteEntryChange } from '../../server/services/audits/entries';
import { getCatalogue } from '../../server/services/catalogues';
import { tenantContext, type TenantContext } from '../../server/services/context';
import type { Tenant, World } from './world';
import { addDays, dayOf } from '../../server/services/calendar';

export const INDICATORS = getCatalogue('sbt10401-27').indicators.map((n) => n.code);

export function auditorOf(world: World, tenant: Tenant): TenantContext {
  return tenantContext(world.store, { userId: tenant.users.auditor!._id, role: 'auditor', enterpriseId: tenant.enterpriseId, via: 'session' });
}

/** `given` as entered, every other indicator N/A (with a reason). */
export function onlyThese(given: Record<string, EntryInput | null>): SiteEntryChange[] {
  return INDICATORS.map((code) => ({ code, entry: code in given ? given[code] : { status: 'na', reason: 'not part of this case' } }));
}

/** Every indicator met. */
export function allMet(): SiteEntryChange[] {
  return INDICATORS.map((code) => ({ code, entry: { status: 'met' } }));
}

/** A day n days from today (UTC); audits dated two days ahead take today's responses into their evidence period. */
export function dayFromNow(n: number): string {
  return addDays(dayOf(new Date(), 0), n);
}
