/**
 * Whether the last write reached the store: readiness reports it, and a probe
 * write clears it once the disk has room again. observeWrites wraps a store
 * so that every write outside a transaction, and every transaction's commit,
 * reports its outcome; only storage faults count as failures (a duplicate key
 * says nothing about the disk).
 */
import { storageFaultOf } from './faults';
import type { FileStore } from './files';
import type { Collection, Doc, Store } from './types';

export interface WriteFailure {
  code: string;
  at: string;
}

export class WriteHealth {
  private failure: WriteFailure | null = null;
  private lastSuccess: string | null = null;

  /** The storage fault of the last write, or null when it succeeded (or none was made). */
  get lastFailure(): WriteFailure | null {
    return this.failure;
  }
  get lastSuccessAt(): string | null {
    return this.lastSuccess;
  }

  succeeded(): void {
    this.failure = null;
    this.lastSuccess = new Date().toISOString();
  }

  failed(code: string): void {
    this.failure = { code, at: new Date().toISOString() };
  }

  /** Records the outcome of one write and passes it on unchanged. */
  observe<R>(write: Promise<R>): Promise<R> {
    return write.then(
      (value) => {
        this.succeeded();
        return value;
      },
      (err: unknown) => {
        const code = storageFaultOf(err);
        if (code) this.failed(code);
        throw err;
      },
    );
  }
}

const WRITES = [
  'insertOne',
  'insertMany',
  'updateOne',
  'updateMany',
  'increment',
  'incrementEach',
  'findOneAndUpdate',
  'replaceOne',
  'deleteOne',
  'deleteMany',
] as const;

function observeCollection<T extends Doc>(inner: Collection<T>, health: WriteHealth): Collection<T> {
  const observed = Object.create(inner) as Collection<T>;
  for (const method of WRITES) {
    const write = inner[method] as (...args: unknown[]) => Promise<unknown>;
    Object.defineProperty(observed, method, { value: (...args: unknown[]) => health.observe(write.apply(inner, args)) });
  }
  return observed;
}

/** Photos and mails on a full disk are writes too: put and delete report theirs. */
function observeFiles(inner: FileStore, health: WriteHealth): FileStore {
  return {
    kind: inner.kind,
    put: (key, data, meta) => health.observe(inner.put(key, data, meta)),
    get: (key) => inner.get(key),
    delete: (key) => health.observe(inner.delete(key)),
    exists: (key) => inner.exists(key),
  };
}

/** The same store, reporting every write's outcome to health. Transaction handles stay unwrapped: only the commit tells. */
export function observeWrites(store: Store, health: WriteHealth): Store {
  // Collection handles hold no state outside a transaction: one observed handle per name serves every caller.
  const collections = new Map<string, Collection>();
  const files = observeFiles(store.files, health);
  return {
    files,
    get kind() {
      return store.kind;
    },
    get inTransaction() {
      return store.inTransaction;
    },
    collection: <T extends Doc = Doc>(name: string) => {
      let observed = collections.get(name);
      if (!observed) collections.set(name, (observed = observeCollection(store.collection(name), health)));
      return observed as unknown as Collection<T>;
    },
    ensureIndexes: (collection, indexes) => health.observe(store.ensureIndexes(collection, indexes)),
    dropIndexes: (collection, indexes) => health.observe(store.dropIndexes(collection, indexes)),
    withTransaction: (fn) => health.observe(store.withTransaction(fn)),
    // A snapshot only reads: nothing to report.
    readSnapshot: (fn) => store.readSnapshot(fn),
    afterCommit: (fn) => store.afterCommit(fn),
    close: () => store.close(),
  };
}
