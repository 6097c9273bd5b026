/**
 * Matrix: several rows rated on one shared k-point scale (rating's scale fields), each row
 * scoring 0–100 like a rating into its own indicator. The answer holds one point (or 'na',
 * when allowed) per row id; a row left out is a broken answer, since a half-filled grid
 * would score only the rows a respondent happened to reach.
 */
import { z } from 'zod';
import { t, type Locale } from '../../../../i18n';
import { maskedCell } from '../../../exports/mask';
import { localizedTextSchema } from '../../../templates/schemaParts';
import type { LocalizedText, Question } from '../../../templates/types';
import { integerIn, reject, textIn, type ChoiceWords, type QuestionTypeModule } from '../../questionType';
import { naChoice, notApplicable, scaleWords, storedInteger } from '../../scales';
import { ALLOW_NA_OPT_IN, SCALE } from '../../builderFields';
import { rating } from '../rating';

export interface MatrixRow {
  id: string;
  /** zh-CN required; an empty English falls back to the Chinese. */
  prompt: LocalizedText;
  indicator?: string;
}
export type MatrixAnswer = Record<string, number | 'na'>;

/** One row as the matrix partial draws it: its own radio group, named `<field>.<row id>`. */
export interface MatrixRowView {
  id: string;
  prompt: string;
  choices: Array<ChoiceWords & { checked: boolean }>;
  na?: ChoiceWords & { checked: boolean };
}

declare module '../../../templates/types' {
  interface QuestionTypes {
    matrix: true;
  }
  interface Question {
    /** matrix: the rows, each rated on the question's scale. */
    rows?: MatrixRow[];
  }
  interface AnswerShapes {
    matrix: MatrixAnswer;
  }
}
declare module '../../questionType' {
  interface FormParts {
    rows?: MatrixRowView[];
  }
}

const ROW_ID = /^[a-z][a-z0-9_]{0,39}$/;
const MAX_ROWS = 20;

const rowSchema = z.object({ id: z.string(), prompt: localizedTextSchema, indicator: z.string().optional() }).strict();

function scaleChoices(q: Question, locale: Locale): ChoiceWords[] {
  const k = q.scale ?? 5;
  const [low, high] = q.scaleLabels ?? [];
  return Array.from({ length: k }, (_, i) => ({
    value: String(i + 1),
    label: String(i + 1),
    caption: i === 0 ? textIn(low, locale) : i === k - 1 ? textIn(high, locale) : undefined,
  }));
}

