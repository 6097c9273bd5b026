/**
 * Filter, sort and index translation for the embedded (SQLite) store.
 *
 * Field paths are validated identifiers and are written into the SQL text,
 * because an expression index is only used when the query repeats its exact
 * expression; every value is a bound parameter.
 */
import type { Filter, IndexSpec, Scalar, SortSpec } from './types';
import { checkName, checkPath, checkSort, normalizeFilter } from './validate';

/** A table's key columns (embedded-keys.ts): field path to quoted column name. */
export type KeyColumns = ReadonlyMap<string, string>;

export interface Sql {
  sql: string;
  params: unknown[];
}

/**
 * The one expression used for a field, in queries and in indexes alike: the
 * field's key column when the table has one (embedded-keys.ts), else its
 * json_extract from the document.
 */
export function fieldExpr(path: string, columns?: KeyColumns): string {
  checkPath(path);
  return path === '_id' ? '_id' : (columns?.get(path) ?? `json_extract(doc,'$.${path}')`);
}

/** The JSON type of a field (null when missing): tells booleans from 1/0 and objects from text. */
export function typeExpr(path: string): string {
  checkPath(path);
  return path === '_id' ? `'text'` : `json_type(doc,'$.${path}')`;
}

export function quoteIdent(name: string): string {
  return `"${checkName(name, 'identifier')}"`;
}

