/**
 * The embedded store's key columns (server/store/embedded-keys.ts): indexed
 * fields kept in columns beside the document, so that a write leaving them
 * alone rewrites no index entry. What must hold: every write keeps each
 * column equal to its field in the document, stores built before key columns
 * are converted at boot, and a second process's new column is kept too.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DB_FILE, openEmbeddedStore } from '../../server/store/embedded';
import { columnsTouched, readKeyColumns, rewriteSql } from '../../server/store/embedded-keys';
import type { IndexSpec, Store } from '../../server/store/types';
import { twoEmbeddedHandles } from './twoHandles';

const INDEXES: IndexSpec[] = [{ fields: { tenant: 1, 'b.c': 1 } }, { fields: { tenant: 1, flag: 1, n: -1 } }, { fields: { code: 1 }, unique: true }];

/** Rows whose key column differs from json_extract of its field (value or type). */
function staleRows(db: Database.Database, table: string): Array<{ _id: string; path: string }> {
  const stale: Array<{ _id: string; path: string }> = [];
  for (const [p, column] of readKeyColumns(db, table)) {
    const rows = db
      .prepare(`SELECT _id FROM "${table}" WHERE ${column} IS NOT json_extract(doc,'$.${p}') OR typeof(${column}) IS NOT typeof(json_extract(doc,'$.${p}'))`)
      .pluck()
      .all() as string[];
    for (const id of rows) stale.push({ _id: id, path: p });
  }
  return stale;
}

/** Index entries an UPDATE's program inserts: one IdxInsert per index it rewrites. */
function indexWrites(db: Database.Database, sql: string): number {
  const parameters = sql.split('?').length - 1;
  const program = db.prepare(`EXPLAIN ${sql}`).all(...new Array<null>(parameters).fill(null)) as Array<{ opcode: string }>;
  return program.filter((op) => op.opcode === 'IdxInsert').length;
}

describe('embedded store key columns', () => {
  let dir: string;
  let store: Store;
  let db: Database.Database;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'servicestar-keys-'));
    store = await openEmbeddedStore(dir);
    await store.ensureIndexes('things', INDEXES);
    db = new Database(path.join(dir, DB_FILE), { readonly: true });
  });
  afterEach(async () => {
    db.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every kind of write keeps each key column equal to its field in the document', async () => {
    const things = store.collection('things');
    const steps: Array<[string, () => Promise<unknown>]> = [
      ['insertOne', () => things.insertOne({ _id: 't1', tenant: 'e', b: { c: 'x' }, flag: true, n: 1, code: 'A' })],
      [
        'insertMany',
        () =>
          things.insertMany([
            { _id: 't2', tenant: 'e', b: { c: 2.5 }, code: 'B' },
            { _id: 't3', tenant: 'f', b: { c: false }, code: 'C' },
          ]),
      ],
      ['a $set of a top-level string (json_set)', () => things.updateOne({ _id: 't1' }, { $set: { code: 'A2', other: 'o' } })],
      ['a $set replacing an object holding a key by a string', () => things.updateOne({ _id: 't2' }, { $set: { b: 'now a string' } })],
      ['a nested $set', () => things.updateOne({ _id: 't3' }, { $set: { 'b.c': 'deep' } })],
      ['an $unset', () => things.updateOne({ _id: 't1' }, { $unset: { flag: true } })],
      ['an $inc of an indexed number', () => things.updateOne({ _id: 't1' }, { $inc: { n: 41 } })],
      ['updateMany', () => things.updateMany({ tenant: 'e' }, { $set: { flag: false, n: null } })],
      ['increment creating a document', () => things.increment('t4', { n: 3 }, { setOnInsert: { tenant: 'g', code: 'D' } })],
      ['increment of an existing document', () => things.increment('t4', { n: 4, 'b.c': 1 })],
      ['findOneAndUpdate upserting', () => things.findOneAndUpdate({ code: 'E' }, { $set: { tenant: 'h', 'b.c': 'u' } }, { upsert: true })],
      ['replaceOne', () => things.replaceOne({ _id: 't3' }, { _id: 't3', tenant: 'e', b: { c: 'r' }, flag: true, n: 0, code: 'C' })],
      [
        'writes inside a transaction',
        () =>
          store.withTransaction(async (tx) => {
            await tx.collection('things').updateOne({ _id: 't4' }, { $set: { code: 'D2' } });
            await tx.collection('things').insertOne({ _id: 't5', tenant: 'e', b: { c: 'tx' }, code: 'F' });
          }),
      ],
    ];
    for (const [name, step] of steps) {
      await step();
      expect({ after: name, stale: staleRows(db, 'things') }).toEqual({ after: name, stale: [] });
    }
    // Queries through the columns agree with the documents.
    expect((await things.find({ tenant: 'e' }, { sort: { _id: 1 } })).map((d) => d._id)).toEqual(['t1', 't2', 't3', 't5']);
    expect((await things.find({ 'b.c': 'r' })).map((d) => d._id)).toEqual(['t3']);
    expect((await things.find({ flag: false }, { sort: { _id: 1 } })).map((d) => d._id)).toEqual(['t1', 't2']);
    expect(await things.findOne({ code: 'D2' })).toMatchObject({ _id: 't4', n: 7, b: { c: 1 } });
    await expect(things.insertOne({ _id: 't6', code: 'F' })).rejects.toThrow(/duplicate key/);
  });

  test('rewriting a document writes only the indexes of the fields the write changed', () => {
    const columns = readKeyColumns(db, 'things');
    // A rollup cell incremented, a recipient marked answered: no indexed field changes, no index entry is written.
    expect(indexWrites(db, rewriteSql('"things"', columnsTouched(columns, ['count', 'respondedAt'])))).toBe(0);
    // The unique code alone: its one index.
    expect(indexWrites(db, rewriteSql('"things"', columnsTouched(columns, ['code'])))).toBe(1);
    // b holds the key b.c: the index on (tenant, b.c).
    expect(indexWrites(db, rewriteSql('"things"', columnsTouched(columns, ['b'])))).toBe(1);
    expect(indexWrites(db, rewriteSql('"things"', columnsTouched(columns, 'all')))).toBe(3);
  });
});

