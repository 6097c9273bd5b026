/** Reading XLSX downloads in tests: the binary body, the workbook, a sheet's rows by header label. */
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';

/** Collects a binary body (supertest buffers text only). */
export function binary(res: Response, callback: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

export async function readXlsx(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as never);
  return workbook;
}

/** A sheet's rows as objects keyed by header label. */
export function sheetRows(sheet: ExcelJS.Worksheet): Array<Record<string, ExcelJS.CellValue>> {
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
  return (sheet.getRows(2, sheet.rowCount - 1) ?? []).map((row) => Object.fromEntries(header.map((label, i) => [label, row.getCell(i + 1).value])));
}
