/** From a validated query to the services' scope, and back to a query string for links. */
import type { Request } from 'express';
import type { DashboardFilters, DashboardScope } from '../../services/dashboard/filters';
import { resolveScope } from '../../services/dashboard/filters';
import type { Channel } from '../../services/templates/types';
import { ctxOf } from '../middleware/auth';
import type { DashboardQuery } from './schema';

export function filtersOf(q: DashboardQuery): DashboardFilters {
  return {
    ...(q.period ? { period: q.period as DashboardFilters['period'] } : {}),
    ...(q.at ? { at: q.at } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(q.site ? { site: q.site } : {}),
    ...(q.channel ? { channel: q.channel as Channel } : {}),
  };
}

export function scopeOf(req: Request, q: DashboardQuery): Promise<DashboardScope> {
  return resolveScope(ctxOf(req), filtersOf(q));
}

/** The filters as a query string ("?period=month&site=BJ01"), empty when none. */
export function queryString(filters: DashboardFilters, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}
