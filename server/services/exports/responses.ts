/**
 * The responses of a dashboard scope as tables for Excel users: one per
 * channel (XLSX sheets) and one of every channel (CSV), labelled in the
 * reader's language, with a codebook of the columns. The columns come from
 * the template versions (questions.ts), so the header leaves before any row is
 * read; rows stream from the store's iterator a batch at a time. Phone numbers
 * in answers and references are masked (mask.ts).
 */
import { isDeepStrictEqual } from 'node:util';
import type { Locale } from '../../i18n';
import type { Filter } from '../../store/types';
import { nameIn } from '../accounts/names';
import { assertCan } from '../accounts/roles';
import { listSites } from '../accounts/sites';
import type { TenantContext } from '../context';
import { responseFilter, type DashboardScope } from '../dashboard/filters';
import { CHANNELS, type Channel } from '../templates/types';
import { listTemplates } from '../templates/versions';
import { codebookTable } from './codebook';
import { exportQuestions, type ExportQuestion } from './questions';
import { fixedColumns, questionColumns, wordsIn, type Column, type ColumnContext, type ExportedResponse } from './responseColumns';
import type { Cell, TableHeader } from './sinks';
import { routedTables, tableOf, type ExportTable, type ExportTables } from './tables';
import { channels as channelRegistry } from '../channels';
import { addDays } from '../calendar';

export function headerOf(columns: readonly Column[]): TableHeader {
  return { labels: columns.map((c) => c.label), codes: columns.map((c) => c.code), kinds: columns.map((c) => c.kind) };
}

/**
 * Consecutive spans of a scope, a week each. Read span by span, the first rows
 * leave after the store has matched one week, not the whole period: the
 * embedded store matches a query's rows before it yields the first, which at
 * a million rows would hold the download up for many seconds.
 */
export function weeksOf(scope: Pick<DashboardScope, 'from' | 'to'>): Array<{ from: string; to: string }> {
  const spans: Array<{ from: string; to: string }> = [];
  for (let from = scope.from; from <= scope.to; from = addDays(from, SPAN_DAYS)) {
    const to = addDays(from, SPAN_DAYS - 1);
    spans.push({ from, to: to < scope.to ? to : scope.to });
  }
  return spans;
}
const SPAN_DAYS = 7;
/** Documents the store reads at a time: one SQL statement per batch, never more than one batch in memory. */
const EXPORT_BATCH = 1000;

/**
 * A scope's filter without its "counted" condition, which countedResponses checks on each
 * document read instead. What remains (tenant and time, plus any site or channel) is what the
 * (enterpriseId, respondedAt) index answers alone: the embedded store then finds a week's rows
 * without opening each document one more time just to see that it was counted.
 */
function withoutCounted(filter: Filter): Filter {
  const { countedAt, ...rest } = filter;
  if (!isDeepStrictEqual(countedAt, { $exists: true })) throw new Error('exports: responseFilter names counted responses differently; update withoutCounted');
  return rest;
}

/**
 * The counted responses of a scope, whole, in response time order, a week and a
 * batch at a time. Whole documents: on the embedded store SQLite extracting the 13 fields a row
 * needs costs more than V8 parsing the whole 1 KB document.
 */
export async function* countedResponses(ctx: TenantContext, scope: DashboardScope): AsyncIterable<ExportedResponse> {
  const responses = ctx.store.collection<ExportedResponse>('responses');
  for (const span of weeksOf(scope)) {
    const filter = withoutCounted(await responseFilter(ctx, { ...scope, ...span }));
    for await (const r of responses.iterate(filter, { sort: { respondedAt: 1 }, batchSize: EXPORT_BATCH })) {
      if (r.countedAt !== undefined) yield r; // $exists: a stored null counts as present
    }
  }
}

/** A response's row: each column's cell. */
function cellsIn(columns: readonly Column[]): (r: ExportedResponse) => Cell[] {
  return (r) => {
    const cells = new Array<Cell>(columns.length);
    for (let i = 0; i < columns.length; i++) cells[i] = columns[i]!.cell(r);
    return cells;
  };
}

/** One sheet per channel, filled from one read of the scope's responses. */
function channelTables(ctx: TenantContext, scope: DashboardScope, sheets: ReadonlyArray<{ name: string; channel: Channel; columns: Column[] }>): ExportTable {
  const tableOfChannel = new Map(sheets.map(({ channel }, i) => [channel, i]));
  return routedTables(
    sheets.map(({ name, columns }) => ({ name, header: headerOf(columns), cellsOf: cellsIn(columns) })),
    () => countedResponses(ctx, scope),
    (r) => tableOfChannel.get(r.channel) ?? -1,
  );
}

/** The questions of several channels as one list, each id once (the first channel's wording). */
function unionOf(lists: ExportQuestion[][]): ExportQuestion[] {
  const seen = new Map<string, ExportQuestion>();
  for (const q of lists.flat()) if (!seen.has(q.id)) seen.set(q.id, q);
  return [...seen.values()];
}

export async function responseExport(ctx: TenantContext, scope: DashboardScope, locale: Locale): Promise<ExportTables> {
  assertCan(ctx.actor.role, 'scores.read');
  const channels: Channel[] = scope.channel ? [scope.channel] : [...CHANNELS];
  const questions = await exportQuestions(ctx, channels);
  const columnContext: ColumnContext = {
    locale,
    tzOffsetMinutes: scope.tzOffsetMinutes,
    siteNames: new Map((await listSites(ctx)).map((s) => [s._id, nameIn(s, locale)])),
    templateNames: new Map((await listTemplates(ctx)).map((tpl) => [tpl._id, tpl.name])),
    word: wordsIn(locale),
  };
  const sheetName = (channel: Channel) => columnContext.word(channelRegistry.labelKey(channel));
  const sheets = channels.map((channel) => ({
    channel,
    columns: [...fixedColumns(channel, columnContext), ...questionColumns(questions.get(channel)!, columnContext)],
  }));
  const oneChannel = channels.length === 1 ? channels[0]! : null;
  const combinedColumns = [
    ...fixedColumns(oneChannel, columnContext),
    ...questionColumns(unionOf(channels.map((c) => questions.get(c)!)), columnContext, questions),
  ];
  return {
    sheets: [
      channelTables(
        ctx,
        scope,
        sheets.map(({ channel, columns }) => ({ name: sheetName(channel), channel, columns })),
      ),
    ],
    single: tableOf(
      oneChannel ? sheetName(oneChannel) : columnContext.word('exports.sheet.all'),
      headerOf(combinedColumns),
      () => countedResponses(ctx, scope),
      cellsIn(combinedColumns),
    ),
    codebook: await codebookTable(
      ctx,
      columnContext,
      sheets.map(({ channel, columns }) => ({ sheet: sheetName(channel), columns, questions: questions.get(channel)! })),
    ),
  };
}
