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
import type { DecodedDocs } from './decodedDocs';
import type { Collection, Doc, Filter, FindOneAndUpdateOptions, FindOptions, IncrementOptions, IncrementTarget, IndexSpec, Store, Update } from './types';

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

/** What a scope does to each operation; the tenant scope and the site scope are two of these, stacked. */
interface Confinement {
  filter(filter: Filter): Filter;
  /** A document about to be stored: stamped or checked. */
  doc<T extends Doc>(doc: T): T;
  update(update: Update): Update;
  /** The filter of an upsert, which decides what a new document may hold. */
  upsertFilter(filter: Filter, update: Update): Filter;
  /** An increment's options: the scope's fields become match fields, which an existing document must hold and a new one gets. */
  increment(options: IncrementOptions): IncrementOptions;
}

/** Moves `field` from setOnInsert (checked) into match: a created document gets it, an existing one must hold it. */
function matchField(options: IncrementOptions, field: string, value: string): IncrementOptions {
  const { [field]: named, ...setOnInsert } = options.setOnInsert ?? {};
  if (named !== undefined && named !== value) throw new Error(`an increment may not set ${field} to another value`);
  return { setOnInsert, match: { ...options.match, [field]: value } };
}

function tenantConfinement(enterpriseId: string): Confinement {
  const filter = (f: Filter) => scopeFilter(f, enterpriseId);
  return {
    filter,
    doc: (d) => stamp(d, enterpriseId),
    update: (u) => scopeUpdate(u, enterpriseId),
    upsertFilter: filter,
    increment: (o) => matchField(o, TENANT_FIELD, enterpriseId),
  };
}

/** The site limit of one collection: its site field and the sites the caller may see. */
function siteConfinement(field: string, siteIds: readonly string[]): Confinement {
  const filter = (f: Filter) => confineFilter(f, field, siteIds);
  return {
    filter,
    doc(doc) {
      assertSiteInScope(doc[field], siteIds);
      return doc;
    },
    update(update) {
      if (update.$unset && field in update.$unset) throw new Error(`an update may not remove ${field}`);
      for (const part of [update.$set, update.$setOnInsert]) if (part && field in part) assertSiteInScope(part[field], siteIds);
      return update;
    },
    // An upsert must name its site (filter equality, $setOnInsert or $set), so the document it may insert stays in scope.
    upsertFilter(f, update) {
      const confined = filter(f);
      if (typeof confined[field] === 'string') return confined;
      const named = update.$setOnInsert?.[field] ?? update.$set?.[field];
      if (named === undefined) throw new Error(`an upsert by a site-limited caller must set ${field}`);
      // The site the update names (checked to be in scope) as a plain equality: every adapter then matches and inserts alike.
      return f[field] === undefined ? { ...confined, [field]: named as string } : confined;
    },
    // Like an upsert, an increment names its site; it must be in scope, and an existing document must be of it.
    increment(options) {
      const site = options.match?.[field] ?? options.setOnInsert?.[field];
      if (typeof site !== 'string') throw new Error(`an increment by a site-limited caller must name its ${field}`);
      assertSiteInScope(site, siteIds);
      return matchField(options, field, site);
    },
  };
}

class ConfinedCollection<T extends Doc> implements Collection<T> {
  constructor(
    private readonly inner: Collection<T>,
    private readonly scope: Confinement,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  // async, so a document outside the scope surfaces as a rejected promise, never a synchronous throw.
  async insertOne(doc: T): Promise<T> {
    return this.inner.insertOne(this.scope.doc(doc));
  }
  async insertMany(docs: T[]): Promise<number> {
    return this.inner.insertMany(docs.map((d) => this.scope.doc(d)));
  }
  findOne(filter: Filter, options?: FindOptions): Promise<T | null> {
    return this.inner.findOne(this.scope.filter(filter), options);
  }
  find(filter: Filter, options?: FindOptions): Promise<T[]> {
    return this.inner.find(this.scope.filter(filter), options);
  }
  findDecoded(filter: Filter, decoded: DecodedDocs): Promise<readonly T[]> {
    return this.inner.findDecoded(this.scope.filter(filter), decoded);
  }
  iterate(filter: Filter, options?: FindOptions & { batchSize?: number }): AsyncIterable<T> {
    return this.inner.iterate(this.scope.filter(filter), options);
  }
  count(filter: Filter): Promise<number> {
    return this.inner.count(this.scope.filter(filter));
  }
  async updateOne(filter: Filter, update: Update, options?: { upsert?: boolean }) {
    const matching = options?.upsert ? this.scope.upsertFilter(filter, update) : this.scope.filter(filter);
    return this.inner.updateOne(matching, this.scope.update(update), options);
  }
  async updateMany(filter: Filter, update: Update): Promise<number> {
    return this.inner.updateMany(this.scope.filter(filter), this.scope.update(update));
  }
  async increment(id: string, inc: Record<string, number>, options: IncrementOptions = {}): Promise<void> {
    return this.inner.increment(id, inc, this.scope.increment(options));
  }
  async incrementEach(targets: readonly IncrementTarget[], inc: Record<string, number>): Promise<void> {
    return this.inner.incrementEach(
      targets.map(({ id, ...options }) => ({ id, ...this.scope.increment(options) })),
      inc,
    );
  }
  async findOneAndUpdate(filter: Filter, update: Update, options?: FindOneAndUpdateOptions): Promise<T | null> {
    const matching = options?.upsert ? this.scope.upsertFilter(filter, update) : this.scope.filter(filter);
    return this.inner.findOneAndUpdate(matching, this.scope.update(update), options);
  }
  async replaceOne(filter: Filter, doc: T): Promise<boolean> {
    return this.inner.replaceOne(this.scope.filter(filter), this.scope.doc(doc));
  }
  deleteOne(filter: Filter): Promise<number> {
    return this.inner.deleteOne(this.scope.filter(filter));
  }
  deleteMany(filter: Filter): Promise<number> {
    return this.inner.deleteMany(this.scope.filter(filter));
  }
  distinct(field: string, filter: Filter) {
    return this.inner.distinct(field, this.scope.filter(filter));
  }
}

export class ScopedStore implements Store {
  constructor(
    private readonly inner: Store,
    readonly enterpriseId: string,
    /** When set, the sites the caller is limited to; undefined: all of the enterprise's sites. */
    readonly siteIds?: readonly string[],
  ) {
    this.tenant = tenantConfinement(enterpriseId);
  }

  private readonly tenant: Confinement;

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
    const tenant = new ConfinedCollection<T>(this.inner.collection<T>(name), this.tenant);
    if (!this.siteIds) return tenant;
    const field = siteFieldOf(name);
    return field ? new ConfinedCollection<T>(tenant, siteConfinement(field, this.siteIds)) : tenant;
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
  readSnapshot<R>(fn: (snapshot: Store) => Promise<R>): Promise<R> {
    return this.inner.readSnapshot((snapshot) => fn(new ScopedStore(snapshot, this.enterpriseId, this.siteIds)));
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
