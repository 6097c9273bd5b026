/**
 * One worksheet's XML as it is written: the opening and the bold header row,
 * then rows encoded into 64 KB byte chunks handed to a byte target (a zip
 * entry deflating to the download, or a sheet waiting on disk), then the close.
 */
import type { Cell, ColumnKind } from '../spreadsheet';
import { headerRowXml, rowXml, TextColumns, type SharedStrings } from './xlsxCells';
import { SHEET_END, sheetStart, STYLE_INDEX } from './xlsxPackage';

/** Bytes handed on at a time, and the buffer they are encoded into (room for a chunk and a long row). */
const CHUNK = 64 * 1024;
const CHUNK_CAPACITY = 4 * CHUNK;

const styleAttribute = (index: number) => (index === 0 ? '' : ` s="${index}"`);
const HEADER_STYLE = styleAttribute(STYLE_INDEX.header);

export interface SheetColumns {
  labels: readonly string[];
  kinds: readonly ColumnKind[];
  widths: readonly number[];
}

export interface ByteTarget {
  /** A promise only when the caller must wait (the compressor or the consumer is behind). */
  write(bytes: Buffer): Promise<void> | void;
  /** Bytes written so far. */
  readonly size: number;
}

export class SheetBody {
  private readonly styles: string[];
  private readonly texts: TextColumns;
  private rowNumber = 1;
  private chunk = Buffer.allocUnsafe(CHUNK_CAPACITY);
  private used = 0;

  constructor(
    private readonly target: ByteTarget,
    columns: SheetColumns,
    strings: SharedStrings,
  ) {
    this.styles = columns.kinds.map((kind) => styleAttribute(STYLE_INDEX[kind]));
    this.texts = new TextColumns(strings);
    this.add(sheetStart(columns.widths) + headerRowXml(columns.labels, HEADER_STYLE));
  }

  /** Data rows so far (the header not counted). */
  get rows(): number {
    return this.rowNumber - 1;
  }

  /** Uncompressed bytes so far. */
  get bytes(): number {
    return this.target.size + this.used;
  }

  /** A promise only when the caller must wait; nothing while the row is merely buffered. */
  row(values: readonly (Cell | undefined)[]): Promise<void> | void {
    this.rowNumber += 1;
    this.add(rowXml(this.rowNumber, values, this.styles, this.texts));
    return this.used >= CHUNK ? this.pass() : undefined;
  }

  /** Hands the bytes so far on (the header, at the start, so the download begins before any row is read). */
  pass(): Promise<void> | void {
    if (this.used === 0) return undefined;
    const bytes = this.chunk.subarray(0, this.used);
    this.chunk = Buffer.allocUnsafe(CHUNK_CAPACITY); // the target keeps the bytes it was given
    this.used = 0;
    return this.target.write(bytes);
  }

  /** Writes the sheet's closing tags and hands everything on. */
  async close(): Promise<void> {
    this.add(SHEET_END);
    await this.pass();
  }

  private add(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit: text that may not fit goes after the bytes before it.
    if (this.used + 3 * text.length > CHUNK_CAPACITY) {
      void this.pass(); // its wait, if any, is taken by the next pass
      if (3 * text.length > CHUNK_CAPACITY) {
        void this.target.write(Buffer.from(text, 'utf8')); // a very long row (free text): handed on as it is
        return;
      }
    }
    this.used += this.chunk.write(text, this.used);
  }
}
