/**
 * From the list's query string to the service's case query, and back to the
 * links a page shows (pages, sort orders, the export), keeping every filter.
 */
import type { TenantContext } from '../../services/context';
import type { CaseQuery } from '../../services/cases/list';
import { resolveSite } from '../../services/dashboard/filters';
import type { Channel } from '../../services/templates/types';
import type { CaseListQuery } from './schema';

export async function caseQueryOf(ctx: TenantContext, q: CaseListQuery): Promise<CaseQuery> {
  const site = await resolveSite(ctx, q.site);
  return {
    ...(site ? { siteId: site._id } : {}),
    ...(q.owner ? { ownerId: q.owner } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.rule ? { rule: q.rule } : {}),
    ...(q.channel ? { channel: q.channel as Channel } : {}),
    ...(q.age ? { age: q.age } : {}),
    ...(q.overdue ? { overdue: true } : {}),
    ...(q.sort ? { sort: q.sort } : {}),
  };
}

const FILTER_KEYS = ['site', 'owner', 'status', 'rule', 'channel', 'age', 'overdue', 'sort'] as const;

/** The filters as a query string (without page and language), '' when none. */
export function filterQuery(q: CaseListQuery, changes: Partial<Record<(typeof FILTER_KEYS)[number] | 'page', string | undefined>> = {}): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = key in changes ? changes[key] : q[key];
    if (value) params.set(key, String(value));
  }
  if (changes.page && changes.page !== '1') params.set('page', changes.page);
  const s = params.toString();
  return s ? `?${s}` : '';
}