/** The posted or JSON answer as row id → raw value; anything else breaks the rule. */
function rawRows(raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return reject('must be an object of row ids to points');
  return raw as Record<string, unknown>;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

export const matrix: QuestionTypeModule = {
  type: 'matrix',
  schema: {
    rows: z.array(rowSchema).optional(),
    scale: z.number().int().optional(),
    scaleLabels: z.array(localizedTextSchema).optional(),
    allowNa: z.boolean().optional(),
  },
  checkTemplate(q, problem, content) {
    rating.checkTemplate!(q, problem, content);
    if (q.scaleLabels && q.scaleLabels.length !== 2) problem('scaleLabels', 'a matrix takes 2 scale labels (lowest, highest)', 'matrixScaleLabels');
    if (q.indicator !== undefined) problem('indicator', 'a matrix names its indicators on its rows, not on the question', 'matrixIndicatorOnRows');
    const rows = q.rows ?? [];
    if (rows.length < 1 || rows.length > MAX_ROWS) problem('rows', `a matrix needs 1 to ${MAX_ROWS} rows`, 'matrixRowCount', { max: MAX_ROWS });
    const seen = new Set<string>();
    rows.forEach((row, i) => {
      if (!ROW_ID.test(row.id))
        problem(`rows.${i}.id`, 'a row id is a lower-case letter then up to 39 lower-case letters, digits or underscores', 'matrixRowId');
      if (seen.has(row.id)) problem(`rows.${i}.id`, 'a row id is used by an earlier row', 'matrixRowRepeats');
      seen.add(row.id);
      if (!row.prompt['zh-CN'].trim()) problem(`rows.${i}.prompt.zh-CN`, `row ${i + 1} lacks a Chinese (zh-CN) text`, 'missingZh', { what: `row ${i + 1}` });
    });
  },
  indicatorsOf: (q) => (q.rows ?? []).map((row, i) => ({ code: row.indicator, field: `rows.${i}.indicator`, part: row.id })),
  scored: () => true,
  coerce(q, raw) {
    const posted = rawRows(raw);
    const rows = q.rows ?? [];
    const known = new Set(rows.map((r) => r.id));
    const extra = Object.keys(posted).find((id) => !known.has(id));
    if (extra !== undefined) reject(`row "${extra}" is not a row of this question`);
    if (rows.every((r) => blank(posted[r.id]))) return null;
    const answer: MatrixAnswer = {};
    for (const row of rows) {
      const v = posted[row.id];
      if (blank(v)) reject(`row ${row.id}: every row needs a point once one is answered`);
      try {
        answer[row.id] = notApplicable(q, v) ?? integerIn(v, 1, q.scale ?? 5);
      } catch (err) {
        reject(`row ${row.id}: ${(err as Error).message}`);
      }
    }
    return answer;
  },
  items(q, answer) {
    const k = q.scale;
    if (k === undefined || !Number.isInteger(k) || k < 2) return reject('matrix question has no valid scale');
    const stored = rawRows(answer);
    return (q.rows ?? []).flatMap((row) => {
      const v = stored[row.id];
      if (v === 'na' || blank(v)) return [];
      const x = storedInteger(v, 1, k);
      return [{ indicator: row.indicator, weight: q.weight ?? 1, score: ((x - 1) / (k - 1)) * 100 }];
    });
  },
  form(q, locale, answer) {
    const all = scaleChoices(q, locale);
    const given = typeof answer === 'object' && answer !== null && !Array.isArray(answer) ? (answer as Record<string, unknown>) : {};
    const na = naChoice(q, locale);
    return {
      partial: 'questionTypes/matrix',
      inputType: 'radio',
      lowLabel: all[0]?.caption,
      highLabel: all[all.length - 1]?.caption,
      wide: all.length > 7,
      rows: (q.rows ?? []).map((row) => {
        const chosen = given[row.id] === undefined || given[row.id] === null ? '' : String(given[row.id]);
        return {
          id: row.id,
          prompt: textIn(row.prompt, locale)!,
          choices: all.map((c) => ({ ...c, checked: c.value === chosen })),
          na: na && { ...na, checked: chosen === 'na' },
        };
      }),
    };
  },
  formError: () => ({ key: 'questionMatrix.error' }),
  /** One line per row: "row prompt: 4 / 5 · caption". */
  words(q, answer, locale) {
    if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return null;
    const stored = answer as Record<string, unknown>;
    const all = scaleChoices(q, locale);
    return (q.rows ?? [])
      .map((row) => `${textIn(row.prompt, locale)}: ${scaleWords(all, q.scale ?? 5, stored[row.id], locale) ?? t(locale, 'questionMatrix.unanswered')}`)
      .join('\n');
  },
  columns: (q, prompt) =>
    (q.rows ?? []).map((row) => ({
      suffix: `.${row.id}`,
      label: (locale: Locale) => `${prompt[locale] || prompt['zh-CN']} · ${textIn(row.prompt, locale)}`,
      kind: 'number' as const,
      cell: (answer, word) => {
        const v = typeof answer === 'object' && answer !== null && !Array.isArray(answer) ? (answer as Record<string, unknown>)[row.id] : undefined;
        return v === 'na' ? word('exports.answer.na') : maskedCell(v ?? null);
      },
    })),
  codebook: (q, word) => ({
    type: word('questionMatrix.exportType').replace('{scale}', String(q.scale ?? '')),
    values: q.scale ? `1–${q.scale}` : null,
  }),
  // Words in several lines (one per row) read as a note, which keeps each line; a badge would run them together.
  display: () => 'text',
  builder: {
    position: 10,
    fields: [
      {
        kind: 'list',
        key: 'rows',
        idKey: 'id',
        idPrefix: 'r',
        item: [
          { kind: 'text', key: 'id', label: 'builder.rowId', size: 8 },
          { kind: 'localized', key: 'prompt', label: 'builder.rowPrompt' },
          { kind: 'indicator', key: 'indicator' },
        ],
        newItem: { prompt: { 'zh-CN': '', en: '' } },
        labels: { heading: 'builder.rows', add: 'builder.addRow', remove: 'builder.deleteRow', removeN: 'builder.deleteRowN' },
      },
      SCALE,
      ALLOW_NA_OPT_IN,
    ],
    defaults: { scale: 5, rows: [{ id: 'r1', prompt: { 'zh-CN': '', en: '' } }] },
    roles: [],
    // Each row picks its indicator in the rows editor; the question-level indicator, weight and role do not apply.
    scored: false,
    channels: ['survey', 'call'],
  },
};

export default matrix;
