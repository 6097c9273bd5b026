/**
 * The responses of a dashboard scope as rows: one per counted response, fixed
 * columns first, then one column per question of the templates involved.
 * Read with the store's iterator (a batch at a time) and written as they come.
 * Phone numbers in answers and references are masked.
 */
import { assertCan } from '../accounts/roles';
import { listSites } from '../accounts/sites';
import type { TenantContext } from '../context';
import { responseFilter, type DashboardScope } from '../dashboard/filters';
import type { ResponseDoc } from '../responses/types';
import type { TemplateContent } from '../templates/types';
import { getVersion } from '../templates/versions';
import { maskedCell, maskPhones } from './mask';
import { type Cell, type TableSink } from './sinks';

const FIXED = [
  'response_id', 'responded_at', 'submitted_at', 'counted_at', 'site_code', 'site_name', 'channel', 'source', 'template_id', 'template_version',
  'overall_0_100', 'csat_satisfied', 'nps_0_10', 'effort_0_100', 'visit_score', 'visit_failed', 'refs',
];

export interface ResponseExport {
  header: string[];
  write(sink: TableSink, isAborted: () => boolean): Promise<number>;
}

/** Question ids of every template version in the scope, in template order, each once. */
async function questionColumns(ctx: TenantContext, filter: Awaited<ReturnType<typeof responseFilter>>): Promise<string[]> {
  const columns: string[] = [];
  const responses = ctx.store.collection<ResponseDoc>('responses');
  for (const templateId of (await responses.distinct('templateId', filter)).map(String).sort()) {
    const versions = (await responses.distinct('templateVersion', { ...filter, templateId })).map(Number).sort((a, b) => a - b);
    for (const version of versions) {
      const { content } = await getVersion(ctx, templateId, version);
      for (const q of content.sections.flatMap((s) => s.questions)) if (q.type !== 'photo' && !columns.includes(q.id)) columns.push(q.id);
    }
  }
  return columns;
}

function refsCell(refs: Record<string, string> | undefined): Cell {
  if (!refs) return null;
  return Object.entries(refs).map(([k, v]) => `${k}=${maskPhones(String(v), 'reference')}`).join('; ');
}

export async function responseExport(ctx: TenantContext, scope: DashboardScope): Promise<ResponseExport> {
  assertCan(ctx.actor.role, 'scores.read');
  const filter = await responseFilter(ctx, scope);
  const questions = await questionColumns(ctx, filter);
  const siteNames = new Map((await listSites(ctx)).map((s) => [s._id, s.name]));
  const contents = new Map<string, TemplateContent>();
  return {
    header: [...FIXED, ...questions.map((id) => `q.${id}`)],
    async write(sink, isAborted) {
      let rows = 0;
      for await (const r of ctx.store.collection<ResponseDoc>('responses').iterate(filter, { sort: { respondedAt: 1 }, batchSize: 1000 })) {
        if (isAborted()) break;
        const key = `${r.templateId}@${r.templateVersion}`;
        if (!contents.has(key)) contents.set(key, (await getVersion(ctx, r.templateId, r.templateVersion)).content);
        const c = r.contribution;
        await sink.row([
          r._id, r.respondedAt, r.submittedAt, r.countedAt ?? null, r.siteCode, siteNames.get(r.siteId) ?? null, r.channel, r.source, r.templateId, r.templateVersion,
          c.overall ?? null, c.csatSatisfied ?? null, c.npsRaw ?? null, c.effort ?? null, c.visitScore ?? null, c.visitFailed ?? null, refsCell(r.refs),
          ...questions.map((id) => maskedCell(r.answers[id])),
        ]);
        rows += 1;
      }
      return rows;
    },
  };
}
