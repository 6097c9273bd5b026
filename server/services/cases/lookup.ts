import type { FollowUpTask } from '../alerts/types';
import type { TenantContext } from '../context';

/** Which case each response belongs to: the case marker, else a task from before cases (one per response and rule). */
export async function caseIdsOf(ctx: TenantContext, responseIds: readonly string[]): Promise<Map<string, string>> {
  if (!responseIds.length) return new Map();
  const markers = await ctx.store.collection<{ _id: string; caseId: string }>('caseResponses').find({ _id: { $in: [...responseIds] } });
  const out = new Map(markers.map((m) => [m._id, m.caseId]));
  const missing = responseIds.filter((id) => !out.has(id));
  if (missing.length) {
    for (const t of await ctx.store
      .collection<FollowUpTask>('followUpTasks')
      .find({ responseId: { $in: missing } }, { fields: ['_id', 'responseId'], sort: { createdAt: 1 } })) {
      if (!out.has(t.responseId)) out.set(t.responseId, t._id);
    }
  }
  return out;
}
