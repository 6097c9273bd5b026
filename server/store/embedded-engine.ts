/**
 * The embedded store's connection: pragmas, prepared-statement cache, lazily
 * created tables, and the gate that keeps other callers out of an open
 * withTransaction.
 */
import Database from 'better-sqlite3';
import { closeSync, fdatasync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { addKeyColumns, readKeyColumns } from './embedded-keys';
import { quoteIdent, type KeyColumns } from './embedded-sql';
import { checkStoreFile, StoreDamagedError } from './integrity';
import { DuplicateKeyError } from './types';
import { checkName } from './validate';

export const DB_FILE = 'servicestar.db';
const STATEMENT_CACHE_LIMIT = 500;
/** Writes before the checkpointer thread starts: a store that stays small (a test) never needs one. */
const CHECKPOINTER_AFTER_WRITES = 200;
/** Pages in the log before the connection checkpoints it itself: only if the checkpointer thread fell behind or died. */
const BACKSTOP_CHECKPOINT_PAGES = 10_000;
const CHECKPOINT_EVERY_MS = 100;

/**
 * The checkpointer thread's code (plain JS: it runs in a worker, outside any
 * build). Its own connection copies the write-ahead log into the database with
 * PASSIVE checkpoints, which never block the writer, and takes the database
 * file's fsync that comes with them off the event loop.
 */
const CHECKPOINTER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message) });
  }
}, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * withTransaction's fn is async, so without this other callers' statements
 * would run inside its open SQLite transaction (one connection). While a
 * transaction holds the gate every other operation of the store waits.
 */
export class Gate {
  private held: Promise<void> | null = null;
  private releaseHeld: (() => void) | null = null;

  get busy(): boolean {
    return this.held !== null;
  }
  async wait(): Promise<void> {
    while (this.held) await this.held;
  }
  /** Takes the gate synchronously when free, so calls made after this one queue behind it. */
  async acquire(): Promise<void> {
    while (this.held) await this.held;
    this.held = new Promise((resolve) => (this.releaseHeld = resolve));
  }
  release(): void {
    const release = this.releaseHeld;
    this.held = null;
    this.releaseHeld = null;
    release?.();
  }
}

/** The connection, its prepared statements and the tables known to exist. */
export class Engine {
  readonly gate = new Gate();
  /** Transactions waiting for the next group commit (see EmbeddedStore.withTransaction). */
  readonly pending: Array<{ fn: (tx: import('./types').Store) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void }> = [];
  /** Whether a group leader is running. */
  leading = false;
  /** Transactions committed, and the SQLite commits (groups) they took. */
  readonly committed = { groups: 0, transactions: 0 };
  /** SQL statements run, per collection: reads and writes (benchmarks print them per submission). */
  readonly statementCounts = new Map<string, { reads: number; writes: number }>();
  private readonly statements = new Map<string, Database.Statement>();
  private readonly tables = new Set<string>();
  /**
   * Tables created (or found) inside the open group transaction: known until it
   * ends, then remembered if it commits. Without this a collection first used
   * inside a transaction (alert rules, read on every counted response) ran
   * CREATE TABLE IF NOT EXISTS, parsed anew, on every call.
   */
  private readonly tablesInTx = new Set<string>();
  /** Each table's key columns (embedded-keys.ts), read from its schema on first use. */
  private readonly keyColumnsOf = new Map<string, Map<string, string>>();
  private schemaVersion: number | null = null;

  private syncRunning: Promise<void> | null = null;
  private syncQueued: Promise<void> | null = null;
  private writes = 0;
  private logFd: number | null = null;
  private checkpointer: Worker | null = null;
  private checkpointerWarned = false;

  constructor(readonly db: Database.Database) {}

