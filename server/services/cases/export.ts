/**
 * The filtered case list as CSV rows: what a manager takes to a meeting.
 * No customer contact details: those stay behind the case page's reveal.
 * Cells go through the exports' CSV sink, which neutralises formulas.
 */
import { localStamp } from '../localTime';
import { reasonsOf, type FollowUpTask } from '../alerts/types';
import type { TenantContext } from '../context';
import type { Cell, TableSink } from '../exports/sinks';
import { maskPhones } from '../exports/mask';
import { isOverdue, iterateCases, type CaseQuery } from './list';
import { rootCauseName, type CaseSettings } from './settings';

export const CASE_EXPORT_HEADER = [
  'case_id',
  'opened',
  'site',
  'channel',
  'reasons',
  'severity',
  'status',
  'owner',
  'due',
  'overdue',
  'first_contact',
  'resolved',
  'root_cause',
  'action',
  'closed_reason',
  'recovery',
  'recovery_rating',
];

export function caseRow(task: FollowUpTask, settings: Pick<CaseSettings, 'rootCauses'>, tzOffsetMinutes: number, now: Date): Cell[] {
  const local = (iso: string | undefined) => (iso ? localStamp(iso, tzOffsetMinutes) : null);
  return [
    task._id,
    local(task.createdAt),
    task.siteCode,
    task.channel,
    reasonsOf(task)
      .map((r) => r.rule)
      .join('; '),
    task.severity ?? 'normal',
    task.status,
    task.assigneeName ?? null,
    local(task.dueAt),
    isOverdue(task, now) ? 'yes' : 'no',
    local(task.firstContactAt),
    local(task.resolvedAt),
    task.resolution?.rootCause ? rootCauseName(settings, task.resolution.rootCause, 'zh-CN') : null,
    // Free text written by staff may quote a customer's number: masked like every export.
    task.resolution?.action ? maskPhones(task.resolution.action) : null,
    task.closure ? maskPhones(task.closure.reason) : null,
    task.recovery?.state ?? null,
    task.recovery?.rating ?? null,
  ];
}

export async function writeCases(
  ctx: TenantContext,
  q: CaseQuery,
  sink: TableSink,
  settings: CaseSettings,
  tzOffsetMinutes: number,
  now = new Date(),
): Promise<number> {
  let rows = 0;
  for await (const task of iterateCases(ctx, q, now)) {
    await sink.row(caseRow(task, settings, tzOffsetMinutes, now));
    rows++;
  }
  return rows;
}
