/**
 * The storage boundary. Domain code sees only these types; the adapters
 * (embedded SQLite, MongoDB) live beside this file and are chosen at boot.
 *
 * Documents are plain JSON: strings, finite numbers, booleans, null, arrays
 * and objects. Timestamps are ISO-8601 UTC strings so that they compare and
 * sort the same way in every store. Every document has a string `_id`.
 */
import type { FileStore } from './files';

import type { DecodedDocs } from './decodedDocs';

export type Scalar = string | number | boolean | null;

export interface Doc {
  _id: string;
  [key: string]: unknown;
}

/** Conditions on one field. Only what our use cases need, so every adapter can honour all of it. */
export interface FieldCondition {
  $eq?: Scalar;
  $ne?: Scalar;
  $in?: Scalar[];
  $gt?: string | number;
  $gte?: string | number;
  $lt?: string | number;
  $lte?: string | number;
  $exists?: boolean;
}

/**
 * A filter: field paths (dot notation for nested fields) to a scalar (equality)
 * or a FieldCondition. All entries must hold (AND). Values are always literals:
 * an adapter never interprets a value coming from user input as an operator.
 */
export type Filter = Record<string, Scalar | FieldCondition>;

export type SortSpec = Record<string, 1 | -1>;

export interface FindOptions {
  sort?: SortSpec;
  limit?: number;
  skip?: number;
  /**
   * Return only these top-level fields (`_id` only when listed); a field the
   * document lacks stays absent. Reading little of large documents is cheaper.
   */
  fields?: string[];
}

export interface Update {
  /** Field paths to new values (dot notation allowed). */
  $set?: Record<string, unknown>;
  /** Field paths to numeric deltas; a missing field counts as 0. */
  $inc?: Record<string, number>;
  /** Values set only when an upsert inserts a new document. */
  $setOnInsert?: Record<string, unknown>;
  /** Field paths to remove. */
  $unset?: Record<string, true>;
}

export interface UpdateOptions {
  upsert?: boolean;
}

export interface IncrementOptions {
  /** Fields of a document the increment creates (as $setOnInsert). */
  setOnInsert?: Record<string, unknown>;
  /**
   * Fields an existing document must hold (the tenant). When it holds other
   * values the increment throws DuplicateKeyError, as MongoDB's upsert on
   * `_id` and these fields does; a created document gets them.
   */
  match?: Record<string, string>;
}

/** One document of incrementEach: its _id and the options increment takes for it. */
export interface IncrementTarget extends IncrementOptions {
  id: string;
}

export interface FindOneAndUpdateOptions extends UpdateOptions {
  sort?: SortSpec;
  /** Return the document after the update (default) or before it. */
  returnDocument?: 'after' | 'before';
}

export interface IndexSpec {
  /** Field paths in order, each ascending (1) or descending (-1). */
  fields: Record<string, 1 | -1>;
  unique?: boolean;
  /** Optional stable name; derived from the fields when absent. */
  name?: string;
  /**
   * Top-level fields the embedded store keeps in the index after the keys, so
   * a find that the index serves and whose `fields` it holds reads no document
   * (a covering index). MongoDB ignores it.
   */
  include?: string[];
}