/** SQLite has no boolean: json_extract gives 1/0, so booleans bind as 1/0. */
function bindable(v: string | number | boolean): string | number {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

/**
 * Equality with MongoDB's meaning: null matches missing or null. json_extract
 * yields 1/0 for booleans and JSON text for objects, so a boolean, or a string
 * that could be such text, also checks the JSON type to match only its own kind.
 */
function equals(path: string, v: Scalar, params: unknown[], columns?: KeyColumns): string {
  const e = fieldExpr(path, columns);
  if (v === null) return `${e} IS NULL`;
  params.push(bindable(v));
  if (typeof v === 'boolean') {
    params.push(v ? 'true' : 'false');
    return `(${e} = ? AND ${typeExpr(path)} = ?)`;
  }
  if (typeof v === 'string' && /^[[{]/.test(v)) return `(${e} = ? AND ${typeExpr(path)} = 'text')`;
  return `${e} = ?`;
}

function notEquals(path: string, v: Scalar, params: unknown[], columns?: KeyColumns): string {
  const e = fieldExpr(path, columns);
  if (v === null) return `${e} IS NOT NULL`;
  return `(${e} IS NULL OR NOT ${equals(path, v, params, columns)})`;
}

function inList(path: string, values: Scalar[], params: unknown[], columns?: KeyColumns): string {
  const e = fieldExpr(path, columns);
  const plain = values.filter((v): v is string | number => typeof v === 'number' || (typeof v === 'string' && !/^[[{]/.test(v)));
  const special = values.filter((v) => !plain.includes(v as string | number));
  const parts: string[] = [];
  if (plain.length > 0) {
    parts.push(`${e} IN (${plain.map(() => '?').join(',')})`);
    params.push(...plain);
  }
  for (const v of special) parts.push(equals(path, v, params, columns));
  return parts.length === 0 ? '0' : `(${parts.join(' OR ')})`;
}

const RANGE_SQL = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;

/**
 * In SQLite numbers sort before all text; the extra bound keeps a string range
 * from matching numbers and a number range from matching strings, as in
 * MongoDB, and it is itself a range the index can use.
 */
function range(path: string, op: keyof typeof RANGE_SQL, v: string | number, params: unknown[], columns?: KeyColumns): string {
  const e = fieldExpr(path, columns);
  params.push(v);
  const bracket = typeof v === 'string' ? (op === '$lt' || op === '$lte' ? ` AND ${e} >= ''` : '') : op === '$gt' || op === '$gte' ? ` AND ${e} < ''` : '';
  return `${e} ${RANGE_SQL[op]} ?${bracket}`;
}

/** `columns`: the table's key columns, which its indexes are built on (embedded-keys.ts). */
export function compileFilter(filter: Filter, columns?: KeyColumns): Sql {
  const params: unknown[] = [];
  const parts: string[] = [];
  for (const [path, cond] of normalizeFilter(filter)) {
    if (cond.$eq !== undefined) parts.push(equals(path, cond.$eq, params, columns));
    if (cond.$ne !== undefined) parts.push(notEquals(path, cond.$ne, params, columns));
    if (cond.$in !== undefined) parts.push(inList(path, cond.$in, params, columns));
    for (const op of ['$gt', '$gte', '$lt', '$lte'] as const) {
      const v = cond[op];
      if (v !== undefined) parts.push(range(path, op, v, params, columns));
    }
    if (cond.$exists !== undefined) parts.push(`${typeExpr(path)} IS ${cond.$exists ? 'NOT ' : ''}NULL`);
  }
  return { sql: parts.length ? parts.join(' AND ') : '1', params };
}

/**
 * ORDER BY with rowid as the last key (same direction) so ties keep insertion
 * order and the index can still serve it. No sort, no ORDER BY: the order is
 * then unspecified, as in MongoDB, and SQLite needs no sorting pass.
 */
export function compileSort(sort: SortSpec | undefined, columns?: KeyColumns): string {
  const keys = checkSort(sort);
  if (keys.length === 0) return '';
  const terms = keys.map(([p, dir]) => `${fieldExpr(p, columns)} ${dir === 1 ? 'ASC' : 'DESC'}`);
  const lastDir = keys[keys.length - 1]![1];
  terms.push(`rowid ${lastDir === 1 ? 'ASC' : 'DESC'}`);
  return `ORDER BY ${terms.join(', ')}`;
}

export function indexName(collection: string, spec: IndexSpec): string {
  const suffix =
    spec.name ??
    Object.entries(spec.fields)
      .map(([p, d]) => `${p.replace(/\./g, '_')}${d === -1 ? '_desc' : ''}`)
      .join('__');
  return checkName(`${collection}__${suffix}`, 'index');
}

/** A top-level field as its JSON text (SQL NULL when absent): what a projection selects and a covering index holds. */
export function fieldJsonExpr(field: string): string {
  return field === '_id' ? 'json_quote(_id)' : `doc -> '$.${checkName(field, 'field')}'`;
}

/**
 * The columns of a projection. The aliases make its SQL text unique to
 * projections, whose cached statements alone run in raw (array) mode.
 */
export function projectionSql(fields: readonly string[]): string {
  return fields.map((f, i) => `${fieldJsonExpr(f)} AS p${i}`).join(', ') || 'NULL AS p0';
}

/** A raw projected row (from column `offset` on: the JSON text of each field, NULL when absent) as a partial document. */
export function projectedDoc<T>(row: readonly unknown[], fields: readonly string[], offset = 0): T {
  const doc: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) {
    const json = row[offset + i];
    // A string without escapes is its text between the quotes: no parse (a rebuild reads millions).
    if (typeof json === 'string') doc[fields[i]!] = json.charCodeAt(0) === 34 && !json.includes('\\') ? json.slice(1, -1) : JSON.parse(json);
  }
  return doc as T;
}

/**
 * The index's CREATE statement as SQLite keeps it in sqlite_master (so a changed
 * definition can be told from the stored one). Its keys are the table's key
 * columns (`columns` must hold every key path but _id); what it includes stays
 * an expression of the document, which only changes when a response does.
 */
export function createIndexSql(collection: string, spec: IndexSpec, columns: KeyColumns): string {
  const fields = Object.entries(spec.fields);
  if (fields.length === 0) throw new Error(`index on ${collection} needs at least one field`);
  const keys = fields.map(([p, d]) => {
    if (p !== '_id' && !columns.has(p)) throw new Error(`index on ${collection}: no key column for ${p}`);
    return `${fieldExpr(p, columns)}${d === -1 ? ' DESC' : ''}`;
  });
  const cols = [...keys, ...(spec.include ?? []).map(fieldJsonExpr)].join(', ');
  const unique = spec.unique ? 'UNIQUE ' : '';
  return `CREATE ${unique}INDEX ${quoteIdent(indexName(collection, spec))} ON ${quoteIdent(collection)}(${cols})`;
}

/** Decodes a json_extract result with its json_type back into a JSON scalar. */
export function decodeScalar(value: unknown, type: string | null): Scalar | undefined {
  switch (type) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'null':
      return null;
    case 'integer':
    case 'real':
    case 'text':
      return value as Scalar;
    default:
      return undefined; // missing, or an object/array: not a scalar
  }
}
