/**
 * Applies an Update to a plain document in memory, with MongoDB's semantics
 * for the operators we support. The embedded store reads, applies and writes
 * back inside one SQLite transaction, so the result is atomic.
 */
import { randomUUID } from 'node:crypto';
import { ValidationError } from '../errors';
import type { Doc, Filter, Update } from './types';
import { equalityFields, pathSegments } from './validate';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object holding the last segment, created on the way when `create` is set. */
function parentOf(doc: Obj, path: string, create: boolean): [Obj, string] | null {
  const all = pathSegments(path);
  const last = all[all.length - 1]!;
  let node: Obj = doc;
  for (let i = 0; i < all.length - 1; i++) {
    const seg = all[i]!;
    const next = node[seg];
    if (next === undefined || next === null) {
      if (!create) return null;
      node = node[seg] = {};
    } else if (isObj(next)) {
      node = next;
    } else {
      if (!create) return null;
      // MongoDB refuses too; we also refuse array elements by position, which SQL paths cannot address.
      throw new ValidationError(`cannot set ${path}: ${seg} is not an object`, path, 'invalid_update');
    }
  }
  return [node, last];
}

export function setPath(doc: Obj, path: string, value: unknown): void {
  const [parent, key] = parentOf(doc, path, true)!;
  parent[key] = value;
}

/** Mutates and returns doc. Callers pass a fresh copy (e.g. just parsed from JSON). */
export function applyUpdate<T extends Doc>(doc: T, update: Update, inserting: boolean): T {
  const target = doc as Obj;
  if (inserting) for (const [p, v] of Object.entries(update.$setOnInsert ?? {})) setPath(target, p, structuredClone(v));
  for (const [p, v] of Object.entries(update.$set ?? {})) setPath(target, p, structuredClone(v));
  if (update.$inc) addDeltas(target, update.$inc);
  for (const p of Object.keys(update.$unset ?? {})) {
    const found = parentOf(target, p, false);
    if (found) delete found[0][found[1]];
  }
  return doc;
}

/**
 * Adds numeric deltas (field paths) to doc in place, a missing field counting
 * as 0, the objects on the way created: $inc, walked along each path's cached
 * segments with nothing allocated per path (rollup cells take ~40 per write).
 */
export function addDeltas(doc: Obj, inc: Readonly<Record<string, number>>): void {
  for (const path in inc) {
    const segments = pathSegments(path);
    const last = segments.length - 1;
    let node = doc;
    for (let i = 0; i < last; i++) {
      const next = node[segments[i]!];
      if (next === undefined || next === null) node = node[segments[i]!] = {};
      else if (isObj(next)) node = next;
      else throw new ValidationError(`cannot set ${path}: ${segments[i]} is not an object`, path, 'invalid_update');
    }
    const current = node[segments[last]!] ?? 0;
    if (typeof current !== 'number') throw new ValidationError(`cannot $inc ${path}: not a number`, path, 'invalid_update');
    node[segments[last]!] = current + inc[path]!;
  }
}

/**
 * The document an upsert inserts: the filter's equality fields, then
 * $setOnInsert, $set and $inc. The filter's _id is kept; otherwise a new one.
 */
export function buildUpsertDoc<T extends Doc>(filter: Filter, update: Update): T {
  const doc: Obj = {};
  for (const [path, value] of equalityFields(filter)) setPath(doc, path, value);
  applyUpdate(doc as Doc, update, true);
  if (doc._id === undefined) doc._id = randomUUID();
  if (typeof doc._id !== 'string') throw new ValidationError('_id must be a string', '_id', 'invalid_update');
  return doc as T;
}