  /**
   * SQLite's own automatic checkpoint runs inside a COMMIT on the event loop,
   * copying pages and fsyncing the database file while every request waits;
   * a worker thread does it instead once the store is busy (the connection
   * keeps a far larger automatic threshold as a backstop).
   */
  private startCheckpointer(): void {
    if (this.checkpointer || this.db.memory || !this.db.open) return;
    const worker = new Worker(CHECKPOINTER_SOURCE, {
      eval: true,
      workerData: { driver: require.resolve('better-sqlite3'), file: this.db.name, everyMs: CHECKPOINT_EVERY_MS },
    });
    worker.unref();
    // Not fatal (the backstop checkpoints), but the operator should hear of it once.
    const warn = (message: string) => {
      if (this.checkpointerWarned) return;
      this.checkpointerWarned = true;
      process.emitWarning(
        `embedded store: the checkpointer thread failed (${message}); SQLite checkpoints on the event loop past ${BACKSTOP_CHECKPOINT_PAGES} pages`,
      );
    };
    worker.on('message', (m: { error?: string }) => m.error && warn(m.error));
    worker.on('error', (err) => warn(err.message));
    this.checkpointer = worker;
  }

  /** Stops the checkpointer thread and waits until its connection is closed. */
  async stopCheckpointer(): Promise<void> {
    const worker = this.checkpointer;
    if (!worker) return;
    this.checkpointer = null;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // Unreferenced, the thread would not keep a process that only waits for it alive: it would just exit.
    worker.ref();
    worker.postMessage('stop');
    await exited;
  }

  /**
   * Resolves once everything committed before the call is on disk: an fsync
   * of the write-ahead log on libuv's thread pool, so the event loop keeps
   * serving while the disk works (SQLite's own sync at COMMIT would block it).
   * Callers arriving while one fsync runs share the next one: group commit.
   */
  durable(): Promise<void> {
    if (++this.writes === CHECKPOINTER_AFTER_WRITES) this.startCheckpointer();
    if (this.syncQueued) return this.syncQueued;
    const before = this.syncRunning ?? Promise.resolve();
    const sync: Promise<void> = before
      .catch(() => undefined)
      .then(() => {
        // From here on a new caller's commit may not be covered: it queues the next sync.
        this.syncQueued = null;
        this.syncRunning = sync;
        return this.syncLog();
      })
      .finally(() => {
        if (this.syncRunning === sync) this.syncRunning = null;
      });
    this.syncQueued = sync;
    return sync;
  }

  /**
   * fdatasync of the write-ahead log through a descriptor kept open: one trip
   * to the thread pool. Opening and closing the file around each sync (three
   * trips) cost ~0.2 ms of CPU per sync (measured). The log file stays while
   * the connection is open; SQLite only removes it at close.
   */
  private syncLog(): Promise<void> {
    if (this.logFd === null) {
      try {
        this.logFd = openSync(`${this.db.name}-wal`, 'r');
      } catch (err) {
        // No log yet: nothing was written through it.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return Promise.resolve();
        throw err;
      }
    }
    const fd = this.logFd;
    return new Promise((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));
  }

  /** Before the connection closes: waits for the syncs under way, then closes the log's descriptor. */
  async closeLog(): Promise<void> {
    await (this.syncQueued ?? this.syncRunning)?.catch(() => undefined);
    if (this.logFd !== null) closeSync(this.logFd);
    this.logFd = null;
  }

  /** Counts one statement against a collection: a Map lookup, cheap enough to stay on in production. */
  counted(collection: string, kind: 'reads' | 'writes'): void {
    let counts = this.statementCounts.get(collection);
    if (!counts) this.statementCounts.set(collection, (counts = { reads: 0, writes: 0 }));
    counts[kind] += 1;
  }

  stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear();
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** Creates the collection's table on first use. Call it only once the gate allows statements. */
  ensureTable(name: string): string {
    const quoted = quoteIdent(checkName(name));
    if (!this.tables.has(name) && this.db.readonly) {
      // A snapshot's connection cannot create tables: a collection that did not exist then reads as empty.
      const exists = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
      if (!exists) {
        // query_only keeps the view from writing even to this stand-in.
        this.db.pragma('query_only = OFF');
        this.db.exec(`CREATE TEMP TABLE IF NOT EXISTS ${quoted} (_id TEXT PRIMARY KEY, doc TEXT NOT NULL)`);
        this.db.pragma('query_only = ON');
      }
      this.tables.add(name);
    } else if (!this.tables.has(name) && !this.tablesInTx.has(name)) {
      this.db.exec(`CREATE TABLE IF NOT EXISTS ${quoted} (_id TEXT PRIMARY KEY, doc TEXT NOT NULL)`);
      // Inside a transaction the table exists only if it commits: remembered for good only then (transactionEnded).
      if (this.db.inTransaction) this.tablesInTx.add(name);
      else this.tables.add(name);
    }
    return quoted;
  }

