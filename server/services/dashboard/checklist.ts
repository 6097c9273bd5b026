/**
 * Mystery-visit pass rates per checklist item: yes / (yes + no) over the
 * counted (approved) visits of the scope, N/A left out. Rollups keep no
 * per-item counts, so this reads the visits themselves, newest first, capped.
 */
import type { TenantContext } from '../context';
import type { ResponseDoc } from '../responses/types';
import type { LocalizedText } from '../templates/types';
import { versionQuestions } from '../templates/versions';
import { responseFilter, type DashboardScope } from './filters';

export const CHECKLIST_VISIT_CAP = 5000;

export interface ChecklistItemRate {
  id: string;
  prompt: LocalizedText;
  critical: boolean;
  yes: number;
  no: number;
  na: number;
  /** 0–100; null when no visit answered it yes or no. */
  passRate: number | null;
}

export async function checklistPassRates(ctx: TenantContext, scope: DashboardScope): Promise<{ visits: number; capped: boolean; items: ChecklistItemRate[] }> {
  if (scope.channel && scope.channel !== 'mystery') return { visits: 0, capped: false, items: [] };
  const filter = { ...(await responseFilter(ctx, scope)), channel: 'mystery' };
  const items = new Map<string, ChecklistItemRate>();
  let visits = 0;
  const responses = ctx.store.collection<ResponseDoc>('responses').iterate(filter, { sort: { respondedAt: -1 }, limit: CHECKLIST_VISIT_CAP, batchSize: 500 });
  for await (const r of responses) {
    visits++;
    for (const q of await versionQuestions(ctx, r.templateId, r.templateVersion)) {
      if (q.type !== 'checklist') continue;
      const item = items.get(q.id) ?? { id: q.id, prompt: q.prompt, critical: !!q.critical, yes: 0, no: 0, na: 0, passRate: null };
      const a = r.answers[q.id];
      if (a === 'yes') item.yes++;
      else if (a === 'no') item.no++;
      else if (a === 'na') item.na++;
      items.set(q.id, item);
    }
  }
  for (const item of items.values()) item.passRate = item.yes + item.no ? (100 * item.yes) / (item.yes + item.no) : null;
  return { visits, capped: visits >= CHECKLIST_VISIT_CAP, items: [...items.values()] };
}
