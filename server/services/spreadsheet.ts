/**
 * Spreadsheet files in and out, in one place: CSV cells that Excel opens as
 * written and never runs as formulas, and uploaded CSV text decoded the way
 * Excel saves it (UTF-8 with or without BOM, UTF-16 "Unicode text", or GBK/GB18030
 * from Excel on a Chinese Windows), then read as records. Every export and every
 * import (recipients, call cases, catalogues) goes through here, so a fix to
 * quoting or decoding reaches all of them.
 */
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { ValidationError } from '../errors';
import { withoutBidiControls } from './text';
import { DAY_MS } from './calendar';

/** A Date is a local wall-clock time (localTime.wallClockDate): an Excel date in XLSX, "YYYY-MM-DD HH:MM:SS" in CSV. */
export type Cell = string | number | boolean | Date | null;
/** How a column shows in a spreadsheet: a score with the display rule's one decimal, a local date-time, a calendar day, or as it comes. */
export type ColumnKind = 'text' | 'number' | 'score' | 'date' | 'day';

/** Put first in a CSV file: Excel on a Chinese Windows then reads it as UTF-8, not GBK. */
export const CSV_BOM = '\ufeff';

/** Leading characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/**
 * Quoted when it holds the separator, a quote or a line break; also a semicolon
 * or tab, which Excel in some locales (or a paste) takes as the separator, so a
 * cell such as `a;=cmd` can never become two with a formula in the second.
 */
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** Text a spreadsheet would run as a formula gets a leading apostrophe: shown as typed, never evaluated. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV cell: text defused and quoted as needed, a date as local time (or day), a number as it is, null/undefined empty. */
export function csvCell(value: Cell | undefined, kind: ColumnKind = 'text'): string {
  if (typeof value === 'string') {
    const safe = neutraliseFormula(value);
    return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  }
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return dateCell(value, kind);
  return String(value);
}

/** One CSV line, CRLF-terminated as Excel writes them. A loop, not map/join: an export writes a million lines of dozens of cells. */
export function csvLine(values: readonly (Cell | undefined)[], kinds: readonly ColumnKind[] = []): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += i === 0 ? csvCell(values[i], kinds[i]) : ',' + csvCell(values[i], kinds[i]);
  return line + '\r\n';
}

const DAY_TEXTS = new Map<number, string>();
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const FAST_UNTIL_MS = Date.UTC(10000, 0, 1);

/**
 * A date as toISOString() writes its UTC fields: "YYYY-MM-DD HH:MM:SS", or the day alone. A million-row
 * export has a few hundred distinct days: each is formatted once, the time of day by arithmetic.
 */
function dateCell(at: Date, kind: ColumnKind): string {
  const ms = at.getTime();
  // Years 1970–9999 only: toISOString() writes others with a sign and six digits (and throws for an invalid date).
  if (!(ms >= 0 && ms < FAST_UNTIL_MS)) return kind === 'day' ? at.toISOString().slice(0, 10) : at.toISOString().slice(0, 19).replace('T', ' ');
  const day = Math.floor(ms / DAY_MS);
  let text = DAY_TEXTS.get(day);
  if (text === undefined) {
    if (DAY_TEXTS.size >= 10_000) DAY_TEXTS.clear();
    DAY_TEXTS.set(day, (text = at.toISOString().slice(0, 10)));
  }
  if (kind === 'day') return text;
  const seconds = Math.floor((ms - day * DAY_MS) / 1000);
  return `${text} ${TWO_DIGITS[Math.floor(seconds / 3600)]}:${TWO_DIGITS[Math.floor(seconds / 60) % 60]}:${TWO_DIGITS[seconds % 60]}`;
}
/** `auto` reads UTF-8 and falls back to GBK; the others are what the uploader chose. */
export type CsvEncoding = 'auto' | 'utf-8' | 'gbk';

/** The text of an uploaded file and the encoding it was read as; a byte-order mark decides first and is dropped. */
export function decodeCsv(buffer: Buffer, encoding: CsvEncoding = 'auto'): { text: string; encoding: string } {
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return { text: iconv.decode(buffer.subarray(2), 'utf16le'), encoding: 'utf-16le' };
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return { text: iconv.decode(buffer.subarray(2), 'utf16be'), encoding: 'utf-16be' };
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return { text: buffer.subarray(3).toString('utf8'), encoding: 'utf-8' };
  // GB18030 is the superset of GBK: every GBK file reads the same, and the rarer characters too.
  if (encoding === 'gbk') return { text: iconv.decode(buffer, 'gb18030'), encoding: 'gbk' };
  try {
    // Strict: GBK bytes are almost never valid UTF-8, so a failure here means GBK.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer), encoding: 'utf-8' };
  } catch {
    if (encoding === 'utf-8') throw new ValidationError('file: the file is not valid UTF-8; choose GBK or save it as UTF-8', 'file');
    return { text: iconv.decode(buffer, 'gb18030'), encoding: 'gbk' };
  }
}

/** A column header as compared with the names we know: lower case, without spaces, _ - ( ) : (half or full width). */
export function normaliseHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s_\-()（）:：]+/g, '');
}

export interface CsvRecord {
  /** The record as a spreadsheet numbers it, blank lines skipped: the header is row 1. */
  row: number;
  cells: string[];
}

/** csv-parse's error; its stream and sync builds each have their own class, so it is known by its code (CSV_…). */
type CsvParseError = Error & { code: string; lines?: number };
const isCsvParseError = (err: unknown): err is CsvParseError => err instanceof Error && String((err as { code?: unknown }).code).startsWith('CSV_');

/** The refusal for a file csv-parse cannot read, at the physical line an editor shows. */
function malformed(err: CsvParseError, fallbackLine: number): ValidationError {
  const line = err.lines ?? fallbackLine;
  return new ValidationError(`file: line ${line}: malformed CSV (${err.code}), e.g. a quote that is never closed`, 'file', 'unreadable_file');
}

/**
 * Each record of comma- or tab-separated text with its row number, cells trimmed,
 * bidi controls dropped. Parsed as a stream, so a large file never blocks the
 * server for long; a malformed file is a ValidationError naming the line.
 */
export async function* csvRecords(text: string): AsyncGenerator<CsvRecord> {
  const parser = parse(withoutBidiControls(text), { bom: true, delimiter: [',', '\t'], relax_column_count: true, skip_empty_lines: true, trim: true });
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      row += 1;
      yield { row, cells };
    }
  } catch (err) {
    if (isCsvParseError(err)) throw malformed(err, row + 1);
    throw err;
  }
}

/**
 * A small file as a table, every line kept (blank ones as empty rows), so a
 * table index + 1 is the line an editor shows. The separator is the first
 * line's: a tab there means tab-separated (Excel's "Unicode text").
 */
export function csvTable(text: string): string[][] {
  const clean = withoutBidiControls(text);
  const delimiter = clean.split('\n', 1)[0]!.includes('\t') ? '\t' : ',';
  try {
    return parseSync(clean, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (err) {
    if (isCsvParseError(err)) throw malformed(err, 1);
    throw err;
  }
}
