/**
 * The columns of a responses export: fixed columns (when, where, which
 * channel, the response's scores) and one per question, each with a label in
 * the reader's language, a stable code, a kind that tells the spreadsheet how
 * to show it, and the function that turns a stored response into its cell.
 * Times become the enterprise's wall-clock time, scores follow the display
 * rule with the full precision beside them, and codes (channels, sources,
 * answers) become words.
 */
import { t, type Locale } from '../../i18n';
import { cutNumber } from '../displayRule';
import { utcOffsetLabel, wallClockDate } from '../localTime';
import type { ResponseDoc } from '../responses/types';
import { questionType } from '../questions/registry';
import type { AnswerColumn } from '../questions/questionType';
import type { Channel, LocalizedText } from '../templates/types';
import { maskPhones } from './mask';
import type { ExportQuestion } from './questions';
import type { Cell, ColumnKind } from './sinks';
import { channels } from '../channels';

/**
 * The fields a row reads. The export asks the store for whole documents all the same: on the embedded
 * store, SQLite extracting these 13 of a response's 17 fields (and JavaScript parsing three of them again)
 * costs more than V8 parsing the whole 1 KB document (bench:export at 150,000 rows: the read alone
 * 4.4 → 3.4 CPU-seconds).
 */
export type ExportedResponse = Pick<
  ResponseDoc,
  | '_id'
  | 'respondedAt'
  | 'submittedAt'
  | 'countedAt'
  | 'siteId'
  | 'siteCode'
  | 'channel'
  | 'source'
  | 'templateId'
  | 'templateVersion'
  | 'contribution'
  | 'answers'
  | 'refs'
>;

export interface Column {
  code: string;
  label: string;
  kind: ColumnKind;
  cell(r: ExportedResponse): Cell;
}

export interface ColumnContext {
  locale: Locale;
  tzOffsetMinutes: number;
  siteNames: ReadonlyMap<string, string>;
  templateNames: ReadonlyMap<string, LocalizedText>;
  word: (key: string) => string;
}

/** Catalogue words looked up once per export rather than once per cell (a million rows, dozens of cells each). */
export function wordsIn(locale: Locale): (key: string) => string {
  const words = new Map<string, string>();
  return (key) => {
    let text = words.get(key);
    if (text === undefined) words.set(key, (text = t(locale, key)));
    return text;
  };
}

function fixed(code: string, kind: ColumnKind, cell: Column['cell'], c: ColumnContext): Column {
  return { code, kind, cell, label: t(c.locale, `exports.column.${code}`, { zone: utcOffsetLabel(c.tzOffsetMinutes) }) };
}

/** A score as shown (the display rule) and, in the next column, as computed. */
function scorePair(code: string, value: (r: ExportedResponse) => number | undefined, c: ColumnContext): Column[] {
  return [fixed(code, 'score', (r) => cutNumber(value(r)), c), fixed(`${code}_exact`, 'number', (r) => value(r) ?? null, c)];
}

function yesNo(value: boolean | undefined, c: ColumnContext): Cell {
  return value === undefined ? null : c.word(value ? 'exports.answer.yes' : 'exports.answer.no');
}

function refsCell(refs: Record<string, string> | undefined, c: ColumnContext): Cell {
  if (!refs) return null;
  const name = (key: string) => {
    const label = c.word(`exports.ref.${key}`);
    return label === `exports.ref.${key}` ? key : label; // references an API caller named itself keep its name
  };
  return Object.entries(refs)
    .map(([k, v]) => `${name(k)}=${maskPhones(String(v), 'reference')}`)
    .join('; ');
}

/** The fixed columns for one channel's sheet, or for a table of every channel (`null`). */
export function fixedColumns(channel: Channel | null, c: ColumnContext): Column[] {
  const tz = c.tzOffsetMinutes;
  const columns: Column[] = [
    fixed('response_id', 'text', (r) => r._id, c),
    fixed('responded_at', 'date', (r) => wallClockDate(r.respondedAt, tz), c),
    fixed('submitted_at', 'date', (r) => wallClockDate(r.submittedAt, tz), c),
    fixed('counted_at', 'date', (r) => (r.countedAt ? wallClockDate(r.countedAt, tz) : null), c),
    fixed('site_code', 'text', (r) => r.siteCode, c),
    fixed('site_name', 'text', (r) => c.siteNames.get(r.siteId) ?? null, c),
  ];
  if (channel === null) columns.push(fixed('channel', 'text', (r) => c.word(channels.labelKey(r.channel)), c));
  columns.push(
    fixed('source', 'text', (r) => c.word(`exports.source.${r.source}`), c),
    fixed('template', 'text', (r) => c.templateNames.get(r.templateId)?.[c.locale] ?? r.templateId, c),
    fixed('template_version', 'number', (r) => r.templateVersion, c),
  );
  if (channel !== 'mystery') {
    columns.push(
      ...scorePair('overall_0_100', (r) => r.contribution.overall, c),
      fixed('csat_satisfied', 'text', (r) => yesNo(r.contribution.csatSatisfied, c), c),
      fixed('nps_0_10', 'number', (r) => r.contribution.npsRaw ?? null, c),
      ...scorePair('effort_0_100', (r) => r.contribution.effort, c),
    );
  }
  if (channel === 'mystery' || channel === null) {
    columns.push(
      ...scorePair('visit_score', (r) => r.contribution.visitScore, c),
      fixed('visit_failed', 'text', (r) => yesNo(r.contribution.visitFailed, c), c),
    );
  }
  columns.push(fixed('refs', 'text', (r) => refsCell(r.refs, c), c));
  return columns;
}

/**
 * The columns of each question, as its type's module lays them out (one for most, one per
 * row for grids). In a table of several channels a question id may mean different things
 * (the survey's single-choice `problem_solved`, the call's checklist one): each answer is
 * read with its own channel's question.
 */
export function questionColumns(questions: readonly ExportQuestion[], c: ColumnContext, byChannel?: ReadonlyMap<Channel, readonly ExportQuestion[]>): Column[] {
  return questions.flatMap((q) => {
    const columnsOf = (x: ExportQuestion) => questionType(x.type).columns(x.question, x.prompt);
    const own = columnsOf(q);
    // Per channel, the columns this question's answers belong to (looked up once, not per cell).
    const asked: Partial<Record<Channel, ReturnType<typeof columnsOf>>> = {};
    for (const [channel, list] of byChannel ?? []) {
      const other = list.find((x) => x.id === q.id);
      if (other) asked[channel] = columnsOf(other);
    }
    return own.map((column) => {
      const readAs: Partial<Record<Channel, AnswerColumn>> = {};
      for (const channel of Object.keys(asked) as Channel[]) readAs[channel] = asked[channel]!.find((x) => x.suffix === column.suffix) ?? column;
      return {
        code: `q.${q.id}${column.suffix}`,
        label: column.label(c.locale),
        kind: column.kind,
        cell: byChannel
          ? (r: ExportedResponse) => (readAs[r.channel] ?? column).cell(r.answers[q.id], c.word, c.locale)
          : (r: ExportedResponse) => column.cell(r.answers[q.id], c.word, c.locale),
      };
    });
  });
}
