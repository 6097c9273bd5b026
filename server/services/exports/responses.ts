/**
 * The responses of a dashboard scope as tables for Excel users: one per
 * channel (XLSX sheets) and one of every channel (CSV), labelled in the
 * reader's language, with a codebook of the columns. The columns come from
 * the template versions (questions.ts), so the header leaves before any row is
 * read; rows stream from the store's iterator a batch at a time. Phone numbers
 * in answers and references are masked (mask.ts).
 */
import type { Locale } from '../../i18n';
import { assertCan } from '../accounts/roles';
import { listSites } from '../accounts/sites';
import type { TenantContext } from '../context';
import { responseFilter, type DashboardScope } from '../dashboard/filters';
import { CHANNELS, type Channel } from '../templates/types';
import { listTemplates } from '../templates/versions';
import { codebookTable } from './codebook';
import { exportQuestions, type ExportQuestion } from './questions';
import { fixedColumns, questionColumns, RESPONSE_FIELDS, wordsIn, type Column, type ColumnContext, type ExportedResponse } from './responseColumns';
import type { TableHeader } from './sinks';
import { tableOf, type ExportTable, type ExportTables } from './tables';

export function headerOf(columns: readonly Column[]): TableHeader {
  return { labels: columns.map((c) => c.label), codes: columns.map((c) => c.code), kinds: columns.map((c) => c.kind) };
}

function responseTable(ctx: TenantContext, name: string, columns: Column[], filter: Awaited<ReturnType<typeof responseFilter>>): ExportTable {
  return tableOf(name, headerOf(columns), async function* () {
    const responses = ctx.store.collection<ExportedResponse>('responses');
    for await (const r of responses.iterate(filter, { sort: { respondedAt: 1 }, batchSize: 1000, fields: [...RESPONSE_FIELDS] })) {
      yield columns.map((column) => column.cell(r));
    }
  });
}

/** The questions of several channels as one list, each id once (the first channel's wording). */
function unionOf(lists: ExportQuestion[][]): ExportQuestion[] {
  const seen = new Map<string, ExportQuestion>();
  for (const q of lists.flat()) if (!seen.has(q.id)) seen.set(q.id, q);
  return [...seen.values()];
}

export async function responseExport(ctx: TenantContext, scope: DashboardScope, locale: Locale): Promise<ExportTables> {
  assertCan(ctx.actor.role, 'scores.read');
  const filter = await responseFilter(ctx, scope);
  const channels: Channel[] = scope.channel ? [scope.channel] : [...CHANNELS];
  const questions = await exportQuestions(ctx, channels);
  const columnContext: ColumnContext = {
    locale,
    tzOffsetMinutes: scope.tzOffsetMinutes,
    siteNames: new Map((await listSites(ctx)).map((s) => [s._id, s.name])),
    templateNames: new Map((await listTemplates(ctx)).map((tpl) => [tpl._id, tpl.name])),
    word: wordsIn(locale),
  };
  const sheetName = (channel: Channel) => columnContext.word(`exports.channel.${channel}`);
  const sheets = channels.map((channel) => ({ channel, columns: [...fixedColumns(channel, columnContext), ...questionColumns(questions.get(channel)!, columnContext)] }));
  const oneChannel = channels.length === 1 ? channels[0]! : null;
  const combinedColumns = [...fixedColumns(oneChannel, columnContext), ...questionColumns(unionOf(channels.map((c) => questions.get(c)!)), columnContext, questions)];
  return {
    sheets: sheets.map(({ channel, columns }) => responseTable(ctx, sheetName(channel), columns, { ...filter, channel })),
    single: responseTable(ctx, oneChannel ? sheetName(oneChannel) : columnContext.word('exports.sheet.all'), combinedColumns, filter),
    codebook: await codebookTable(ctx, columnContext, sheets.map(({ channel, columns }) => ({ sheet: sheetName(channel), columns, questions: questions.get(channel)! }))),
  };
}