describe('embedded stores from before key columns', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'servicestar-keys-old-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('indexes built on json_extract are rebuilt on key columns filled from the stored documents, once', async () => {
    // The layout earlier releases wrote: the document alone, indexes on expressions of it.
    const old = new Database(path.join(dir, DB_FILE));
    old.pragma('journal_mode = WAL');
    old.exec(`CREATE TABLE "things" (_id TEXT PRIMARY KEY, doc TEXT NOT NULL)`);
    old.exec(`CREATE UNIQUE INDEX "things__code" ON "things"(json_extract(doc,'$.code'))`);
    const insert = old.prepare(`INSERT INTO "things" (_id, doc) VALUES (?, ?)`);
    for (let i = 0; i < 50; i++) insert.run(`t${i}`, JSON.stringify({ _id: `t${i}`, code: `C${i}`, tenant: i % 2 ? 'odd' : 'even', b: { c: i } }));
    old.close();

    const store = await openEmbeddedStore(dir);
    await store.ensureIndexes('things', INDEXES);
    const db = new Database(path.join(dir, DB_FILE), { readonly: true });
    const indexSql = () =>
      db
        .prepare(`SELECT name, sql, rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'things' AND sql IS NOT NULL ORDER BY name`)
        .all() as Array<{
        name: string;
        sql: string;
        rootpage: number;
      }>;
    const built = indexSql();
    expect(built.map((i) => i.name)).toEqual(['things__code', 'things__tenant__b_c', 'things__tenant__flag__n_desc']);
    for (const index of built) expect(index.sql).not.toMatch(/json_extract/);
    expect(staleRows(db, 'things')).toEqual([]);
    expect(await store.collection('things').findOne({ code: 'C7' })).toMatchObject({ _id: 't7', b: { c: 7 } });
    expect(await store.collection('things').count({ tenant: 'odd', 'b.c': { $gte: 40 } })).toBe(5);
    await expect(store.collection('things').insertOne({ _id: 'dup', code: 'C7' })).rejects.toThrow(/duplicate key/);
    // The next boot finds every index as it should be and builds none again.
    await store.ensureIndexes('things', INDEXES);
    expect(indexSql()).toEqual(built);
    db.close();
    await store.close();
  });
});

describe('two processes on one embedded store', () => {
  test('a key column another process adds is kept by this process’s later writes, in and out of transactions', async () => {
    const { a, b, close } = await twoEmbeddedHandles('keys-two');
    try {
      await a.ensureIndexes('things', [{ fields: { code: 1 } }]);
      // b knows the table with its one key column before a adds another.
      await b.collection('things').insertOne({ _id: 't1', code: 'A', zone: 'north' });
      await a.ensureIndexes('things', [{ fields: { zone: 1 } }]);
      await b.collection('things').insertOne({ _id: 't2', code: 'B', zone: 'south' });
      await b.collection('things').updateOne({ _id: 't1' }, { $set: { zone: 'west' } });
      await b.withTransaction(async (tx) => {
        await tx.collection('things').insertOne({ _id: 't3', code: 'C', zone: 'east' });
      });
      const things = a.collection('things');
      expect((await things.find({ zone: 'south' })).map((d) => d._id)).toEqual(['t2']);
      expect((await things.find({ zone: 'west' })).map((d) => d._id)).toEqual(['t1']);
      expect((await things.find({ zone: 'east' })).map((d) => d._id)).toEqual(['t3']);
    } finally {
      await close();
    }
  });
});
