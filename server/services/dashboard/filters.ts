/**
 * The dashboard's filters (period, site, channel), shared by the pages, their
 * JSON endpoints, the exports and the report, resolved once into a scope:
 * the days covered, the site (if any) and the channel (if any).
 */
import { namesOf } from '../accounts/names';
import { ValidationError } from '../../errors';
import type { Filter } from '../../store/types';
import { listSites, type Site } from '../accounts/sites';
import { getEnterprise } from '../accounts/enterprises';
import type { TenantContext } from '../context';
import { getProject } from '../scores/projects';
import type { ScoreQuery } from '../scores/query';
import { addDays, lastTwelveMonths, localToday, namedPeriod } from '../periods';
import type { Channel } from '../templates/types';

export const DASHBOARD_PERIODS = ['last12', 'month', 'quarter', 'year', 'certificationYear', 'week', 'day'] as const;
export type DashboardPeriod = (typeof DASHBOARD_PERIODS)[number];

/** What a URL query holds once validated (http/dashboard/schema.ts). */
export interface DashboardFilters {
  period?: DashboardPeriod;
  /** A day inside the period (default today). */
  at?: string;
  from?: string;
  to?: string;
  /** Site code (as shared URLs show it) or site id. */
  site?: string;
  channel?: Channel;
}

export interface DashboardScope {
  from: string;
  to: string;
  site: Pick<Site, '_id' | 'code' | 'name' | 'nameEn'> | null;
  channel: Channel | null;
  /** The filters as given, for links that keep them. */
  filters: DashboardFilters;
  tzOffsetMinutes: number;
}

/** The site a filter names, among the sites the caller may see; a 400 otherwise, never an empty chart. */
export async function resolveSite(ctx: TenantContext, site: string | undefined): Promise<Site | null> {
  if (!site) return null;
  const found = (await listSites(ctx)).find((s) => s.code === site || s._id === site);
  if (!found) throw new ValidationError(`site: no site with code ${site} among the sites you may see`, 'site');
  return found;
}

export async function resolveScope(ctx: TenantContext, filters: DashboardFilters): Promise<DashboardScope> {
  const { tzOffsetMinutes } = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  const today = localToday(tzOffsetMinutes);
  let from: string;
  let to: string;
  if (filters.period && filters.period !== 'last12') {
    if (filters.from || filters.to) throw new ValidationError('period: give either period (with at) or from/to, not both', 'period');
    const { certificationStart } = await getProject(ctx);
    ({ from, to } = namedPeriod(filters.period, filters.at ?? today, certificationStart));
  } else {
    to = filters.to ?? (filters.period === 'last12' && filters.at ? filters.at : today);
    // Without a period, the last 12 months (periods.ts) up to `to`.
    from = filters.from ?? lastTwelveMonths(to).from;
  }
  if (from > to) throw new ValidationError('from: must not be after to', 'from');
  const site = await resolveSite(ctx, filters.site);
  return { from, to, site: site && { _id: site._id, code: site.code, ...namesOf(site) }, channel: filters.channel ?? null, filters, tzOffsetMinutes };
}

/** The same scope as getScores takes it. */
export function scoreQueryOf(scope: DashboardScope): ScoreQuery {
  return { from: scope.from, to: scope.to, ...(scope.site ? { siteId: scope.site._id } : {}), ...(scope.channel ? { channel: scope.channel } : {}) };
}

/** The first instant of a local day and the first instant after another, as ISO strings (responses store UTC). */
export function instantRange(scope: Pick<DashboardScope, 'from' | 'to' | 'tzOffsetMinutes'>): { fromIso: string; toIsoExclusive: string } {
  const shift = scope.tzOffsetMinutes * 60_000;
  return {
    fromIso: new Date(Date.parse(`${scope.from}T00:00:00Z`) - shift).toISOString(),
    toIsoExclusive: new Date(Date.parse(`${addDays(scope.to, 1)}T00:00:00Z`) - shift).toISOString(),
  };
}

/** Counted responses of a scope, confined to the sites the caller may see. */
export async function responseFilter(ctx: TenantContext, scope: DashboardScope): Promise<Filter> {
  const { fromIso, toIsoExclusive } = instantRange(scope);
  const filter: Filter = { respondedAt: { $gte: fromIso, $lt: toIsoExclusive }, countedAt: { $exists: true } };
  if (scope.site) filter.siteId = scope.site._id;
  if (scope.channel) filter.channel = scope.channel;
  return filter;
}
