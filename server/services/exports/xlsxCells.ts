/**
 * One row of a worksheet as SpreadsheetML text, the hot path of an XLSX export
 * (a million rows of dozens of cells): text as a shared string (`t="s"`) when
 * its column repeats itself, else inline (`t="inlineStr"`); numbers and
 * booleans as values, dates as Excel serial days in a date style, empty cells
 * left out. Text is always a string cell, never a formula, so a value such as
 * `=HYPERLINK(…)` shows as typed and is never evaluated.
 */
import type { Cell } from '../spreadsheet';
import { DAY_MS } from '../calendar';

/**
 * What XML text cannot hold as it is: the markup characters, and the control characters XML 1.0 forbids
 * (kept: tab, line feed, carriage return), DEL and the two non-characters, which are dropped as exceljs did.
 */
// eslint-disable-next-line no-control-regex -- the control characters are what this looks for
const NEEDS_ESCAPING = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/;
// eslint-disable-next-line no-control-regex -- as above
const DROPPED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g;

/** Text for an XML element or a double-quoted attribute. */
export function xmlText(text: string): string {
  if (!NEEDS_ESCAPING.test(text)) return text;
  return text.replace(DROPPED, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Leading or trailing white space, which a reader may trim unless told to keep it. */
const EDGE_SPACE = /^\s|\s$/;

/** A `<t>` element: the text escaped, its edge spaces kept. */
export function textElement(text: string): string {
  const safe = xmlText(text);
  return EDGE_SPACE.test(safe) ? `<t xml:space="preserve">${safe}</t>` : `<t>${safe}</t>`;
}

/** Distinct texts the workbook shares at most, and the longest shared: the table stays a few MB, whatever the rows. */
const MAX_SHARED = 50_000;
const MAX_SHARED_LENGTH = 200;
/** A column's first texts, and how many of them must repeat earlier ones for it to keep sharing. */
const TRIAL = 256;
const TRIAL_REPEATS = 128;

/**
 * The workbook's shared strings (xl/sharedStrings.xml, written at the end). A site name or an
 * answer's words written once and referred to by number keep a row's XML short and all ASCII,
 * which is what the encoder and the compressor pay for (bench:export: a third less XML).
 */
export class SharedStrings {
  private readonly ids = new Map<string, number>();
  readonly texts: string[] = [];

  /** The text's number, added if there is room; -1 when it is to go inline. */
  idOf(text: string): number {
    const id = this.ids.get(text);
    if (id !== undefined) return id;
    if (this.texts.length >= MAX_SHARED || text.length > MAX_SHARED_LENGTH) return -1;
    this.ids.set(text, this.texts.length);
    this.texts.push(text);
    return this.texts.length - 1;
  }
}

/**
 * Which of a sheet's columns share their texts: each does until its first TRIAL texts show it
 * rarely repeats (ids, free text), then it writes inline, so unique texts never fill the table.
 */
export class TextColumns {
  private readonly tried: number[] = [];
  private readonly repeats: number[] = [];
  private readonly inline: boolean[] = [];

  constructor(private readonly strings: SharedStrings) {}

  /** A text cell's type attribute and content. */
  cell(column: number, text: string): string {
    if (!this.inline[column]) {
      const known = this.strings.texts.length;
      const id = this.strings.idOf(text);
      const tried = (this.tried[column] = (this.tried[column] ?? 0) + 1);
      if (id >= 0 && id < known) this.repeats[column] = (this.repeats[column] ?? 0) + 1;
      if (tried === TRIAL && (this.repeats[column] ?? 0) < TRIAL_REPEATS) this.inline[column] = true;
      if (id >= 0) return ` t="s"><v>${id}</v>`;
    }
    return ` t="inlineStr"><is>${textElement(text)}</is>`;
  }
}

/** Days from Excel's epoch (1899-12-30, its 1900 system) to 1970-01-01. */
const UNIX_EPOCH_SERIAL = 25569;

/** A Date as Excel's serial day: its UTC fields are the wall clock the spreadsheet shows (localTime.wallClockDate). */
export function excelSerial(at: Date): number {
  return UNIX_EPOCH_SERIAL + at.getTime() / DAY_MS;
}

/** Column letters (A, B, … Z, AA …), built once per column index. */
const LETTERS: string[] = [];
function columnLetters(index: number): string {
  let name = LETTERS[index];
  if (name === undefined) {
    name = '';
    for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
    LETTERS[index] = name;
  }
  return name;
}

/**
 * A row's cells with their styles (` s="n"` or empty, per column) and texts. Each cell names its
 * reference (A2, B2 …): optional in the standard, but some readers place cells by it alone.
 */
export function rowXml(rowNumber: number, values: readonly (Cell | undefined)[], styles: readonly string[], texts: TextColumns): string {
  const r = String(rowNumber);
  let xml = `<row r="${r}">`;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) continue;
    const start = `<c r="${columnLetters(i)}${r}"${styles[i] ?? ''}`;
    if (typeof value === 'string') xml += `${start}${texts.cell(i, value)}</c>`;
    else if (typeof value === 'number') {
      if (Number.isFinite(value)) xml += `${start}><v>${value}</v></c>`; // NaN or Infinity would make the file unreadable
    } else if (typeof value === 'boolean') xml += `${start} t="b"><v>${value ? 1 : 0}</v></c>`;
    else if (value instanceof Date) {
      const serial = excelSerial(value);
      if (Number.isFinite(serial)) xml += `${start}><v>${serial}</v></c>`;
    }
  }
  return xml + '</row>';
}

/** The header row: bold labels, inline (they would only use up the columns' trial of sharing). */
export function headerRowXml(labels: readonly string[], style: string): string {
  let xml = '<row r="1">';
  for (let i = 0; i < labels.length; i++) xml += `<c r="${columnLetters(i)}1"${style} t="inlineStr"><is>${textElement(labels[i]!)}</is></c>`;
  return xml + '</row>';
}

/** xl/sharedStrings.xml: the shared texts in number order. */
export function sharedStringsXml(strings: SharedStrings, namespace: string): string {
  let items = '';
  for (const text of strings.texts) items += `<si>${textElement(text)}</si>`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${namespace}" uniqueCount="${strings.texts.length}">${items}</sst>`;
}
