/**
 * Tenancy by construction: a store whose every collection is confined to one
 * enterprise. Filters get `enterpriseId` added, inserts get it stamped, and an
 * update can never move a document to another enterprise. Services receive
 * this handle, so a query cannot forget the tenant.
 */
import type { Collection, Doc, Filter, FindOneAndUpdateOptions, FindOptions, IncrementOptions, IndexSpec, Store, Update } from './types';

const TENANT_FIELD = 'enterpriseId';

function scopeFilter(filter: Filter, enterpriseId: string): Filter {
  return { ...filter, [TENANT_FIELD]: enterpriseId };
}

function scopeUpdate(update: Update, enterpriseId: string): Update {
  const { $set, $unset, $setOnInsert } = update;
  if ($set && TENANT_FIELD in $set) throw new Error('an update may not change enterpriseId');
  if ($unset && TENANT_FIELD in $unset) throw new Error('an update may not remove enterpriseId');
  return { ...update, $setOnInsert: { ...$setOnInsert, [TENANT_FIELD]: enterpriseId } };
}

function stamp<T extends Doc>(doc: T, enterpriseId: string): T {
  const current = (doc as Doc)[TENANT_FIELD];
  if (current !== undefined && current !== enterpriseId) throw new Error('document belongs to another enterprise');
  // Already stamped (bulk writers set it): no copy, which a rollup rebuild would make 50,000 times.
  return current === enterpriseId ? doc : { ...doc, [TENANT_FIELD]: enterpriseId };
}

class ScopedCollection<T extends Doc> implements Collection<T> {
  constructor(
    private readonly inner: Collection<T>,
    private readonly enterpriseId: string,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  // async, so a cross-tenant document surfaces as a rejected promise, never a synchronous throw.
  async insertOne(doc: T): Promise<T> {
    return this.inner.insertOne(stamp(doc, this.enterpriseId));
  }
  async insertMany(docs: T[]): Promise<number> {
    return this.inner.insertMany(docs.map((d) => stamp(d, this.enterpriseId)));
  }
  findOne(filter: Filter, options?: FindOptions): Promise<T | null> {
    return this.inner.findOne(scopeFilter(filter, this.enterpriseId), options);
  }
  find(filter: Filter, options?: FindOptions): Promise<T[]> {
    return this.inner.find(scopeFilter(filter, this.enterpriseId), options);
  }
  iterate(filter: Filter, options?: FindOptions & { batchSize?: number }): AsyncIterable<T> {
    return this.inner.iterate(scopeFilter(filter, this.enterpriseId), options);
  }
  count(filter: Filter): Promise<number> {
    return this.inner.count(scopeFilter(filter, this.enterpriseId));
  }
  async updateOne(filter: Filter, update: Update, options?: { upsert?: boolean }) {
    return this.inner.updateOne(scopeFilter(filter, this.enterpriseId), scopeUpdate(update, this.enterpriseId), options);
  }
  async updateMany(filter: Filter, update: Update): Promise<number> {
    return this.inner.updateMany(scopeFilter(filter, this.enterpriseId), scopeUpdate(update, this.enterpriseId));
  }
  async increment(id: string, inc: Record<string, number>, options: IncrementOptions = {}): Promise<void> {
    const { [TENANT_FIELD]: tenant, ...setOnInsert } = options.setOnInsert ?? {};
    if (tenant !== undefined && tenant !== this.enterpriseId) throw new Error('document belongs to another enterprise');
    return this.inner.increment(id, inc, { setOnInsert, match: { ...options.match, [TENANT_FIELD]: this.enterpriseId } });
  }
  async findOneAndUpdate(filter: Filter, update: Update, options?: FindOneAndUpdateOptions): Promise<T | null> {
    return this.inner.findOneAndUpdate(
      scopeFilter(filter, this.enterpriseId),
      scopeUpdate(update, this.enterpriseId),
      options,
    );
  }
  async replaceOne(filter: Filter, doc: T): Promise<boolean> {
    return this.inner.replaceOne(scopeFilter(filter, this.enterpriseId), stamp(doc, this.enterpriseId));
  }
  deleteOne(filter: Filter): Promise<number> {
    return this.inner.deleteOne(scopeFilter(filter, this.enterpriseId));
  }
  deleteMany(filter: Filter): Promise<number> {
    return this.inner.deleteMany(scopeFilter(filter, this.enterpriseId));
  }
  distinct(field: string, filter: Filter) {
    return this.inner.distinct(field, scopeFilter(filter, this.enterpriseId));
  }
}

export class ScopedStore implements Store {
  constructor(
    private readonly inner: Store,
    readonly enterpriseId: string,
  ) {}

  get kind() {
    return this.inner.kind;
  }
  get inTransaction() {
    return this.inner.inTransaction;
  }
  get files() {
    return this.inner.files;
  }
  collection<T extends Doc = Doc>(name: string): Collection<T> {
    return new ScopedCollection<T>(this.inner.collection<T>(name), this.enterpriseId);
  }
  ensureIndexes(collection: string, indexes: IndexSpec[]): Promise<void> {
    return this.inner.ensureIndexes(collection, indexes);
  }

  dropIndexes(collection: string, indexes: IndexSpec[]): Promise<void> {
    return this.inner.dropIndexes(collection, indexes);
  }
  withTransaction<R>(fn: (tx: Store) => Promise<R>): Promise<R> {
    return this.inner.withTransaction((tx) => fn(new ScopedStore(tx, this.enterpriseId)));
  }
  afterCommit(fn: () => void): void {
    this.inner.afterCommit(fn);
  }
  /** Closing is the owner's job, not a tenant's. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

export function scoped(store: Store, enterpriseId: string): ScopedStore {
  if (!enterpriseId) throw new Error('scoped store needs an enterpriseId');
  return new ScopedStore(store, enterpriseId);
}
