/**
 * One row of a worksheet as SpreadsheetML text, the hot path of an XLSX export
 * (a million rows of dozens of cells): text inline (`t="inlineStr"`), numbers
 * and booleans as values, dates as Excel serial days in a date style, empty
 * cells left out. Text is always a string cell, never a formula, so a value
 * such as `=HYPERLINK(…)` shows as typed and is never evaluated.
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

function inlineText(text: string): string {
  const safe = xmlText(text);
  return EDGE_SPACE.test(safe) ? `<is><t xml:space="preserve">${safe}</t></is>` : `<is><t>${safe}</t></is>`;
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
 * A row's cells with their styles (` s="n"` or empty, per column). Each cell names its
 * reference (A2, B2 …): optional in the standard, but some readers place cells by it alone.
 */
export function rowXml(rowNumber: number, values: readonly (Cell | undefined)[], styles: readonly string[]): string {
  const r = String(rowNumber);
  let xml = `<row r="${r}">`;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) continue;
    const start = `<c r="${columnLetters(i)}${r}"${styles[i] ?? ''}`;
    if (typeof value === 'string') xml += `${start} t="inlineStr">${inlineText(value)}</c>`;
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
