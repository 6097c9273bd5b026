/**
 * The MongoDB adapter (official driver). Documents keep our string _id.
 * Transactions (withTransaction, and insertMany's all-or-nothing) need a
 * replica set; a single node started with --replSet is enough (see
 * docker-compose.yml).
 */
import { randomUUID } from 'node:crypto';
import { BSON, MongoClient, type ClientSession, type Collection as MongoCollection, type Db, type Document } from 'mongodb';
import type {
  Collection,
  Doc,
  Filter,
  FindOneAndUpdateOptions,
  FindOptions,
  IncrementOptions,
  IncrementTarget,
  IndexSpec,
  Scalar,
  Store,
  Update,
  UpdateOptions,
} from './types';
import { DuplicateKeyError, runCommitHooks } from './types';
import { ValidationError } from '../errors';
import { checkCount, checkDoc, checkName, checkPath, checkSort, checkTargetIds, checkUpdate, equalityFields, normalizeFilter } from './validate';
import type { DecodedDocs } from './decodedDocs';
import type { FileStore } from './files';
import { gridFsFileStore } from './files-gridfs';

/** Every value is wrapped in its operator, so a value can never be read as an operator itself. */
export function toMongoFilter(filter: Filter): Document {
  const out: Document = {};
  for (const [path, cond] of normalizeFilter(filter)) {
    const c: Document = {};
    for (const [op, value] of Object.entries(cond)) c[op] = value;
    out[path] = c;
  }
  return out;
}

function toMongoUpdate(filter: Filter, update: Update, upsert: boolean): Document {
  checkUpdate(update);
  const out: Document = {};
  for (const [op, fields] of Object.entries(update)) if (Object.keys(fields ?? {}).length) out[op] = fields;
  // Without this MongoDB would invent an ObjectId; our _id is always a string.
  const idFromFilter = equalityFields(filter).some(([p]) => p === '_id');
  if (upsert && !idFromFilter && !update.$setOnInsert?._id) out.$setOnInsert = { ...out.$setOnInsert, _id: randomUUID() };
  return out;
}

function toSort(sort: FindOptions['sort']): Document | undefined {
  const keys = checkSort(sort);
  return keys.length ? Object.fromEntries(keys) : undefined;
}

function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: Array<{ code?: number }> };
  return e?.code === 11000 || (Array.isArray(e?.writeErrors) && e.writeErrors.some((w) => w.code === 11000));
}

async function mapErrors<R>(collection: string, op: () => Promise<R>): Promise<R> {
  try {
    return await op();
  } catch (err) {
    if (isDuplicateKey(err)) throw new DuplicateKeyError(collection, (err as Error).message);
    throw err;
  }
}

/** What the driver sees: any document, but with our string _id (the driver would assume ObjectId). */
type Stored = Document & { _id: string };

class MongoAdapterCollection<T extends Doc> implements Collection<T> {
  private readonly coll: MongoCollection<Stored>;

  constructor(
    private readonly store: MongoStore,
    readonly name: string,
    private readonly session: ClientSession | undefined,
  ) {
    this.coll = store.db.collection<Stored>(checkName(name));
  }

  private get opts(): { session?: ClientSession } {
    return this.session ? { session: this.session } : {};
  }

  private findOptions(options: FindOptions): Document {
    const found = { ...this.opts, sort: toSort(options.sort), limit: checkCount(options.limit, 'limit'), skip: checkCount(options.skip, 'skip') };
    if (!options.fields) return found;
    const projection: Document = { _id: 0 };
    for (const field of options.fields) projection[checkName(field, 'field')] = 1;
    return { ...found, projection };
  }

  async insertOne(doc: T): Promise<T> {
    checkDoc(doc);
    return mapErrors(this.name, async () => {
      await this.coll.insertOne({ ...doc }, this.opts);
      return doc;
    });
  }

  /** MongoDB's insertMany keeps what it wrote before a failure, so it runs in a transaction. */
  async insertMany(docs: T[]): Promise<number> {
    docs.forEach(checkDoc);
    if (docs.length === 0) return 0;
    const copies = docs.map((d) => ({ ...d }));
    if (this.session) return mapErrors(this.name, async () => (await this.coll.insertMany(copies, this.opts)).insertedCount);
    return mapErrors(this.name, () =>
      this.store.client.withSession((session) => session.withTransaction(async () => (await this.coll.insertMany(copies, { session })).insertedCount)),
    );
  }

