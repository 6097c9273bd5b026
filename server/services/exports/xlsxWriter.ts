/**
 * An XLSX workbook written as its rows come: each sheet is one zip entry,
 * deflated while it streams (zip.ts), its rows encoded into 64 KB byte chunks
 * (xlsxCells.ts); the workbook, styles and content types, which name the
 * sheets, follow the last sheet. Memory holds a chunk and the compressor's
 * window, whatever the row count.
 */
import type { Writable } from 'node:stream';
import type { Cell, ColumnKind } from '../spreadsheet';
import { rowXml } from './xlsxCells';
import { contentTypes, ROOT_RELS, SHEET_END, sheetPath, sheetStart, STYLE_INDEX, STYLES, workbook, workbookRels } from './xlsxPackage';
import { ZipStream, type ZipEntry } from './zip';

/** Bytes handed to the compressor at a time, and the buffer they are encoded into (room for a chunk and a long row). */
const CHUNK = 64 * 1024;
const CHUNK_CAPACITY = 4 * CHUNK;

const styleAttribute = (index: number) => (index === 0 ? '' : ` s="${index}"`);
const HEADER_STYLE = styleAttribute(STYLE_INDEX.header);

export interface SheetColumns {
  labels: readonly string[];
  kinds: readonly ColumnKind[];
  widths: readonly number[];
}

export class XlsxWriter {
  private readonly zip: ZipStream;
  private readonly names: string[] = [];
  private entry: ZipEntry | null = null;
  private styles: string[] = [];
  private rowNumber = 0;
  private chunk = Buffer.allocUnsafe(CHUNK_CAPACITY);
  private used = 0;

  constructor(out: Writable) {
    this.zip = new ZipStream(out);
  }

  /** Uncompressed bytes of the current sheet so far. */
  get sheetBytes(): number {
    return (this.entry?.size ?? 0) + this.used;
  }

  /** Data rows in the current sheet (the header not counted). */
  get sheetRows(): number {
    return Math.max(0, this.rowNumber - 1);
  }

  /** Ends the sheet before (if any) and starts one with its header row, sent at once: the download starts before any row is read. */
  async sheet(name: string, columns: SheetColumns): Promise<void> {
    await this.closeSheet();
    this.names.push(name);
    this.entry = this.zip.entry(sheetPath(this.names.length));
    this.styles = columns.kinds.map((kind) => styleAttribute(STYLE_INDEX[kind]));
    this.rowNumber = 1;
    this.add(sheetStart(columns.widths) + rowXml(1, columns.labels, columns.labels.map(() => HEADER_STYLE)));
    await this.pass();
  }

  /** A promise only when the caller must wait (the compressor or the consumer is behind); nothing while the row is merely buffered. */
  row(values: readonly (Cell | undefined)[]): Promise<void> | void {
    if (!this.entry) throw new Error('an XLSX row needs a sheet first');
    this.rowNumber += 1;
    this.add(rowXml(this.rowNumber, values, this.styles));
    return this.used >= CHUNK ? this.pass() : undefined;
  }

  async end(): Promise<void> {
    await this.closeSheet();
    await this.zip.file('xl/styles.xml', STYLES);
    await this.zip.file('xl/workbook.xml', workbook(this.names));
    await this.zip.file('xl/_rels/workbook.xml.rels', workbookRels(this.names.length));
    await this.zip.file('_rels/.rels', ROOT_RELS);
    await this.zip.file('[Content_Types].xml', contentTypes(this.names.length));
    await this.zip.finish();
  }

  private async closeSheet(): Promise<void> {
    if (!this.entry) return;
    this.add(SHEET_END);
    await this.pass();
    await this.entry.end();
    this.entry = null;
  }

  private add(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit: text that may not fit goes after the bytes before it.
    if (this.used + 3 * text.length > CHUNK_CAPACITY) {
      void this.pass(); // its wait, if any, is taken by the caller's next pass
      if (3 * text.length > CHUNK_CAPACITY) {
        void this.entry!.write(Buffer.from(text, 'utf8')); // a very long row (free text): handed on as it is
        return;
      }
    }
    this.used += this.chunk.write(text, this.used);
  }

  /** Hands the bytes so far to the compressor, which keeps the buffer (the next chunk is a new one). */
  private pass(): Promise<void> | void {
    if (this.used === 0 || !this.entry) return undefined;
    const bytes = this.chunk.subarray(0, this.used);
    this.chunk = Buffer.allocUnsafe(CHUNK_CAPACITY);
    this.used = 0;
    return this.entry.write(bytes);
  }
}
