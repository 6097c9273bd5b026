/**
 * An export is a few tables: data tables, and a codebook saying what their
 * columns are. XLSX gets every table as a sheet; CSV, one file, gets the one
 * table that holds every row (its codes ride in a second header row).
 */
import type { Cell, ExportFormat, TableHeader, TableSink } from './sinks';

export interface ExportTable {
  name: string;
  header: TableHeader;
  /** Starts the table on the sink and writes its rows; answers how many. */
  write(sink: TableSink, isAborted: () => boolean): Promise<number>;
}

export interface ExportTables {
  /** The data tables for XLSX sheets (one per channel). */
  sheets: ExportTable[];
  /** Every row in one table, for CSV. */
  single: ExportTable;
  codebook: ExportTable;
}

/**
 * A table whose rows come from an async source, read only while the sink keeps up; `cellsOf` turns
 * each item into its cells (a stored response into its row) where the source yields something else.
 */
export function tableOf<T = readonly Cell[]>(
  name: string,
  header: TableHeader,
  rows: () => AsyncIterable<T>,
  cellsOf: (item: T) => readonly Cell[] = (item) => item as readonly Cell[],
): ExportTable {
  return {
    name,
    header,
    async write(sink, isAborted) {
      await sink.table(name, header);
      let count = 0;
      for await (const item of rows()) {
        if (isAborted()) break;
        // A sink that buffers answers nothing until its buffer is full: no await, no microtask, for most rows.
        const full = sink.row(cellsOf(item));
        if (full) await full;
        count += 1;
      }
      return count;
    },
  };
}

/** Writes the tables a format holds and ends the file unless the reader left; answers the data rows written. */
export async function writeExport(tables: ExportTables, format: ExportFormat, sink: TableSink, isAborted: () => boolean): Promise<number> {
  let rows = 0;
  for (const table of format === 'xlsx' ? tables.sheets : [tables.single]) rows += await table.write(sink, isAborted);
  if (format === 'xlsx' && !isAborted()) await tables.codebook.write(sink, isAborted);
  if (!isAborted()) await sink.end();
  return rows;
}
