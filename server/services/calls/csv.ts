/**
 * Case files as call centres export them: UTF-8 (with or without BOM), UTF-16
 * from Excel's "Unicode text", or GBK from Excel on a Chinese Windows; comma or
 * tab separated; English or Chinese headers. Decoded and parsed by ../spreadsheet.
 */
import { ValidationError } from '../../errors';
import { csvRecords, normaliseHeader } from '../spreadsheet';
import type { CaseInput, RawCase } from './caseRows';
import { CASE_FIELDS } from './caseRows';

/** Headers (lower case, without spaces, _ or -) that name each field. */
const HEADERS: Record<keyof CaseInput, string[]> = {
  caseId: ['caseid', 'case', 'ticket', 'workorder', '工单号', '工单编号', '服务单号', '工单'],
  siteCode: ['sitecode', 'site', '场所代码', '场所', '网点代码', '网点', '服务网点'],
  customerName: ['customername', 'customer', 'name', '客户姓名', '客户', '姓名'],
  phone: ['phone', 'mobile', 'tel', 'phonenumber', '电话', '手机', '手机号', '手机号码', '联系电话'],
  serviceType: ['servicetype', 'type', 'service', '服务类型', '服务项目', '类型'],
  serviceDate: ['servicedate', 'date', '服务日期', '日期', '完工日期'],
};

function mapHeader(cells: string[]): Record<keyof CaseInput, number> {
  const columns: Partial<Record<keyof CaseInput, number>> = {};
  cells.forEach((cell, i) => {
    const h = normaliseHeader(cell);
    for (const [field, names] of Object.entries(HEADERS) as [keyof CaseInput, string[]][]) {
      if (names.includes(h) && columns[field] === undefined) columns[field] = i;
    }
  });
  const missing = (Object.keys(HEADERS) as (keyof CaseInput)[]).filter((f) => columns[f] === undefined);
  if (missing.length) {
    throw new ValidationError(
      `file: row 1 must name the columns ${Object.values(CASE_FIELDS).join(', ')}; missing ${missing.map((f) => CASE_FIELDS[f]).join(', ')}`,
      'file',
    );
  }
  return columns as Record<keyof CaseInput, number>;
}

/** Each data row as a raw case with its spreadsheet row number (the header is row 1). */
export async function* caseRecords(text: string): AsyncGenerator<{ row: number; raw: RawCase }> {
  let columns: Record<keyof CaseInput, number> | null = null;
  for await (const { row, cells } of csvRecords(text)) {
    if (!columns) {
      columns = mapHeader(cells);
      continue;
    }
    const raw: RawCase = {};
    for (const [field, index] of Object.entries(columns) as [keyof CaseInput, number][]) raw[field] = cells[index] ?? '';
    yield { row, raw };
  }
  if (!columns) throw new ValidationError('file: the file is empty; row 1 must name the columns', 'file');
}

/** Rows in a file, for a progress bar (a quoted field may span lines, so this is an estimate). */
export function estimateRows(text: string): number {
  return Math.max(0, text.split(/\r?\n/).filter((l) => l.trim()).length - 1);
}
