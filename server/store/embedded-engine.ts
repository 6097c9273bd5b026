/**
 * The embedded store's connection: pragmas, prepared-statement cache, lazily
 * created tables, and the gate that keeps other callers out of an open
 * withTransaction.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { quoteIdent } from './embedded-sql';
import { DuplicateKeyError } from './types';
import { checkName } from './validate';

export const DB_FILE = 'servicestar.db';
const STATEMENT_CACHE_LIMIT = 500;

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
  private readonly statements = new Map<string, Database.Statement>();
  private readonly tables = new Set<string>();

  constructor(readonly db: Database.Database) {}

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
    if (!this.tables.has(name)) {
      this.db.exec(`CREATE TABLE IF NOT EXISTS ${quoted} (_id TEXT PRIMARY KEY, doc TEXT NOT NULL)`);
      // Inside a transaction the table exists only if it commits: remember it only when outside.
      if (!this.db.inTransaction) this.tables.add(name);
    }
    return quoted;
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
  const db = new Database(path.join(dataDir, DB_FILE));
  db.pragma('journal_mode = WAL');
  // FULL: a write acknowledged to a client survives a crash; NORMAL could lose the last commits on power loss.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -32000'); // 32 MB page cache
  return db;
}
