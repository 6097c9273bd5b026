/**
 * Where exported rows go: CSV written in chunks with backpressure, or XLSX
 * through our streaming workbook writer (xlsxWriter.ts: rows deflated as they
 * come, text inline), so a million rows never sit in memory at once. A sink
 * takes one or more tables, each with a header of labels (the reader's
 * language) and codes: XLSX gives each its own sheet; CSV holds the first
 * table only, with the codes as a second header row.
 */
import type { Writable } from 'node:stream';
import { CSV_BOM, csvLine, type Cell, type ColumnKind } from '../spreadsheet';
import { drained } from './backpressure';
import type { SheetBody } from './xlsxSheet';
import { XlsxWriter, type SheetColumns } from './xlsxWriter';

export type { Cell, ColumnKind };

export type ExportFormat = 'csv' | 'xlsx';

export interface TableHeader {
  labels: readonly string[];
  /** The columns' stable codes, when the labels are words (a second header row in CSV). */
  codes?: readonly string[];
  /** Text when absent. */
  kinds?: readonly ColumnKind[];
}

export interface TableSink {
  /** Starts a table; its rows follow. */
  table(name: string, header: TableHeader): Promise<void>;
  /** A promise only when the caller must wait (the consumer is behind); nothing while the row is merely buffered. */
  row(values: readonly Cell[]): Promise<void> | void;
  end(): Promise<void>;
  /**
   * Several tables filled in one pass over their rows (XLSX only): the first streams, the others
   * wait in temporary files until the group closes. Rows may come for any table in any order.
   */
  tables?(list: ReadonlyArray<{ name: string; header: TableHeader }>): Promise<TableGroup>;
}

export interface TableGroup {
  /** A promise only when the caller must wait. */
  row(table: number, values: readonly Cell[]): Promise<void> | void;
  /** After the last row: complete, the tables go into the file; else they are dropped. Frees what the group held either way. */
  close(complete: boolean): Promise<void>;
}

/** Bytes sent to the response at a time, and the buffer they are written into (room for a chunk and a long line). */
const CHUNK = 64 * 1024;
const CHUNK_CAPACITY = 4 * CHUNK;

/**
 * Lines are encoded into a byte buffer as they come, not added to a string sent when long
 * enough: V8 would then flatten and encode a 64 KB string of thousands of pieces, which took a
 * quarter of a CSV export's own time.
 */
export function csvSink(out: Writable): TableSink {
  let chunk = Buffer.allocUnsafe(CHUNK_CAPACITY);
  let used = 0;
  let tables = 0;
  let kinds: readonly ColumnKind[] = [];
  /** Hands the bytes so far to the response (which keeps the buffer: the next chunk is a new one). */
  const pass = () => {
    if (used > 0 && !out.destroyed) out.write(chunk.subarray(0, used));
    chunk = Buffer.allocUnsafe(CHUNK_CAPACITY);
    used = 0;
  };
  const flush = async () => {
    pass();
    await drained(out);
  };
  const add = (text: string) => {
    // UTF-8 needs at most 3 bytes per UTF-16 unit: a line that may not fit goes after the bytes before it.
    if (used + 3 * text.length > CHUNK_CAPACITY) {
      pass();
      if (3 * text.length > CHUNK_CAPACITY) {
        if (!out.destroyed) out.write(text); // a very long cell (free text): sent as it is
        return;
      }
    }
    used += chunk.write(text, used);
  };
  const line = (values: readonly Cell[]) => add(csvLine(values, kinds));
  return {
    async table(_name, header) {
      // A CSV file is one table; callers give it the table that holds every row.
      if ((tables += 1) > 1) throw new Error('a CSV export holds one table');
      add(CSV_BOM);
      line(header.labels);
      if (header.codes) line(header.codes);
      kinds = header.kinds ?? [];
      // The header leaves at once: the download starts before the first rows are read.
      await flush();
    },
    row(values) {
      line(values);
      return used >= CHUNK ? flush() : undefined;
    },
    async end() {
      if (tables === 0) add(CSV_BOM);
      await flush();
      out.end();
    },
  };
}

