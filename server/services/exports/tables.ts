/**
 * An export is a few tables: data tables, and a codebook saying what their
 * columns are. XLSX gets every table as a sheet; CSV, one file, gets the one
 * table that holds every row (its codes ride in a second header row).
 */
import type { Cell, ExportFormat, TableHeader, TableSink } from './sinks';

export interface ExportTable {
  /** Starts the table (or tables) on the sink and writes the rows; answers how many. */
  write(sink: TableSink, isAborted: () => boolean): Promise<number>;
}

export interface ExportTables {
  /** The data tables for XLSX sheets (one per channel: one ExportTable filling them all in one pass, for responses). */
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

export interface RoutedTable<T> {
  name: string;
  header: TableHeader;
  cellsOf(item: T): readonly Cell[];
}

/**
 * Several tables filled from one read of a source, each item going to the table `tableFor` names
 * (-1: none). The responses export reads a period's rows once for all its channel sheets: a query
 * per channel would have the store open every document of the period once per sheet.
 */
export function routedTables<T>(tables: ReadonlyArray<RoutedTable<T>>, rows: () => AsyncIterable<T>, tableFor: (item: T) => number): ExportTable {
  return {
    async write(sink, isAborted) {
      if (!sink.tables) throw new Error('routed tables need a sink that takes several tables at once (XLSX)');
      const group = await sink.tables(tables);
      let count = 0;
      let complete = false;
      try {
        for await (const item of rows()) {
          if (isAborted()) break;
          const table = tableFor(item);
          if (table < 0) continue;
          const full = group.row(table, tables[table]!.cellsOf(item));
          if (full) await full;
          count += 1;
        }
        complete = !isAborted();
      } finally {
        await group.close(complete);
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
