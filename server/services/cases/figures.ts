/**
 * Case figures for the dashboard, for the enterprise and per site, over the
 * dashboard's period: time to first contact (cases opened in the period) and
 * to resolution (cases resolved in it), median and 90th percentile; the share
 * resolved within the due time; the recovery rate among answered recovery
 * surveys with its Wilson interval; the top root causes; and how many cases
 * are open and overdue now. Recovery answers never enter the CPSQ.
 */
import type { Filter } from '../../store/types';
import { can } from '../accounts/roles';
import { listSites } from '../accounts/sites';
import { percentile } from '../alerts/figures';
import { ACTIVE_STATUSES, type FollowUpTask } from '../alerts/types';
import type { TenantContext } from '../context';
import { wilsonInterval } from '../scoring/stats';
import { getCaseSettings, rootCauseName, type CaseSettings } from './settings';

export interface Spread {
  n: number;
  medianHours: number | null;
  p90Hours: number | null;
}

export interface CaseFigureSet {
  firstContact: Spread;
  resolution: Spread;
  /** Resolved in the period, and of those within their due time. */
  sla: { resolved: number; withinSla: number; share: number | null };
  /** Recovery surveys answered in the period; rate and its 95 % Wilson interval as percentages. */
  recovery: { answered: number; recovered: number; rate: number | null; ci: [number, number] | null };
  rootCauses: Array<{ code: string; count: number; nameZh: string; nameEn: string }>;
  open: number;
  overdue: number;
}

export interface CaseFigures extends CaseFigureSet {
  sites: Array<CaseFigureSet & { siteId: string; siteCode: string }>;
  method: string;
}

const hoursBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 3_600_000;
const round = (v: number | null, digits = 1) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

function spread(hours: number[]): Spread {
  const sorted = [...hours].sort((a, b) => a - b);
  return { n: sorted.length, medianHours: round(percentile(sorted, 0.5)), p90Hours: round(percentile(sorted, 0.9)) };
}

interface Sources {
  opened: FollowUpTask[];
  resolved: FollowUpTask[];
  answered: FollowUpTask[];
  active: FollowUpTask[];
}

/** The figures of one group of cases (the enterprise or one site); pure, so a test can count by hand beside it. */
export function figureSet(src: Sources, now: Date, names: Pick<CaseSettings, 'rootCauses'> = { rootCauses: [] }, topCauses = 5): CaseFigureSet {
  const firstContact = spread(src.opened.filter((c) => c.firstContactAt).map((c) => hoursBetween(c.createdAt, c.firstContactAt!)));
  const resolution = spread(src.resolved.map((c) => hoursBetween(c.createdAt, c.resolvedAt!)));
  const withinSla = src.resolved.filter((c) => c.dueAt && c.resolvedAt! <= c.dueAt).length;
  const recovered = src.answered.filter((c) => c.recovery?.state === 'recovered').length;
  const ci = wilsonInterval(recovered, src.answered.length);
  const causes = new Map<string, number>();
  for (const c of src.resolved) if (c.resolution?.rootCause) causes.set(c.resolution.rootCause, (causes.get(c.resolution.rootCause) ?? 0) + 1);
  return {
    firstContact,
    resolution,
    sla: { resolved: src.resolved.length, withinSla, share: src.resolved.length ? round((100 * withinSla) / src.resolved.length) : null },
    recovery: {
      answered: src.answered.length,
      recovered,
      rate: src.answered.length ? round((100 * recovered) / src.answered.length) : null,
      ci: ci && [round(100 * ci[0])!, round(100 * ci[1])!],
    },
    rootCauses: [...causes.entries()]
      .map(([code, count]) => ({ code, count, nameZh: rootCauseName(names, code, 'zh-CN'), nameEn: rootCauseName(names, code, 'en') }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
      .slice(0, topCauses),
    open: src.active.length,
    overdue: src.active.filter((c) => c.dueAt && c.dueAt < now.toISOString()).length,
  };
}

const FIELDS = ['_id', 'siteId', 'siteCode', 'status', 'createdAt', 'firstContactAt', 'resolvedAt', 'dueAt', 'resolution', 'recovery'];

export async function caseFigures(
  ctx: TenantContext,
  range: { fromIso: string; toIsoExclusive: string; siteId?: string },
  now = new Date(),
): Promise<CaseFigures | null> {
  if (!can(ctx.actor.role, 'followUps.read')) return null;
  const base: Filter = {};
  if (range.siteId) base.siteId = range.siteId;
  else if (ctx.actor.siteIds?.length) base.siteId = { $in: (await listSites(ctx)).map((s) => s._id) };
  const cases = ctx.store.collection<FollowUpTask>('followUpTasks');
  const within = { $gte: range.fromIso, $lt: range.toIsoExclusive };
  const [settings, opened, resolved, answered, active] = await Promise.all([
    getCaseSettings(ctx),
    cases.find({ ...base, createdAt: within }, { fields: FIELDS }),
    cases.find({ ...base, status: 'resolved', resolvedAt: within }, { fields: FIELDS }),
    cases.find({ ...base, 'recovery.answeredAt': within }, { fields: FIELDS }),
    cases.find({ ...base, status: { $in: [...ACTIVE_STATUSES] } }, { fields: FIELDS }),
  ]);
  const all: Sources = { opened, resolved, answered, active };
  const siteCodes = new Map<string, string>();
  for (const list of Object.values(all)) for (const c of list) siteCodes.set(c.siteId, c.siteCode);
  const ofSite = (id: string): Sources => ({
    opened: opened.filter((c) => c.siteId === id),
    resolved: resolved.filter((c) => c.siteId === id),
    answered: answered.filter((c) => c.siteId === id),
    active: active.filter((c) => c.siteId === id),
  });
  return {
    ...figureSet(all, now, settings),
    sites: [...siteCodes.entries()]
      .sort((a, b) => a[1].localeCompare(b[1]))
      .map(([siteId, siteCode]) => ({ siteId, siteCode, ...figureSet(ofSite(siteId), now, settings) })),
    method:
      'First contact: hours from opening to the first recorded call-back, over cases opened in the period. Resolution: hours from opening to resolution, over cases resolved in the period; median and 90th percentile by nearest rank. Within SLA: resolved no later than the due time set by severity. Recovery: share of answered recovery surveys saying the problem was solved, with a 95 % Wilson interval; recovery answers are not part of the CPSQ.',
  };
}
