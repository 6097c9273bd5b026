/**
 * Bulk actions on ticked cases: assign them all to one person, or close them
 * all with one reason. Each case changes in its own transaction with its own
 * audit entry (through the same transitions as one at a time); a case that
 * cannot change (finished meanwhile, not visible) is reported, not fatal.
 */
import { AppError } from '../../errors';
import { assignTask, closeTask } from '../alerts/tasks';
import type { TenantContext } from '../context';

export interface BulkResult {
  changed: string[];
  skipped: Array<{ id: string; reason: string }>;
}

async function each(ids: readonly string[], change: (id: string) => Promise<unknown>): Promise<BulkResult> {
  const out: BulkResult = { changed: [], skipped: [] };
  for (const id of new Set(ids)) {
    try {
      await change(id);
      out.changed.push(id);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      out.skipped.push({ id, reason: err.message });
    }
  }
  return out;
}

export const bulkAssign = (ctx: TenantContext, ids: readonly string[], assigneeId: string) => each(ids, (id) => assignTask(ctx, id, assigneeId));

export const bulkClose = (ctx: TenantContext, ids: readonly string[], reason: string) => each(ids, (id) => closeTask(ctx, id, reason));
