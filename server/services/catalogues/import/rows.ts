/**
 * A catalogue file as rows: code, parent, name zh, name en, points, evidence
 * kinds. Read from CSV (UTF-8, UTF-16 or GBK, as Excel writes them), XLSX (the
 * first sheet, through exceljs) or JSON (a list of rows, or a catalogue document
 * as shipped in surveys/standards). Row numbers are the file's own (header = 1).
 */
import type * as ExcelJS from 'exceljs';
import { ValidationError } from '../../../errors';
import { csvTable, decodeCsv, normaliseHeader } from '../../spreadsheet';

export interface CatalogueRow {
  /** The file's row number (the header is row 1; JSON: index + 1). */
  row: number;
  code: string;
  parent: string;
  nameZh: string;
  nameEn: string;
  /** As written: checked later, so a bad number is a row error, not a refused file. */
  points: string;
  evidence: string;
}

type Field = Exclude<keyof CatalogueRow, 'row'>;
const HEADERS: Record<Field, string[]> = {
  code: ['code', '代码', '编码', '指标代码'],
  parent: ['parent', '上级', '上级代码', '父级'],
  nameZh: ['namezh', 'namezhcn', 'zh', '名称', '中文名称', '名称中文'],
  nameEn: ['nameen', 'en', '英文名称', '名称英文'],
  points: ['points', 'maxpoints', '分值', '满分', '分数'],
  evidence: ['evidence', 'evidencekinds', '证据', '证据类型'],
};

function fieldsOf(header: string[]): Map<number, Field> {
  const out = new Map<number, Field>();
  header.forEach((h, i) => {
    const field = (Object.keys(HEADERS) as Field[]).find((f) => HEADERS[f].includes(normaliseHeader(h)));
    if (field) out.set(i, field);
  });
  const missing = (['code', 'parent', 'nameZh', 'nameEn', 'points', 'evidence'] as Field[]).filter((f) => ![...out.values()].includes(f));
  if (missing.length)
    throw new ValidationError(
      `file: missing columns ${missing.join(', ')} (expected code, parent, name_zh, name_en, points, evidence)`,
      'file',
      'missing_columns',
    );
  return out;
}

function rowsOf(table: string[][]): CatalogueRow[] {
  if (table.length < 2) throw new ValidationError('file: no rows under the header', 'file', 'no_rows');
  const fields = fieldsOf(table[0]!);
  return table.slice(1).flatMap((cells, i) => {
    if (cells.every((c) => !c.trim())) return [];
    const row: CatalogueRow = { row: i + 2, code: '', parent: '', nameZh: '', nameEn: '', points: '', evidence: '' };
    fields.forEach((field, col) => (row[field] = (cells[col] ?? '').trim()));
    return [row];
  });
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return String(value.result ?? '');
    if ('text' in value) return String(value.text);
    if (value instanceof Date) return value.toISOString().slice(0, 10);
  }
  return String(value);
}

async function xlsxTable(buffer: Buffer): Promise<string[][]> {
  // exceljs loads with the first XLSX upload, not with every app process.
  const { Workbook } = await import('exceljs');
  const book = new Workbook();
  try {
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new ValidationError('file: not a readable XLSX workbook', 'file', 'unreadable_file');
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw new ValidationError('file: the workbook has no sheet', 'file', 'no_rows');
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const values = row.values as ExcelJS.CellValue[];
    table[n - 1] = values.slice(1).map(cellText);
  });
  return Array.from(table, (r) => r ?? []);
}

function jsonRows(buffer: Buffer): { rows: CatalogueRow[]; name?: { 'zh-CN': string; en: string } } {
  let doc: unknown;
  try {
    doc = JSON.parse(buffer.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ValidationError(`file: not valid JSON (${(err as Error).message})`, 'file', 'unreadable_file');
  }
  const list = Array.isArray(doc) ? doc : ((doc as { rows?: unknown; nodes?: unknown } | null)?.rows ?? (doc as { nodes?: unknown } | null)?.nodes);
  if (!Array.isArray(list)) throw new ValidationError('file: JSON must be a list of rows, or an object with "rows" or "nodes"', 'file', 'unreadable_file');
  const text = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? '' : String(v).trim());
  const rows = list.map((item, i): CatalogueRow => {
    const r = (item ?? {}) as Record<string, unknown>;
    const name = (r.name ?? {}) as Record<string, unknown>;
    const evidence = Array.isArray(r.evidence) ? r.evidence.map(String).join(',') : text(r.evidence);
    return {
      row: i + 1,
      code: text(r.code),
      parent: text(r.parent),
      nameZh: text(r.nameZh ?? r.name_zh ?? name['zh-CN']),
      nameEn: text(r.nameEn ?? r.name_en ?? name.en),
      points: text(r.points ?? r.maxPoints),
      evidence,
    };
  });
  const docName = (doc as { name?: { 'zh-CN'?: string; en?: string } } | null)?.name;
  return { rows, ...(docName?.['zh-CN'] && docName.en ? { name: { 'zh-CN': docName['zh-CN'], en: docName.en } } : {}) };
}

/** The rows of an uploaded file, by its extension. */
export async function readCatalogueFile(buffer: Buffer, filename: string): Promise<{ rows: CatalogueRow[]; name?: { 'zh-CN': string; en: string } }> {
  const ext = filename.toLowerCase().split('.').pop();
  if (ext === 'json') return jsonRows(buffer);
  if (ext === 'xlsx') return { rows: rowsOf(await xlsxTable(buffer)) };
  if (ext === 'csv' || ext === 'txt') {
    return { rows: rowsOf(csvTable(decodeCsv(buffer).text)) };
  }
  throw new ValidationError('file: must be a .csv, .xlsx or .json file', 'file', 'unsupported_file');
}
