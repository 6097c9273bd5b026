/**
 * Checks shared by every adapter, run before anything reaches a database.
 * They are the injection guard: a filter value is a literal or one of our few
 * operators with literal operands, field paths are plain identifiers, and
 * stored documents are plain JSON without `$`-keys.
 */
import { ValidationError } from '../errors';
import type { FieldCondition, Filter, Scalar, SortSpec, Update } from './types';

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Walking these keys while applying an update would reach Object.prototype.
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);
const OPERATORS = new Set(['$eq', '$ne', '$in', '$gt', '$gte', '$lt', '$lte', '$exists']);

function invalid(message: string, field?: string): never {
  throw new ValidationError(message, field, 'invalid_query');
}

/** Paths already found valid, with their segments: the same few hundred recur in every query and rollup update. */
const validPaths = new Map<string, readonly string[]>();
const VALID_PATHS_KEPT = 10_000;

/** The segments of a valid field path (split once); refuses an invalid one. */
export function pathSegments(path: string): readonly string[] {
  const known = validPaths.get(path);
  if (known) return known;
  if (typeof path !== 'string' || !FIELD_PATH.test(path)) invalid(`invalid field path ${JSON.stringify(path)}`);
  const segments = path.split('.');
  if (segments.some((s) => FORBIDDEN_SEGMENTS.has(s))) invalid(`forbidden field path ${path}`);
  if (validPaths.size >= VALID_PATHS_KEPT) validPaths.clear();
  validPaths.set(path, segments);
  return segments;
}

export function checkPath(path: string): string {
  pathSegments(path);
  return path;
}

/** Collection and index names end up in SQL identifiers and MongoDB namespaces. */
export function checkName(name: string, what = 'collection'): string {
  if (typeof name !== 'string' || !NAME.test(name) || name.length > 100) invalid(`invalid ${what} name ${JSON.stringify(name)}`);
  return name;
}

