/**
 * Time-to-resolution of follow-up tasks for the dashboard: median and 90th
 * percentile of hours from opening to resolution over the tasks resolved in
 * the period, and how many are still open, by status.
 */
import type { Filter } from '../../store/types';
import { can } from '../accounts/roles';
import type { TenantContext } from '../context';
import type { ACTIVE_STATUSES, FollowUpTask } from './types';

export interface ResolutionFigures {
  resolved: number;
  medianHours: number | null;
  p90Hours: number | null;
  open: Record<(typeof ACTIVE_STATUSES)[number], number>;
  method: string;
}

/** Nearest-rank percentile (p in 0–1) of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export async function resolutionFigures(
  ctx: TenantContext,
  range: { fromIso: string; toIsoExclusive: string; siteId?: string },
): Promise<ResolutionFigures | null> {
  if (!can(ctx.actor.role, 'followUps.read')) return null;
  const base: Filter = {};
  if (range.siteId) base.siteId = range.siteId;
  const tasks = ctx.store.collection<FollowUpTask>('followUpTasks');
  const resolved = await tasks.find({ ...base, resolvedAt: { $gte: range.fromIso, $lt: range.toIsoExclusive } });
  const hours = resolved.map((t) => t.hoursToResolve ?? 0).sort((a, b) => a - b);
  const [open, assigned, called] = await Promise.all((['open', 'assigned', 'called'] as const).map((status) => tasks.count({ ...base, status })));
  return {
    resolved: hours.length,
    medianHours: percentile(hours, 0.5),
    p90Hours: percentile(hours, 0.9),
    open: { open, assigned, called },
    method: 'Hours from the alert to the recorded resolution, over tasks resolved in the period; median and 90th percentile by nearest rank.',
  };
}
