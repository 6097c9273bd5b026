/**
 * Key columns: the embedded store keeps each indexed field of a collection in a
 * column of its own beside the JSON document, and builds the indexes on those
 * columns. With indexes on json_extract(doc, …) SQLite rewrote every index
 * entry of a row whenever its document changed, because every index read the
 * document: marking a recipient answered rewrote its 7 index entries, one
 * increment of a rollup cell its index entry. Now a write touches only the
 * indexes whose fields it changes (recipients: 155 µs down to 43 µs per mark,
 * measured on a copy of the bench store).
 *
 * A key column always holds json_extract(doc, '$.path') for its row, computed by
 * SQLite from the document's text (same value, same type), so a filter on the
 * column means what it meant on the expression. Every write of the adapter keeps
 * the columns it may change in step (columnsTouched); columns are never dropped.
 */
import type Database from 'better-sqlite3';
import { quoteIdent, type KeyColumns } from './embedded-sql';
import { checkPath } from './validate';

const PREFIX = 'k:';

/** The quoted column holding `path` (a checked path: letters, digits, _ and dots only). */
export function keyColumnName(path: string): string {
  return `"${PREFIX}${checkPath(path)}"`;
}

/** The key columns a table has, from its schema (none when it does not exist). */
export function readKeyColumns(db: Database.Database, table: string): Map<string, string> {
  const columns = db.prepare(`PRAGMA table_info(${quoteIdent(table)})`).all() as Array<{ name: string }>;
  const keys = new Map<string, string>();
  for (const { name } of columns) if (name.startsWith(PREFIX)) keys.set(name.slice(PREFIX.length), keyColumnName(name.slice(PREFIX.length)));
  return keys;
}

/** Whether writing the field at `changed` may change the value at `key` (the same field, one inside it, or one holding it). */
function mayChange(key: string, changed: string): boolean {
  if (key === changed) return true;
  if (key.length > changed.length) return key.charCodeAt(changed.length) === 46 && key.startsWith(changed);
  return changed.charCodeAt(key.length) === 46 && changed.startsWith(key);
}

/** The top-level fields holding a table's key columns: a write under none of them (most are) needs no closer look. */
const headsOf = new WeakMap<KeyColumns, Set<string>>();
function keyHeads(columns: KeyColumns): Set<string> {
  let heads = headsOf.get(columns);
  if (!heads) headsOf.set(columns, (heads = new Set([...columns.keys()].map((path) => path.split('.')[0]!))));
  return heads;
}

const headOf = (path: string) => {
  const dot = path.indexOf('.');
  return dot < 0 ? path : path.slice(0, dot);
};

/** The key columns a write of these field paths may change; `all` for a write of the whole document. */
export function columnsTouched(columns: KeyColumns, changed: Iterable<string> | 'all'): Array<[string, string]> {
  if (columns.size === 0) return [];
  if (changed === 'all') return [...columns];
  const heads = keyHeads(columns);
  const near: string[] = [];
  for (const path of changed) if (heads.has(headOf(path))) near.push(path);
  if (near.length === 0) return [];
  return [...columns].filter(([key]) => near.some((path) => mayChange(key, path)));
}

/**
 * INSERT of one document (parameters: _id, the document's text, then the text
 * once more per key column), its key columns computed by SQLite. A single-row
 * VALUES, not INSERT … SELECT: SQLite gives a statement that may write several
 * rows a statement journal, and inside a large savepoint with the journal in
 * memory each such insert grew slower with the savepoint (a rollup rebuild's
 * 42,000 cell inserts took 220 s instead of 5 s).
 */
export function insertSql(table: string, columns: KeyColumns): string {
  if (columns.size === 0) return `INSERT INTO ${table} (_id, doc) VALUES (?, ?)`;
  const names = [...columns.values()].join(', ');
  const values = [...columns.keys()].map((path) => `json_extract(?,'$.${path}')`).join(', ');
  return `INSERT INTO ${table} (_id, doc, ${names}) VALUES (?, ?, ${values})`;
}

/**
 * UPDATE of a row's document (parameters: the text, once more per touched
 * column, then the rowid). Key columns not touched, and so their indexes, stay as they are.
 */
export function rewriteSql(table: string, touched: ReadonlyArray<[string, string]>): string {
  const sets = touched.map(([path, column]) => `, ${column} = json_extract(?,'$.${path}')`).join('');
  return `UPDATE ${table} SET doc = ?${sets} WHERE rowid = ?`;
}

/**
 * Adds key columns for these paths to a table and fills them from every
 * document in one pass (a store from before key columns: one rewrite of each
 * table at the first boot), in one transaction: a crash leaves none half-filled.
 */
export function addKeyColumns(db: Database.Database, table: string, paths: readonly string[]): void {
  db.transaction(() => {
    // Another process (a second worker starting) may have added some since this one looked.
    const existing = readKeyColumns(db, table);
    const missing = [...new Set(paths)].filter((path) => !existing.has(path));
    if (missing.length === 0) return;
    for (const path of missing) db.exec(`ALTER TABLE ${quoteIdent(table)} ADD COLUMN ${keyColumnName(path)}`);
    const fills = missing.map((path) => `${keyColumnName(path)} = json_extract(doc,'$.${path}')`).join(', ');
    db.exec(`UPDATE ${quoteIdent(table)} SET ${fills}`);
  }).immediate();
}
