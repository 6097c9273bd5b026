/**
 * The case list: filters for site, owner, status, reason, channel, age and
 * overdue, four orders and pages. The same query feeds the page, the JSON
 * API, the CSV export and the bulk actions' selection.
 */
import type { FieldCondition, Filter, SortSpec } from '../../store/types';
import { assertCan } from '../accounts/roles';
import type { AlertRule } from '../alerts/rules';
import { visibleFilter } from '../alerts/tasks';
import { ACTIVE_STATUSES, type FollowUpTask, type TaskStatus } from '../alerts/types';
import type { TenantContext } from '../context';
import { pageWindow } from '../paging';
import type { Channel } from '../templates/types';

export const CASE_AGES = ['lt1d', '1to3d', '3to7d', 'gt7d'] as const;
export type CaseAge = (typeof CASE_AGES)[number];
export const CASE_SORTS = ['newest', 'oldest', 'due', 'priority'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export interface CaseQuery {
  siteId?: string;
  /** A user id, or 'none' for unassigned cases. */
  ownerId?: string;
  /** A status, or 'active' for every status someone still has to work. */
  status?: TaskStatus | 'active';
  rule?: AlertRule;
  channel?: Channel;
  /** How long ago the case opened. */
  age?: CaseAge;
  overdue?: boolean;
  sort?: CaseSort;
}

/** Opened between these many days ago (from inclusive, to exclusive; null: no bound). */
const AGE_DAYS: Record<CaseAge, [number, number | null]> = { lt1d: [0, 1], '1to3d': [1, 3], '3to7d': [3, 7], gt7d: [7, null] };

const SORTS: Record<CaseSort, SortSpec> = {
  newest: { createdAt: -1, _id: 1 },
  oldest: { createdAt: 1, _id: 1 },
  due: { dueAt: 1, _id: 1 },
  // Critical first, then the soonest due: what to work next.
  priority: { priority: 1, dueAt: 1, _id: 1 },
};

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

export async function caseFilter(ctx: TenantContext, q: CaseQuery, now: Date): Promise<Filter> {
  const filter: Filter = { ...(await visibleFilter(ctx)) };
  if (q.siteId) filter.siteId = q.siteId;
  if (q.ownerId) filter.assigneeId = q.ownerId === 'none' ? { $exists: false } : q.ownerId;
  if (q.rule) filter[`has.${q.rule}`] = true;
  if (q.channel) filter.channel = q.channel;
  const statuses: readonly TaskStatus[] | null = q.status === 'active' ? ACTIVE_STATUSES : q.status ? [q.status] : null;
  if (q.overdue) {
    const active = (statuses ?? ACTIVE_STATUSES).filter((s) => (ACTIVE_STATUSES as readonly string[]).includes(s));
    filter.status = { $in: active };
    filter.dueAt = { $lt: now.toISOString() };
  } else if (statuses) {
    filter.status = statuses.length === 1 ? statuses[0]! : { $in: [...statuses] };
  }
  if (q.age) {
    const [younger, older] = AGE_DAYS[q.age];
    const created: FieldCondition = { $lte: daysBefore(now, younger) };
    if (older !== null) created.$gt = daysBefore(now, older);
    filter.createdAt = created;
  }
  return filter;
}

export interface CasePage {
  tasks: FollowUpTask[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
}

/** One page of the matching cases; a page past the end (the list shrank) gives the last one. */
export async function listCases(ctx: TenantContext, q: CaseQuery, paging: { page: number; pageSize: number }, now = new Date()): Promise<CasePage> {
  assertCan(ctx.actor.role, 'followUps.read');
  const filter = await caseFilter(ctx, q, now);
  const cases = ctx.store.collection<FollowUpTask>('followUpTasks');
  const { page, pages, total, pageSize, offset, limit } = pageWindow(await cases.count(filter), paging.page, paging.pageSize);
  const tasks = await cases.find(filter, { sort: SORTS[q.sort ?? 'newest'], limit, skip: offset });
  return { tasks, total, page, pages, pageSize };
}

/** Every matching case in list order, for the export (streamed, never all in memory). */
export async function* iterateCases(ctx: TenantContext, q: CaseQuery, now = new Date()): AsyncIterable<FollowUpTask> {
  assertCan(ctx.actor.role, 'followUps.read');
  yield* ctx.store.collection<FollowUpTask>('followUpTasks').iterate(await caseFilter(ctx, q, now), { sort: SORTS[q.sort ?? 'newest'], batchSize: 500 });
}

export const isOverdue = (task: Pick<FollowUpTask, 'status' | 'dueAt'>, now: Date) =>
  (ACTIVE_STATUSES as readonly string[]).includes(task.status) && !!task.dueAt && task.dueAt < now.toISOString();
