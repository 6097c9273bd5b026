/**
 * The XLSX sink exports used before our own writer (exceljs's streaming WorkbookWriter, as
 * server/services/exports/sinks.ts had it until 2026-12), kept as the reference the new writer's
 * files are compared with, cell by cell. Several tables at once are buffered and written in turn:
 * a reference for small test data only.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Cell, ColumnKind, TableHeader, TableSink } from '../../server/services/exports/sinks';

const NUMBER_FORMAT: Partial<Record<ColumnKind, string>> = { score: '0.0', date: 'yyyy-mm-dd hh:mm:ss', day: 'yyyy-mm-dd' };
const WIDTH: Record<ColumnKind, number> = { text: 18, number: 12, score: 12, date: 20, day: 12 };

function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 27);
}

export function exceljsSink(out: Writable): TableSink {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  let sheet: ExcelJS.Worksheet | null = null;
  let kinds: readonly ColumnKind[] = [];
  const start = (name: string, header: TableHeader) => {
    sheet?.commit();
    kinds = header.kinds ?? header.labels.map(() => 'text');
    sheet = workbook.addWorksheet(sheetName(name), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = kinds.map((kind) => ({ width: WIDTH[kind] }));
    const head = sheet.addRow([...header.labels]);
    head.eachCell((cell) => (cell.style = { font: { bold: true } }));
    head.commit();
  };
  const add = (values: readonly Cell[]) => {
    const row = sheet!.addRow(values.map((v) => (v === null ? undefined : v)));
    kinds.forEach((kind, i) => {
      const numFmt = NUMBER_FORMAT[kind];
      if (numFmt) row.getCell(i + 1).numFmt = numFmt;
    });
    row.commit();
  };
  return {
    async table(name, header) {
      start(name, header);
    },
    row: add,
    async tables(list) {
      const rows = list.map(() => [] as Array<readonly Cell[]>);
      return {
        row: (table, values) => void rows[table]!.push(values),
        async close(complete) {
          if (!complete) return;
          list.forEach(({ name, header }, i) => {
            start(name, header);
            rows[i]!.forEach(add);
          });
        },
      };
    },
    async end() {
      sheet?.commit();
      await workbook.commit();
    },
  };
}