export interface Collection<T extends Doc = Doc> {
  readonly name: string;
  /** Throws DuplicateKeyError when a unique index (or _id) is violated. */
  insertOne(doc: T): Promise<T>;
  /** All or nothing: on a duplicate key nothing of the batch is stored. */
  insertMany(docs: T[]): Promise<number>;
  findOne(filter: Filter, options?: FindOptions): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  /**
   * find without the options, for a reader that reads the same documents often: a document whose stored
   * form is unchanged since `decoded` last saw it is not decoded again. The documents are frozen (shared).
   */
  findDecoded(filter: Filter, decoded: DecodedDocs): Promise<readonly T[]>;
  /** Streams matching documents in batches, for exports and rebuilds. */
  iterate(filter: Filter, options?: FindOptions & { batchSize?: number }): AsyncIterable<T>;
  count(filter: Filter): Promise<number>;
  /** Updates the first match atomically. Returns how many were matched and whether one was inserted. */
  updateOne(filter: Filter, update: Update, options?: UpdateOptions): Promise<{ matched: number; upserted: boolean }>;
  updateMany(filter: Filter, update: Update): Promise<number>;
  /**
   * Adds numeric deltas (field paths, dot notation) to the document with this
   * _id, creating it when absent, the missing fields counting as 0: one atomic
   * statement with no read and no rewrite of the document by the caller. For
   * counters written on every request (rollup cells). Refuses a delta on a
   * field that holds something other than a number.
   */
  increment(id: string, inc: Record<string, number>, options?: IncrementOptions): Promise<void>;
  /**
   * increment of several documents by the same deltas, all or none: the day,
   * month and quarter cells a response adds to. The deltas are checked once.
   */
  incrementEach(targets: readonly IncrementTarget[], inc: Record<string, number>): Promise<void>;
  /** Atomic read-modify-write of the first match in sort order: the building block for claims and counters. */
  findOneAndUpdate(filter: Filter, update: Update, options?: FindOneAndUpdateOptions): Promise<T | null>;
  /** Replaces the whole document with the same _id; returns false when it does not exist. */
  replaceOne(filter: Filter, doc: T): Promise<boolean>;
  deleteOne(filter: Filter): Promise<number>;
  deleteMany(filter: Filter): Promise<number>;
  /** Distinct values of one field among the matches. */
  distinct(field: string, filter: Filter): Promise<Scalar[]>;
}

export interface Store {
  readonly kind: 'embedded' | 'mongodb';
  /** Files (evidence photos, thumbnails) kept beside the documents: DATA_DIR for the embedded store, GridFS for MongoDB. Not transactional. */
  readonly files: FileStore;
  /** True for the handle withTransaction gives fn: what it reads may not be committed yet. */
  readonly inTransaction: boolean;
  collection<T extends Doc = Doc>(name: string): Collection<T>;
  ensureIndexes(collection: string, indexes: IndexSpec[]): Promise<void>;
  /** Drops the indexes these specs created (named as ensureIndexes names them); absent ones are no error. */
  dropIndexes(collection: string, indexes: IndexSpec[]): Promise<void>;
  /**
   * Runs fn so that all of its writes commit together or not at all.
   * Use the store handed to fn inside it. Resolves only after the commit is durable.
   */
  withTransaction<R>(fn: (tx: Store) => Promise<R>): Promise<R>;
  /**
   * Runs fn on a read-only view of what was committed when it began, while
   * writers carry on: long reads that must agree with each other (a rollup
   * rebuild reads responses and rollups as of one moment). Writes through the
   * view fail. Not inside a transaction. MongoDB keeps a snapshot about 5 minutes.
   */
  readSnapshot<R>(fn: (snapshot: Store) => Promise<R>): Promise<R>;
  /**
   * Runs fn once what this handle wrote is committed: at once outside a
   * transaction, after the commit inside one, never if it rolls back. For
   * telling others (live dashboards) about writes they can then read.
   */
  afterCommit(fn: () => void): void;
  close(): Promise<void>;
}

/** After a commit: one failing listener must not keep the others from hearing, nor fail a write that is already durable. */
export function runCommitHooks(hooks: ReadonlyArray<() => void>): void {
  for (const hook of hooks) {
    try {
      hook();
    } catch (err) {
      process.emitWarning(`afterCommit hook failed: ${(err as Error).stack ?? String(err)}`);
    }
  }
}

export class DuplicateKeyError extends Error {
  readonly code = 'duplicate_key';
  constructor(
    readonly collection: string,
    readonly detail: string,
  ) {
    super(`duplicate key in ${collection}: ${detail}`);
    this.name = 'DuplicateKeyError';
  }
}

/**
 * T without the keys K. Unlike Omit, it keeps the known fields of a type with
 * an index signature (as every Doc has), so `_id` stays a string.
 */
export type Without<T, K extends string> = { [P in keyof T as P extends K ? never : P]: T[P] };
