/**
 * Where exported rows go: CSV written in chunks with backpressure, or XLSX
 * through exceljs's streaming WorkbookWriter (rows committed as they come,
 * no shared strings), so a million rows never sit in memory at once. A sink
 * takes one or more tables, each with a header of labels (the reader's
 * language) and codes: XLSX gives each its own sheet; CSV holds the first
 * table only, with the codes as a second header row.
 */
import type { Writable } from 'node:stream';
import type * as ExcelJS from 'exceljs';
import { CSV_BOM, csvLine, type Cell, type ColumnKind } from '../spreadsheet';

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
}

/** Bytes sent to the response at a time, and the buffer they are written into (room for a chunk and a long line). */
const CHUNK = 64 * 1024;
const CHUNK_CAPACITY = 4 * CHUNK;

interface Emitter {
  once(event: string, listener: () => void): unknown;
  removeListener(event: string, listener: () => void): unknown;
}

/** Resolves on the first of these events and removes every listener it added (waits repeat a million times). */
function firstOf(events: Array<[Emitter, string]>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      for (const [emitter, event] of events) emitter.removeListener(event, done);
      resolve();
    };
    for (const [emitter, event] of events) emitter.once(event, done);
  });
}

/** Waits while the consumer is slower than us; the response's own buffer is the only one that grows. */
async function drained(out: Writable): Promise<void> {
  if (out.writableNeedDrain && !out.destroyed)
    await firstOf([
      [out, 'drain'],
      [out, 'close'],
    ]);
}

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
 * exceljs (4.4) writes a sheet into its own StreamBuf, which pipes into
 * archiver's input without waiting for it, so a fast producer piles rows up in
 * front of the compressor. That input is the one place the backlog shows:
 * we wait for it to drain, as for the response. Undefined (no throttling) if
 * a later exceljs changes the layout; the export stays correct, only hungrier.
 */
interface LegacyWritable extends Emitter {
  write: unknown;
  /** archiver uses readable-stream 2, which predates writableNeedDrain. */
  _writableState?: { needDrain: boolean; length: number };
}

function compressorInput(sheet: ExcelJS.Worksheet): LegacyWritable | undefined {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes;
  const input = pipes?.[0] as LegacyWritable | undefined;
  return input && typeof input.write === 'function' && input._writableState ? input : undefined;
}

async function caughtUp(sheet: ExcelJS.Worksheet, out: Writable): Promise<void> {
  const input = compressorInput(sheet);
  if (input?._writableState?.needDrain && !out.destroyed) {
    await firstOf([
      [input, 'drain'],
      [out, 'close'],
    ]);
  }
  await drained(out);
}

const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';
const SCORE_FORMAT = '0.0';
const DAY_FORMAT = 'yyyy-mm-dd';
const WIDTH: Record<ColumnKind, number> = { text: 18, number: 12, score: 12, date: 20, day: 12 };

/**
 * Styles are objects shared by every cell of a kind: exceljs caches a style's
 * id by object identity, so a million rows cost one lookup per cell, not one
 * style rendering each.
 */
const STYLE: Record<ColumnKind, Partial<ExcelJS.Style>> = {
  text: Object.freeze({}),
  number: Object.freeze({}),
  score: Object.freeze({ numFmt: SCORE_FORMAT }),
  date: Object.freeze({ numFmt: DATE_FORMAT }),
  day: Object.freeze({ numFmt: DAY_FORMAT }),
};
const HEADER_STYLE: Partial<ExcelJS.Style> = Object.freeze({ font: { bold: true } });

/** Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules). */
function sheetName(name: string, part: number): string {
  const clean = name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 27);
  return part === 1 ? clean : `${clean} ${part}`;
}

const kindsOf = (header: TableHeader): readonly ColumnKind[] => header.kinds ?? header.labels.map(() => 'text');

export function xlsxSink(out: Writable): TableSink {
  // exceljs (about 150 modules) loads with the first XLSX export, not with every app process; opening a sink is synchronous.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (above)
  const { stream } = require('exceljs') as typeof ExcelJS;
  const workbook = new stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  let sheet: ExcelJS.Worksheet | null = null;
  let table: { name: string; header: TableHeader; styles: Array<Partial<ExcelJS.Style>> } | null = null;
  let rows = 0;
  let part = 0;
  const newSheet = () => {
    sheet?.commit();
    part += 1;
    const { name, header } = table!;
    sheet = workbook.addWorksheet(sheetName(name, part), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = kindsOf(header).map((kind) => ({ width: WIDTH[kind] }));
    const head = sheet.addRow([...header.labels]);
    head.eachCell((cell) => (cell.style = HEADER_STYLE));
    head.commit();
    rows = 0;
  };
  return {
    async table(name, header) {
      table = { name, header, styles: kindsOf(header).map((kind) => STYLE[kind]) };
      part = 0;
      newSheet();
    },
    async row(values) {
      if (!table) throw new Error('an XLSX row needs a table first');
      if (rows >= XLSX_ROWS_PER_SHEET) newSheet();
      const row = sheet!.addRow(values.map((v) => (v === null ? undefined : v)));
      const { styles } = table;
      for (let i = 0; i < styles.length; i++) row.getCell(i + 1).style = styles[i]!;
      row.commit();
      rows += 1;
      if (rows % 500 === 0) await caughtUp(sheet!, out);
    },
    async end() {
      sheet?.commit();
      await workbook.commit();
    },
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
