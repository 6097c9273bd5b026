/**
 * Tenancy by construction: a store whose every collection is confined to one
 * enterprise. Filters get `enterpriseId` added, inserts get it stamped, and an
 * update can never move a document to another enterprise. Services receive
 * this handle, so a query cannot forget the tenant.
 *
 * A caller limited to some sites gets the same treatment per site: every
 * collection that holds a site's data (server/store/siteScope.ts) is confined
 * to those sites, and nothing can be written to another site.
 */
import { assertSiteInScope, confineFilter, siteFieldOf } from './siteScope';
import type { Collection, Doc, Filter, FindOneAndUpdateOptions, FindOptions, IndexSpec, Store, Update } from './types';

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

/** The site limit of one collection: its site field and the sites the caller may see. */
interface SiteLimit {
  field: string;
  siteIds: readonly string[];
}

function confineUpdate(update: Update, limit: SiteLimit): Update {
  const { field, siteIds } = limit;
  if (update.$unset && field in update.$unset) throw new Error(`an update may not remove ${field}`);
  for (const part of [update.$set, update.$setOnInsert]) if (part && field in part) assertSiteInScope(part[field], siteIds);
  return update;
}

/** Site scope on top of the tenant scope: filters ANDed with the caller's sites, writes kept inside them. */
class SiteConfinedCollection<T extends Doc> implements Collection<T> {
  constructor(
    private readonly inner: Collection<T>,
    private readonly limit: SiteLimit,
  ) {}

  get name(): string {
    return this.inner.name;
  }
  private filter(filter: Filter): Filter {
    return confineFilter(filter, this.limit.field, this.limit.siteIds);
  }
  private checked(doc: T): T {
    assertSiteInScope(doc[this.limit.field], this.limit.siteIds);
    return doc;
  }
  async insertOne(doc: T): Promise<T> {
    return this.inner.insertOne(this.checked(doc));
  }
  async insertMany(docs: T[]): Promise<number> {
    return this.inner.insertMany(docs.map((d) => this.checked(d)));
  }
  async findOne(filter: Filter, options?: FindOptions): Promise<T | null> {
    return this.inner.findOne(this.filter(filter), options);
  }
  async find(filter: Filter, options?: FindOptions): Promise<T[]> {
    return this.inner.find(this.filter(filter), options);
  }
  iterate(filter: Filter, options?: FindOptions & { batchSize?: number }): AsyncIterable<T> {
    return this.inner.iterate(this.filter(filter), options);
  }
  async count(filter: Filter): Promise<number> {
    return this.inner.count(this.filter(filter));
  }
  async updateOne(filter: Filter, update: Update, options?: { upsert?: boolean }) {
    return this.inner.updateOne(this.upsertFilter(filter, update, options?.upsert), confineUpdate(update, this.limit), options);
  }
  async updateMany(filter: Filter, update: Update): Promise<number> {
    return this.inner.updateMany(this.filter(filter), confineUpdate(update, this.limit));
  }
  async findOneAndUpdate(filter: Filter, update: Update, options?: FindOneAndUpdateOptions): Promise<T | null> {
    return this.inner.findOneAndUpdate(this.upsertFilter(filter, update, options?.upsert), confineUpdate(update, this.limit), options);
  }
  async replaceOne(filter: Filter, doc: T): Promise<boolean> {
    return this.inner.replaceOne(this.filter(filter), this.checked(doc));
  }
  async deleteOne(filter: Filter): Promise<number> {
    return this.inner.deleteOne(this.filter(filter));
  }
  async deleteMany(filter: Filter): Promise<number> {
    return this.inner.deleteMany(this.filter(filter));
  }
  async distinct(field: string, filter: Filter) {
    return this.inner.distinct(field, this.filter(filter));
  }
  /** An upsert must name its site (filter equality or $setOnInsert/$set), so the document it may insert stays in scope. */
  private upsertFilter(filter: Filter, update: Update, upsert: boolean | undefined): Filter {
    const confined = this.filter(filter);
    if (!upsert) return confined;
    const { field } = this.limit;
    if (typeof confined[field] === 'string') return confined;
    const named = update.$setOnInsert?.[field] ?? update.$set?.[field];
    if (named === undefined) throw new Error(`an upsert by a site-limited caller must set ${field}`);
    // The site the update names (checked to be in scope) as a plain equality: every adapter then matches and inserts alike.
    return filter[field] === undefined ? { ...confined, [field]: named as string } : confined;
  }
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
    /** When set, the sites the caller is limited to; undefined: all of the enterprise's sites. */
    readonly siteIds?: readonly string[],
  ) {}

  get kind() {
    return this.inner.kind;
  }
  get inTransaction() {
    return this.inner.inTransaction;
  }
  collection<T extends Doc = Doc>(name: string): Collection<T> {
    const tenant = new ScopedCollection<T>(this.inner.collection<T>(name), this.enterpriseId);
    if (!this.siteIds) return tenant;
    const field = siteFieldOf(name);
    return field ? new SiteConfinedCollection<T>(tenant, { field, siteIds: this.siteIds }) : tenant;
  }
  ensureIndexes(collection: string, indexes: IndexSpec[]): Promise<void> {
    return this.inner.ensureIndexes(collection, indexes);
  }

  dropIndexes(collection: string, indexes: IndexSpec[]): Promise<void> {
    return this.inner.dropIndexes(collection, indexes);
  }
  withTransaction<R>(fn: (tx: Store) => Promise<R>): Promise<R> {
    return this.inner.withTransaction((tx) => fn(new ScopedStore(tx, this.enterpriseId, this.siteIds)));
  }
  afterCommit(fn: () => void): void {
    this.inner.afterCommit(fn);
  }
  /** Closing is the owner's job, not a tenant's. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** siteIds: the sites the caller is limited to; absent or empty means all of the enterprise's sites. */
export function scoped(store: Store, enterpriseId: string, siteIds?: readonly string[]): ScopedStore {
  if (!enterpriseId) throw new Error('scoped store needs an enterpriseId');
  return new ScopedStore(store, enterpriseId, siteIds?.length ? [...siteIds] : undefined);
}
