/**
 * The codebook sheet: for every column of every channel's sheet, its label,
 * its code, and for questions their type, options (code = label), indicator,
 * weight and role, so the labelled sheets can be read back to codes.
 */
import type { TenantContext } from '../context';
import { getProject, projectCatalogue } from '../scores/projects';
import { indicatorsOf, questionType } from '../questions/registry';
import type { ExportQuestion } from './questions';
import type { Column, ColumnContext } from './responseColumns';
import type { Cell, ColumnKind, TableHeader } from './sinks';
import { tableOf, type ExportTable } from './tables';

const FIELDS = ['sheet', 'column', 'code', 'type', 'options', 'indicator', 'indicatorName', 'weight', 'role', 'templates'] as const;
const KINDS: Record<(typeof FIELDS)[number], ColumnKind> = {
  sheet: 'text',
  column: 'text',
  code: 'text',
  type: 'text',
  options: 'text',
  indicator: 'text',
  indicatorName: 'text',
  weight: 'number',
  role: 'text',
  templates: 'text',
};

export interface CodebookSheet {
  sheet: string;
  columns: readonly Column[];
  questions: readonly ExportQuestion[];
}

/**
 * The indicators behind one column, as the question's type names them (a grid names one per row):
 * the column's own part's when it has one, else every indicator the question feeds.
 */
function indicatorCodes(q: ExportQuestion, columnCode: string): string[] {
  const refs = indicatorsOf(q.question);
  const part = columnCode.slice(`q.${q.id}.`.length);
  const own = columnCode.startsWith(`q.${q.id}.`) ? refs.filter((r) => r.part === part) : [];
  return [...new Set((own.length ? own : refs).flatMap((r) => (r.code ? [r.code] : [])))];
}

export async function codebookTable(ctx: TenantContext, c: ColumnContext, sheets: readonly CodebookSheet[]): Promise<ExportTable> {
  const catalogue = projectCatalogue(await getProject(ctx));
  const name = c.word('exports.sheet.codebook');
  const header: TableHeader = { labels: FIELDS.map((f) => c.word(`exports.codebook.${f}`)), codes: [...FIELDS], kinds: FIELDS.map((f) => KINDS[f]) };
  const rows: Cell[][] = [];
  for (const { sheet, columns, questions } of sheets) {
    const byCode = new Map(questions.map((q) => [`q.${q.id}`, q]));
    for (const column of columns) {
      const q = byCode.get(column.code) ?? byCode.get(column.code.split('.').slice(0, 2).join('.'));
      if (!q) {
        rows.push([sheet, column.label, column.code, c.word('exports.type.fixed'), null, null, null, null, null, null]);
        continue;
      }
      const { type, values } = questionType(q.type).codebook(q.question, c.word, c.locale);
      const codes = indicatorCodes(q, column.code);
      const names = codes.map((code) => catalogue.byCode.get(code)?.name[c.locale]).filter((name): name is string => name !== undefined);
      rows.push([
        sheet,
        column.label,
        column.code,
        type,
        values,
        codes.join('; ') || null,
        names.join('; ') || null,
        codes.length ? (q.question.weight ?? 1) : null,
        q.role ? c.word(`exports.role.${q.role}`) : null,
        q.templates.map((tpl) => tpl[c.locale]).join('; '),
      ]);
    }
  }
  return tableOf(name, header, async function* () {
    yield* rows;
  });
}