/** Excel's limit is 1,048,576 rows a sheet: the header plus this many, then a new sheet with the header again. */
export const XLSX_ROWS_PER_SHEET = 1_048_575;
/**
 * A sheet is one zip entry, which holds less than 4 GiB without ZIP64: past this many bytes of XML
 * (a million rows of long free text could get there) the rows go on in a new sheet, as past the row limit.
 */
export const XLSX_BYTES_PER_SHEET = 3.5 * 1024 ** 3;

const WIDTH: Record<ColumnKind, number> = { text: 18, number: 12, score: 12, date: 20, day: 12 };

/** Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules). */
function sheetName(name: string, part: number): string {
  const clean = name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 27);
  return part === 1 ? clean : `${clean} ${part}`;
}

interface SheetPart {
  name: string;
  columns: SheetColumns;
  /** The table's place among the workbook's tables, and this sheet's among the table's parts. */
  table: number;
  part: number;
  /** Streams to the download, or waits in a temporary file (a table filled beside the streaming one). */
  live: boolean;
  body: SheetBody;
}

/** Our own streaming writer (xlsxWriter.ts): exceljs's cost 47–65 µs a row before a single row was read. `rowsPerSheet` is for tests. */
export function xlsxSink(out: Writable, rowsPerSheet = XLSX_ROWS_PER_SHEET): TableSink {
  const writer = new XlsxWriter(out);
  let tables = 0;
  let current: SheetPart | null = null;
  const columnsOf = (header: TableHeader): SheetColumns => {
    const kinds = header.kinds ?? header.labels.map(() => 'text' as const);
    return { labels: header.labels, kinds, widths: kinds.map((kind) => WIDTH[kind]) };
  };
  const open = async (from: Omit<SheetPart, 'body' | 'part'>, part: number): Promise<SheetPart> => {
    const start = from.live ? writer.sheet.bind(writer) : writer.spool.bind(writer);
    return { ...from, part, body: await start(sheetName(from.name, part), from.columns, [from.table, part]) };
  };
  const start = (name: string, header: TableHeader, live: boolean) => open({ name, columns: columnsOf(header), table: tables++, live }, 1);
  /** The row goes into the table's sheet, or into a new part of it once the sheet is full. */
  const put = (sheet: SheetPart, values: readonly Cell[], moved: (next: SheetPart) => void): Promise<void> | void => {
    if (sheet.body.rows < rowsPerSheet && sheet.body.bytes < XLSX_BYTES_PER_SHEET) return sheet.body.row(values);
    return writer
      .close(sheet.body)
      .then(() => open(sheet, sheet.part + 1))
      .then((next) => {
        moved(next);
        return next.body.row(values);
      });
  };
  return {
    async table(name, header) {
      current = await start(name, header, true);
    },
    row(values) {
      if (!current) throw new Error('an XLSX row needs a table first');
      return put(current, values, (next) => (current = next));
    },
    async tables(list) {
      const parts: SheetPart[] = [];
      for (const [i, { name, header }] of list.entries()) parts.push(await start(name, header, i === 0));
      current = null;
      return {
        row: (table, values) => put(parts[table]!, values, (next) => (parts[table] = next)),
        async close(complete) {
          try {
            if (complete) await writer.copySpools();
          } finally {
            await writer.discardSpools();
          }
        },
      };
    },
    end: () => writer.end(),
  };
}

export function openSink(format: ExportFormat, out: Writable): TableSink {
  return format === 'xlsx' ? xlsxSink(out) : csvSink(out);
}

/** A sink holding one table with a header of plain column names, started. */
export async function sinkFor(format: ExportFormat, out: Writable, sheetName: string, header: readonly string[]): Promise<TableSink> {
  const sink = openSink(format, out);
  await sink.table(sheetName, { labels: header });
  return sink;
}