  async findOne(filter: Filter, options: FindOptions = {}): Promise<T | null> {
    const [doc] = await this.find(filter, { ...options, limit: 1 });
    return doc ?? null;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    return (await this.coll.find(toMongoFilter(filter), this.findOptions(options)).toArray()) as unknown as T[];
  }

  /** The documents come as BSON bytes; their latin1 text is the stored form (and the key: equal bytes, equal document). */
  async findDecoded(filter: Filter, decoded: DecodedDocs): Promise<readonly T[]> {
    const raw = (await this.coll.find(toMongoFilter(filter), { ...this.opts, raw: true }).toArray()) as unknown as Buffer[];
    return raw.map((bytes) => {
      const form = bytes.toString('latin1');
      return decoded.decoded(form, form, () => BSON.deserialize(bytes) as Doc) as T;
    });
  }

  async *iterate(filter: Filter, options: FindOptions & { batchSize?: number } = {}): AsyncIterable<T> {
    const batchSize = Math.max(1, checkCount(options.batchSize, 'batchSize') ?? 500);
    const cursor = this.coll.find(toMongoFilter(filter), { ...this.findOptions(options), batchSize });
    try {
      for await (const doc of cursor) yield doc as unknown as T;
    } finally {
      await cursor.close();
    }
  }

  async count(filter: Filter): Promise<number> {
    return this.coll.countDocuments(toMongoFilter(filter), this.opts);
  }

  async updateOne(filter: Filter, update: Update, options: UpdateOptions = {}): Promise<{ matched: number; upserted: boolean }> {
    const upsert = options.upsert ?? false;
    return mapErrors(this.name, async () => {
      const r = await this.coll.updateOne(toMongoFilter(filter), toMongoUpdate(filter, update, upsert), { ...this.opts, upsert });
      return { matched: r.matchedCount, upserted: r.upsertedCount > 0 };
    });
  }

  /** $inc with an upsert on _id and the match fields: MongoDB's own atomic counter. */
  async increment(id: string, inc: Record<string, number>, options: IncrementOptions = {}): Promise<void> {
    const filter: Filter = { ...options.match, _id: id };
    const update: Update = { $inc: inc, ...(options.setOnInsert ? { $setOnInsert: options.setOnInsert } : {}) };
    try {
      await this.updateOne(filter, update, { upsert: true });
    } catch (err) {
      // TypeMismatch: $inc on a field that is not a number; the same error as the embedded store's.
      if ((err as { code?: number }).code === 14)
        throw new ValidationError(`cannot $inc on ${this.name}/${id}: ${(err as Error).message}`, undefined, 'invalid_update');
      throw err;
    }
  }

  /** One upsert per target; outside a transaction in one of their own, so a refused target leaves none changed. */
  async incrementEach(targets: readonly IncrementTarget[], inc: Record<string, number>): Promise<void> {
    checkTargetIds(targets);
    if (this.session) {
      for (const { id, ...options } of targets) await this.increment(id, inc, options);
      return;
    }
    await this.store.withTransaction(async (tx) => {
      const inside = tx.collection(this.name);
      for (const { id, ...options } of targets) await inside.increment(id, inc, options);
    });
  }

  async updateMany(filter: Filter, update: Update): Promise<number> {
    return mapErrors(this.name, async () => {
      const r = await this.coll.updateMany(toMongoFilter(filter), toMongoUpdate(filter, update, false), this.opts);
      return r.matchedCount;
    });
  }

  async findOneAndUpdate(filter: Filter, update: Update, options: FindOneAndUpdateOptions = {}): Promise<T | null> {
    const upsert = options.upsert ?? false;
    return mapErrors(this.name, async () => {
      const doc = await this.coll.findOneAndUpdate(toMongoFilter(filter), toMongoUpdate(filter, update, upsert), {
        ...this.opts,
        upsert,
        sort: toSort(options.sort),
        returnDocument: options.returnDocument ?? 'after',
        includeResultMetadata: false,
      });
      return doc as unknown as T | null;
    });
  }

