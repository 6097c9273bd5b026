/**
 * Where exported rows go: CSV written in chunks with backpressure, or XLSX
 * through exceljs's streaming WorkbookWriter (rows committed as they come,
 * no shared strings), so a million rows never sit in memory at once.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

export type Cell = string | number | boolean | null;
export type ExportFormat = 'csv' | 'xlsx';

export interface TableSink {
  row(values: readonly Cell[]): Promise<void>;
  end(): Promise<void>;
}

/** Quotes a cell, and defuses text a spreadsheet would run as a formula. */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const CHUNK = 64 * 1024;

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
  if (out.writableNeedDrain && !out.destroyed) await firstOf([[out, 'drain'], [out, 'close']]);
}

export function csvSink(out: Writable): TableSink {
  let buffer = '\ufeff'; // BOM: Excel then reads the file as UTF-8 (Chinese text)
  const flush = async () => {
    if (!buffer || out.destroyed) return;
    out.write(buffer);
    buffer = '';
    await drained(out);
  };
  return {
    async row(values) {
      buffer += values.map(csvCell).join(',') + '\r\n';
      if (buffer.length >= CHUNK) await flush();
    },
    async end() {
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
    await firstOf([[input, 'drain'], [out, 'close']]);
  }
  await drained(out);
}

export function xlsxSink(out: Writable, sheetName: string, header: readonly string[]): TableSink {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  let sheet: ExcelJS.Worksheet | null = null;
  let rows = 0;
  let sheets = 0;
  const newSheet = () => {
    sheet?.commit();
    sheets += 1;
    sheet = workbook.addWorksheet(sheets === 1 ? sheetName : `${sheetName} ${sheets}`);
    sheet.addRow([...header]).commit();
    rows = 0;
  };
  return {
    async row(values) {
      if (!sheet || rows >= XLSX_ROWS_PER_SHEET) newSheet();
      sheet!.addRow(values.map((v) => (v === null ? undefined : v))).commit();
      rows += 1;
      if (rows % 500 === 0) await caughtUp(sheet!, out);
    },
    async end() {
      if (!sheet) newSheet();
      sheet!.commit();
      await workbook.commit();
    },
  };
}

export function sinkFor(format: ExportFormat, out: Writable, sheetName: string, header: readonly string[]): Promise<TableSink> {
  if (format === 'xlsx') return Promise.resolve(xlsxSink(out, sheetName, header));
  const sink = csvSink(out);
  return sink.row(header).then(() => sink);
}