export function isScalar(v: unknown): v is Scalar {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  // Any realm's Object.prototype (JSON.parse under jest's vm returns the host realm's objects).
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function checkOperand(op: string, v: unknown, path: string): void {
  const ok =
    op === '$in'
      ? Array.isArray(v) && v.every(isScalar)
      : op === '$exists'
        ? typeof v === 'boolean'
        : op === '$eq' || op === '$ne'
          ? isScalar(v)
          : typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
  if (!ok) invalid(`invalid operand for ${op} on ${path}`, path);
}

/** One validated condition per field; a bare scalar becomes {$eq: value}. */
export function normalizeFilter(filter: Filter): Array<[string, FieldCondition]> {
  if (!isPlainObject(filter)) invalid('a filter must be a plain object');
  return Object.entries(filter).map(([path, value]): [string, FieldCondition] => {
    checkPath(path);
    if (isScalar(value)) return [path, { $eq: value }];
    if (!isPlainObject(value)) invalid(`invalid filter value for ${path}`, path);
    const ops = Object.keys(value);
    if (ops.length === 0) invalid(`empty condition for ${path}`, path);
    for (const op of ops) {
      if (!OPERATORS.has(op)) invalid(`unsupported operator ${JSON.stringify(op)} on ${path}`, path);
      checkOperand(op, (value as Record<string, unknown>)[op], path);
    }
    return [path, value as FieldCondition];
  });
}

/** Equality fields of a filter: what an upsert copies into the new document. */
export function equalityFields(filter: Filter): Array<[string, Scalar]> {
  const out: Array<[string, Scalar]> = [];
  for (const [path, cond] of normalizeFilter(filter)) {
    if ('$eq' in cond && cond.$eq !== undefined) out.push([path, cond.$eq]);
  }
  return out;
}

export function checkSort(sort: SortSpec | undefined): Array<[string, 1 | -1]> {
  if (!sort) return [];
  return Object.entries(sort).map(([path, dir]) => {
    checkPath(path);
    if (dir !== 1 && dir !== -1) invalid(`sort direction for ${path} must be 1 or -1`, path);
    return [path, dir];
  });
}

export function checkCount(n: number | undefined, what: string): number | undefined {
  if (n === undefined) return undefined;
  if (!Number.isSafeInteger(n) || n < 0) invalid(`${what} must be a non-negative integer`);
  return n;
}

/** Plain JSON only: timestamps are ISO strings, and no key may look like an operator. */
export function checkValue(v: unknown, where: string): void {
  if (isScalar(v)) return;
  if (Array.isArray(v)) {
    v.forEach((item, i) => {
      if (item === undefined) invalid(`undefined array element at ${where}.${i}`);
      checkValue(item, where);
    });
    return;
  }
  if (!isPlainObject(v)) invalid(`${where}: only JSON values may be stored (got ${describe(v)})`);
  for (const key of Object.keys(v)) {
    if (key.startsWith('$') || key.includes('.') || FORBIDDEN_SEGMENTS.has(key)) invalid(`${where}: field name ${JSON.stringify(key)} is not allowed`);
    const child = v[key];
    if (child !== undefined) checkValue(child, `${where}.${key}`);
  }
}

function describe(v: unknown): string {
  if (v instanceof Date) return 'a Date; store an ISO string';
  if (typeof v === 'number') return String(v);
  return typeof v === 'object' ? (v?.constructor?.name ?? 'object') : typeof v;
}

export function checkDoc(doc: unknown): void {
  if (!isPlainObject(doc)) invalid('a document must be a plain object');
  if (typeof doc._id !== 'string' || doc._id === '') invalid('a document needs a non-empty string _id');
  checkValue(doc, 'doc');
}

/**
 * Operators, paths and operands of an update. Two operators touching the same
 * path (or one inside the other) are refused, as MongoDB refuses them.
 */
const UPDATE_OPERATORS = new Set(['$set', '$inc', '$setOnInsert', '$unset']);

/** Whether one of two valid paths is the other or lies inside it ("a" and "a.b"). */
function overlapping(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/**
 * checkUpdate for `{ $inc: inc, $setOnInsert: setOnInsert }`, the update an
 * increment makes on every rollup write, without a Set of paths and their
 * ancestors built per call. Two $inc paths one inside the other are left to
 * applying, which refuses them before anything is written (one would be a
 * number and an object at once: addDeltas in doc-update.ts).
 */
export function checkIncrement(inc: Record<string, number>, setOnInsert?: Record<string, unknown>): void {
  checkDeltas(inc);
  checkInsertFields(inc, setOnInsert);
}

/** incrementEach's targets: each document once (a second would add to what the first read, not what it wrote). */
export function checkTargetIds(targets: ReadonlyArray<{ id: string }>): void {
  const ids = new Set<string>();
  for (const { id } of targets) {
    if (typeof id !== 'string') invalid('an increment target needs a string _id', '_id');
    if (ids.has(id)) invalid(`incrementEach names ${id} twice`, '_id');
    ids.add(id);
  }
}

/** The deltas of an increment: numbers on valid paths, at least one. */
export function checkDeltas(inc: Record<string, number>): void {
  if (!isPlainObject(inc)) invalid('$inc needs an object');
  let fields = 0;
  for (const path in inc) {
    fields += 1;
    const value = inc[path];
    if (!(typeof value === 'number' && Number.isFinite(value))) invalid(`$inc on ${path} needs a number`, path);
    if (path === '_id') invalid('_id cannot be changed');
    pathSegments(path);
  }
  if (fields === 0) invalid('an update needs at least one field');
}

/** An increment's $setOnInsert (of deltas already checked): valid values, no path overlapping a delta's. */
export function checkInsertFields(inc: Record<string, number>, setOnInsert?: Record<string, unknown>): void {
  if (setOnInsert === undefined) return;
  if (!isPlainObject(setOnInsert)) invalid('$setOnInsert needs an object');
  const heads: string[] = [];
  for (const path in setOnInsert) {
    const value = setOnInsert[path];
    heads.push(pathSegments(path)[0]!);
    if (value === undefined) invalid(`$setOnInsert on ${path} needs a value`, path);
    checkValue(value, path);
  }
  // Only paths under the same top-level field can overlap: the precise test runs for those alone.
  for (const path in inc) {
    if (!heads.includes(pathSegments(path)[0]!)) continue;
    for (const other in setOnInsert) if (overlapping(path, other)) invalid(`update paths ${other} and ${path} conflict`, path);
  }
}

export function checkUpdate(update: Update): void {
  if (!isPlainObject(update)) invalid('an update must be a plain object');
  const paths = new Set<string>();
  for (const op in update) {
    const fields = (update as Record<string, unknown>)[op];
    if (!UPDATE_OPERATORS.has(op)) invalid(`unsupported update operator ${JSON.stringify(op)}`);
    if (!isPlainObject(fields)) invalid(`${op} needs an object`);
    for (const path in fields) {
      const value = fields[path];
      checkPath(path);
      if (path === '_id' && op !== '$setOnInsert') invalid('_id cannot be changed');
      if (op === '$inc' && !(typeof value === 'number' && Number.isFinite(value))) invalid(`$inc on ${path} needs a number`, path);
      if (op === '$unset' && value !== true) invalid(`$unset on ${path} needs true`, path);
      if (op === '$set' || op === '$setOnInsert') {
        if (value === undefined) invalid(`${op} on ${path} needs a value`, path);
        checkValue(value, path);
      }
      if (paths.has(path)) invalid(`update paths ${path} and ${path} conflict`, path);
      paths.add(path);
    }
  }
  if (paths.size === 0) invalid('an update needs at least one field');
  // One path inside another ("a" and "a.b"): each path's ancestors, looked up (no sort of every path).
  for (const path of paths) {
    for (let dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
      const ancestor = path.slice(0, dot);
      if (paths.has(ancestor)) invalid(`update paths ${ancestor} and ${path} conflict`, path);
    }
  }
}