  async replaceOne(filter: Filter, doc: T): Promise<boolean> {
    checkDoc(doc);
    return mapErrors(this.name, async () => {
      const r = await this.coll.replaceOne(toMongoFilter(filter), { ...doc }, this.opts);
      return r.matchedCount > 0;
    });
  }

  async deleteOne(filter: Filter): Promise<number> {
    return (await this.coll.deleteOne(toMongoFilter(filter), this.opts)).deletedCount;
  }

  async deleteMany(filter: Filter): Promise<number> {
    return (await this.coll.deleteMany(toMongoFilter(filter), this.opts)).deletedCount;
  }

  async distinct(field: string, filter: Filter): Promise<Scalar[]> {
    const values = await this.coll.distinct(checkPath(field), toMongoFilter(filter), this.opts);
    return values.filter((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v)) as Scalar[];
  }
}

export class MongoStore implements Store {
  readonly kind = 'mongodb' as const;

  constructor(
    readonly client: MongoClient,
    readonly db: Db,
    private readonly session?: ClientSession,
    /** What afterCommit queued inside this transaction. */
    private readonly commitHooks: Array<() => void> = [],
    readonly files: FileStore = gridFsFileStore(db),
  ) {}

  get inTransaction(): boolean {
    return this.session !== undefined;
  }

  collection<T extends Doc = Doc>(name: string): Collection<T> {
    return new MongoAdapterCollection<T>(this, name, this.session);
  }

  async ensureIndexes(collection: string, indexes: IndexSpec[]): Promise<void> {
    if (indexes.length === 0) return;
    const specs = indexes.map((ix) => {
      Object.keys(ix.fields).forEach(checkPath);
      return { key: ix.fields, unique: ix.unique ?? false, ...(ix.name ? { name: checkName(ix.name, 'index') } : {}) };
    });
    await mapErrors(collection, () => this.db.collection(checkName(collection)).createIndexes(specs));
  }

  async dropIndexes(collection: string, indexes: IndexSpec[]): Promise<void> {
    for (const ix of indexes) {
      // The name MongoDB gives an unnamed index: field_direction pairs joined by '_'.
      const name = ix.name
        ? checkName(ix.name, 'index')
        : Object.entries(ix.fields)
            .map(([field, dir]) => `${checkPath(field)}_${dir}`)
            .join('_');
      try {
        await this.db.collection(checkName(collection)).dropIndex(name);
      } catch (err) {
        // IndexNotFound (27) or NamespaceNotFound (26): nothing to drop.
        const code = (err as { code?: number }).code;
        if (code !== 27 && code !== 26) throw err;
      }
    }
  }

  /** The driver retries fn on transient transaction errors, so fn must be safe to run again. */
  async withTransaction<R>(fn: (tx: Store) => Promise<R>): Promise<R> {
    if (this.session) return fn(this);
    let hooks: Array<() => void> = [];
    const result = await this.client.withSession((session) =>
      // A retried attempt starts with no hooks: only the attempt that commits tells anyone.
      session.withTransaction(() => fn(new MongoStore(this.client, this.db, session, (hooks = []), this.files))),
    );
    runCommitHooks(hooks);
    return result as R;
  }

  /** A snapshot session: its reads see one point in time (within minSnapshotHistoryWindowInSeconds). */
  async readSnapshot<R>(fn: (snapshot: Store) => Promise<R>): Promise<R> {
    if (this.session) throw new Error('readSnapshot cannot run inside a transaction');
    return this.client.withSession({ snapshot: true }, (session) => fn(new MongoStore(this.client, this.db, session)));
  }

  afterCommit(fn: () => void): void {
    if (this.session) this.commitHooks.push(fn);
    else fn();
  }

  async close(): Promise<void> {
    if (!this.session) await this.client.close();
  }

  /** For tests that create a throwaway database. */
  async dropDatabase(): Promise<void> {
    await this.db.dropDatabase();
  }
}

/** dbName defaults to the database named in the URI. */
export async function openMongoStore(uri: string, dbName?: string): Promise<MongoStore> {
  // ignoreUndefined: an undefined property is left out, as JSON.stringify (the embedded store) does.
  const client = new MongoClient(uri, { ignoreUndefined: true });
  await client.connect();
  return new MongoStore(client, client.db(dbName));
}