  /** The group transaction committed (its tables exist for good) or rolled back, wholly or to a savepoint (they may not). */
  transactionEnded(committed: boolean): void {
    if (committed) for (const name of this.tablesInTx) this.tables.add(name);
    this.tablesInTx.clear();
    // A key column added in what rolled back is gone: read the schema again.
    if (!committed) this.keyColumnsOf.clear();
  }

  /** The table's key columns. Call it only once ensureTable ran. */
  keyColumns(name: string): KeyColumns {
    let columns = this.keyColumnsOf.get(name);
    if (!columns) this.keyColumnsOf.set(name, (columns = readKeyColumns(this.db, name)));
    return columns;
  }

  /** Gives the table a key column for each path (filled from its documents) it lacks. */
  ensureKeyColumns(name: string, paths: readonly string[]): void {
    const columns = this.keyColumns(name);
    if (paths.every((path) => columns.has(path))) return;
    addKeyColumns(this.db, name, paths);
    this.keyColumnsOf.delete(name);
  }

  /**
   * Before a write: another process on the same file (a second worker) may
   * have added key columns since this one read the schema, and a write that
   * left one out would leave it stale. SQLite counts schema changes; when the
   * count moved, the columns are read again.
   */
  noticeSchemaChanges(): void {
    const version = this.stmt('PRAGMA schema_version').pluck().get() as number;
    if (version === this.schemaVersion) return;
    this.schemaVersion = version;
    this.keyColumnsOf.clear();
  }

  /** A transaction-control statement (SAVEPOINT, RELEASE, COMMIT…), prepared once instead of parsed on every exec. */
  control(sql: string): void {
    this.stmt(sql).run();
  }

  /** A multi-statement operation as one SQLite transaction (a savepoint when already inside one). */
  atomic<R>(fn: () => R): R {
    return this.db.transaction(fn).immediate();
  }

  /** For an operation with a single write: a transaction of its own only when none is open. */
  atomicUnlessInside<R>(fn: () => R): R {
    return this.db.inTransaction ? fn() : this.atomic(fn);
  }
}

export function toDuplicateKey(collection: string, err: unknown): unknown {
  const code = (err as { code?: string }).code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new DuplicateKeyError(collection, (err as Error).message);
  }
  return err;
}

export function openDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DB_FILE);
  // Before SQLite touches it: opening an empty file would write a new header and the demo seed would follow.
  checkStoreFile(file);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
  } catch (err) {
    db.close();
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
      throw new StoreDamagedError('store_corrupt', file, `cannot be opened (${(err as Error).message})`);
    throw err;
  }
  // NORMAL: SQLite syncs at checkpoints (so the file is never corrupt) but not at each commit; the store
  // itself fsyncs the log off the event loop before it answers any write (Engine.durable), so a write
  // acknowledged to a client survives a crash or power loss as with FULL, without blocking every request.
  db.pragma('synchronous = NORMAL');
  // Opening may wait for another process's start-up (nothing is served yet); afterwards a busy lock fails
  // at once and the store retries on a timer, never blocking the event loop (see embedded-lock.ts).
  db.pragma('busy_timeout = 5000');
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`); // see Engine.startCheckpointer
  // A large transaction (seeding, an import chunk) grows the log; once checkpointed it shrinks back to this.
  db.pragma(`journal_size_limit = ${16 * 1024 * 1024}`);
  db.pragma('cache_size = -32000'); // 32 MB page cache
  // Each transaction of a group runs in a savepoint, whose journal (the original of every page it changes)
  // otherwise spills to a temporary file past 64 KB: a submission's recipient update took 160-200 µs
  // instead of 60 µs. Our transactions are bounded (imports and rebuilds work in chunks), so memory is.
  db.pragma('temp_store = MEMORY');
  db.pragma('busy_timeout = 0');
  return db;
}

/** A read-only connection to the same file, for readSnapshot (WAL lets it read while the writer commits). */
export function openSnapshot(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('query_only = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -32000');
  return db;
}
