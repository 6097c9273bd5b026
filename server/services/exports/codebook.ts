/**
 * The codebook sheet: for every column of every channel's sheet, its label,
 * its code, and for questions their type, options (code = label), indicator,
 * weight and role, so the labelled sheets can be read back to codes.
 */
import type { TenantContext } from '../context';
import { getProject, projectCatalogue } from '../scores/projects';
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

function optionsText(q: ExportQuestion, c: ColumnContext): string | null {
  if (q.type === 'checklist') return ['yes', 'no', 'na'].map((v) => `${v} = ${c.word(`exports.answer.${v}`)}`).join('; ');
  if (q.type === 'rating') return q.scale ? `1–${q.scale}` : null;
  if (q.type === 'nps') return '0–10';
  if (q.options.size === 0) return null;
  return [...q.options].map(([value, label]) => `${value} = ${label[c.locale]}`).join('; ');
}

export async function codebookTable(ctx: TenantContext, c: ColumnContext, sheets: readonly CodebookSheet[]): Promise<ExportTable> {
  const catalogue = projectCatalogue(await getProject(ctx));
  const name = c.word('exports.sheet.codebook');
  const header: TableHeader = { labels: FIELDS.map((f) => c.word(`exports.codebook.${f}`)), codes: [...FIELDS], kinds: FIELDS.map((f) => KINDS[f]) };
  const rows: Cell[][] = [];
  for (const { sheet, columns, questions } of sheets) {
    const byCode = new Map(questions.map((q) => [`q.${q.id}`, q]));
    for (const column of columns) {
      const q = byCode.get(column.code);
      if (!q) {
        rows.push([sheet, column.label, column.code, c.word('exports.type.fixed'), null, null, null, null, null, null]);
        continue;
      }
      const type = q.type === 'rating' ? c.word('exports.type.rating').replace('{scale}', String(q.scale ?? '')) : c.word(`exports.type.${q.type}`);
      const indicatorName = q.indicator ? (catalogue.byCode.get(q.indicator)?.name[c.locale] ?? null) : null;
      rows.push([
        sheet,
        column.label,
        column.code,
        type,
        optionsText(q, c),
        q.indicator ?? null,
        indicatorName,
        q.weight ?? null,
        q.role ? c.word(`exports.role.${q.role}`) : null,
        q.templates.map((tpl) => tpl[c.locale]).join('; '),
      ]);
    }
  }
  return tableOf(name, header, async function* () {
    yield* rows;
  });
}
