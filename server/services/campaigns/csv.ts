/**
 * Recipient files as exported by the tools enterprises use: UTF-8 (with or
 * without BOM), UTF-16 from Excel's "Unicode text", or GBK/GB18030 from Excel on
 * a Chinese Windows. Records are parsed with csv-parse as a stream, so a large
 * file never blocks the server for long.
 */
import { parse, CsvError } from 'csv-parse';
import iconv from 'iconv-lite';
import { ValidationError } from '../../errors';
import { withoutBidiControls } from '../text';

export type CsvEncoding = 'auto' | 'utf-8' | 'gbk';

/** Text of the file and the encoding it was read as. */
export function decodeCsv(buffer: Buffer, encoding: CsvEncoding = 'auto'): { text: string; encoding: string } {
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return { text: iconv.decode(buffer.subarray(2), 'utf16le'), encoding: 'utf-16le' };
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return { text: buffer.subarray(3).toString('utf8'), encoding: 'utf-8' };
  if (encoding === 'gbk') return { text: iconv.decode(buffer, 'gb18030'), encoding: 'gbk' };
  try {
    // Strict: GBK bytes are almost never valid UTF-8, so a failure here means GBK.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer), encoding: 'utf-8' };
  } catch {
    if (encoding === 'utf-8') throw new ValidationError('file: the file is not valid UTF-8; choose GBK or save it as UTF-8', 'file');
    return { text: iconv.decode(buffer, 'gb18030'), encoding: 'gbk' };
  }
}

/** Our fields and the headers (normalised: lower case, no spaces, _ or -) that name them. */
const HEADER_ALIASES: Record<string, string[]> = {
  name: ['name', 'customer', 'customername', '姓名', '客户姓名', '客户'],
  email: ['email', 'mail', 'emailaddress', '邮箱', '电子邮箱', '电子邮件', '邮件'],
  phone: ['phone', 'mobile', 'tel', 'phonenumber', '手机', '手机号', '手机号码', '电话', '联系电话'],
  siteCode: ['sitecode', 'site', '网点', '网点代码', '场所', '场所代码', '服务网点'],
  caseId: ['caseid', 'case', 'ticket', '工单', '工单号', '服务单号'],
  serviceDate: ['servicedate', 'date', '服务日期', '日期'],
};

export type CsvField = keyof typeof HEADER_ALIASES;

const normaliseHeader = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');

/** Column index of each known field; throws a row-1 error naming what is missing. */
export function mapHeader(header: string[]): Partial<Record<CsvField, number>> {
  const columns: Partial<Record<CsvField, number>> = {};
  header.forEach((h, i) => {
    const n = normaliseHeader(h);
    for (const [field, aliases] of Object.entries(HEADER_ALIASES)) if (aliases.includes(n) && columns[field] === undefined) columns[field] = i;
  });
  return columns;
}

export interface CsvRecord {
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row: number;
  cells: string[];
}

/** Each record with its row number; a malformed file (e.g. an open quote) becomes a ValidationError naming the line. */
export async function* csvRecords(text: string): AsyncGenerator<CsvRecord> {
  const parser = parse(withoutBidiControls(text), { bom: true, delimiter: [',', '\t'], relax_column_count: true, skip_empty_lines: true, trim: true });
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      row += 1;
      yield { row, cells };
    }
  } catch (err) {
    // csv-parse counts physical lines, which is what an editor shows for a broken quote.
    if (err instanceof CsvError) throw new ValidationError(`file: line ${(err as CsvError & { lines?: number }).lines ?? row + 1}: ${err.message}`, 'file');
    throw err;
  }
}
