/**
 * One suite of behaviours that every Store adapter must show. Each test works
 * in a collection of its own, so tests never see each other's documents.
 */
import { DecodedDocs } from '../../server/store/decodedDocs';
import { scoped } from '../../server/store/scoped';
import { DuplicateKeyError, type Doc, type Store } from '../../server/store/types';
import { eventLoopTurns } from '../helpers/wait';

interface Item extends Doc {
  n?: number;
  s?: string | null;
  flag?: boolean;
  a?: { b?: { c?: number } };
  tags?: string[];
}

const ids = (docs: Doc[]) => docs.map((d) => d._id).sort();

export function describeStoreContract(name: string, open: () => Promise<Store>, cleanup: (store: Store) => Promise<void>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let counter = 0;
    const fresh = <T extends Doc = Item>() => store.collection<T>(`t${++counter}_${Date.now() % 100000}`);

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      if (store) await cleanup(store);
    });

    async function seed() {
      const c = fresh();
      await c.insertMany([
        { _id: 'a', n: 1, s: 'apple', flag: true, a: { b: { c: 1 } } },
        { _id: 'b', n: 2, s: 'banana', flag: false, a: { b: { c: 2 } } },
        { _id: 'c', n: 3, s: null },
        { _id: 'd', n: 10 },
        { _id: 'e', s: '10', flag: true },
      ]);
      return c;
    }

    describe('reading', () => {
      test('returns an inserted document unchanged', async () => {
        const c = fresh();
        const doc = { _id: 'x', n: 1, s: '你好', a: { b: { c: 2 } }, tags: ['p', 'q'], flag: false };
        await c.insertOne(doc);
        expect(await c.findOne({ _id: 'x' })).toEqual(doc);
        expect(await c.findOne({ _id: 'nope' })).toBeNull();
      });

      test('findDecoded gives what find gives, decoding again exactly the documents that changed, frozen', async () => {
        const c = await seed();
        const decoded = new DecodedDocs();
        const byId = (docs: readonly Doc[]) => new Map(docs.map((d) => [d._id, d]));
        const first = byId(await c.findDecoded({ n: { $gte: 1 } }, decoded));
        expect([...first.keys()].sort()).toEqual(ids(await c.find({ n: { $gte: 1 } })));
        for (const doc of await c.find({ n: { $gte: 1 } })) expect(first.get(doc._id)).toEqual(doc);
        expect(Object.isFrozen(first.get('a'))).toBe(true);
        expect(Object.isFrozen((first.get('a') as Item).a!.b)).toBe(true);

        await c.updateOne({ _id: 'b' }, { $inc: { n: 5 } });
        await c.replaceOne({ _id: 'd' }, { _id: 'd', n: 10, s: 'same n, new field' });
        const second = byId(await c.findDecoded({ n: { $gte: 1 } }, decoded));
        expect(second.get('b')).toEqual({ _id: 'b', n: 7, s: 'banana', flag: false, a: { b: { c: 2 } } });
        expect(second.get('d')).toEqual({ _id: 'd', n: 10, s: 'same n, new field' });
        // Unchanged documents are the ones decoded before (shared, hence frozen).
        expect(second.get('a')).toBe(first.get('a'));
        expect(second.get('c')).toBe(first.get('c'));
        expect(second.get('b')).not.toBe(first.get('b'));
        await c.deleteOne({ _id: 'a' });
        expect(ids([...(await c.findDecoded({}, decoded))])).toEqual(['b', 'c', 'd', 'e']);
      });

      test('honours equality and every operator', async () => {
        const c = await seed();
        expect(ids(await c.find({ n: 2 }))).toEqual(['b']);
        expect(ids(await c.find({ n: { $eq: 3 } }))).toEqual(['c']);
        expect(ids(await c.find({ n: { $ne: 1 } }))).toEqual(['b', 'c', 'd', 'e']);
        expect(ids(await c.find({ n: { $in: [1, 10, 99] } }))).toEqual(['a', 'd']);
        expect(ids(await c.find({ n: { $in: [] } }))).toEqual([]);
        expect(ids(await c.find({ n: { $gt: 1, $lte: 3 } }))).toEqual(['b', 'c']);
        expect(ids(await c.find({ n: { $gte: 3 } }))).toEqual(['c', 'd']);
        expect(ids(await c.find({ n: { $lt: 2 } }))).toEqual(['a']);
        expect(ids(await c.find({ s: { $gte: 'b' } }))).toEqual(['b']);
        expect(ids(await c.find({ s: { $lt: 'b' } }))).toEqual(['e', 'a'].sort());
        expect(ids(await c.find({ s: { $exists: true } }))).toEqual(['a', 'b', 'c', 'e']);
        expect(ids(await c.find({ s: { $exists: false } }))).toEqual(['d']);
        expect(ids(await c.find({ n: 1, s: 'apple' }))).toEqual(['a']);
        expect(ids(await c.find({ _id: { $in: ['a', 'e'] } }))).toEqual(['a', 'e']);
      });

      test('compares strings with strings and numbers with numbers only', async () => {
        const c = await seed();
        expect(ids(await c.find({ s: '10' }))).toEqual(['e']);
        expect(ids(await c.find({ n: { $gt: 5 } }))).toEqual(['d']);
        expect(ids(await c.find({ s: { $lt: 'z' } }))).toEqual(['a', 'b', 'e']);
        expect(ids(await c.find({ n: { $lt: '9' } }))).toEqual([]);
      });

      test('reads nested paths', async () => {
        const c = await seed();
        expect(ids(await c.find({ 'a.b.c': 2 }))).toEqual(['b']);
        expect(ids(await c.find({ 'a.b.c': { $gte: 1 } }))).toEqual(['a', 'b']);
        expect(ids(await c.find({ 'a.b': { $exists: true } }))).toEqual(['a', 'b']);
      });

      test('matches booleans as booleans, not as 1 and 0', async () => {
        const c = await seed();
        await c.insertOne({ _id: 'one', flag: 1 as unknown as boolean, n: 1 });
        expect(ids(await c.find({ flag: true }))).toEqual(['a', 'e']);
        expect(ids(await c.find({ flag: false }))).toEqual(['b']);
        expect(ids(await c.find({ flag: { $ne: true } }))).toEqual(['b', 'c', 'd', 'one']);
        expect(ids(await c.find({ flag: { $in: [false, null] } }))).toEqual(['b', 'c', 'd']);
      });

      test('treats null equality as missing or null', async () => {
        const c = await seed();
        expect(ids(await c.find({ s: null }))).toEqual(['c', 'd']);
        expect(ids(await c.find({ s: { $ne: null } }))).toEqual(['a', 'b', 'e']);
        expect(ids(await c.find({ s: { $in: [null, 'apple'] } }))).toEqual(['a', 'c', 'd']);
        expect(ids(await c.find({ 'a.b.c': null }))).toEqual(['c', 'd', 'e']);
      });

      test('sorts, limits and skips', async () => {
        const c = await seed();
        const byN = (await c.find({ n: { $exists: true } }, { sort: { n: -1 } })).map((d) => d._id);
        expect(byN).toEqual(['d', 'c', 'b', 'a']);
        const page = (await c.find({ n: { $exists: true } }, { sort: { n: 1 }, skip: 1, limit: 2 })).map((d) => d._id);
        expect(page).toEqual(['b', 'c']);
        expect((await c.findOne({ flag: true }, { sort: { s: -1 } }))?._id).toBe('a');
        const multi = (await c.find({}, { sort: { flag: 1, _id: -1 } })).map((d) => d._id);
        expect(multi.slice(0, 2)).toEqual(['d', 'c']); // missing flag sorts first, as null does
      });

      test('iterates 2,500 documents in small batches, each once', async () => {
        const c = fresh();
        const docs = Array.from({ length: 2500 }, (_, i) => ({ _id: `d${String(i).padStart(5, '0')}`, n: i % 7 }));
        for (let i = 0; i < docs.length; i += 1000) await c.insertMany(docs.slice(i, i + 1000));
        const seen: string[] = [];
        for await (const d of c.iterate({}, { batchSize: 97 })) seen.push(d._id);
        expect(seen.length).toBe(2500);
        expect(new Set(seen).size).toBe(2500);
        const high: number[] = [];
        for await (const d of c.iterate({ n: { $gte: 5 } }, { batchSize: 50, sort: { n: -1, _id: 1 }, skip: 10, limit: 300 })) high.push(d.n!);
        expect(high.length).toBe(300);
        expect(high.every((n, i) => i === 0 || n <= high[i - 1]!)).toBe(true);
        let filtered = 0;
        for await (const d of c.iterate({ n: 3 }, { batchSize: 33 })) filtered += d.n === 3 ? 1 : 100;
        expect(filtered).toBe(docs.filter((d) => d.n === 3).length);
      });

      test('returns only the projected fields, leaving absent ones absent and nulls null', async () => {
        const c = await seed();
        const sorted = { sort: { _id: 1 as const } };
        expect(await c.find({ n: { $lte: 3 } }, { ...sorted, fields: ['s', 'a'] })).toEqual([
          { s: 'apple', a: { b: { c: 1 } } },
          { s: 'banana', a: { b: { c: 2 } } },
          { s: null },
        ]);
        expect(await c.findOne({ _id: 'd' }, { fields: ['_id', 'n', 'flag'] })).toEqual({ _id: 'd', n: 10 });
        const streamed: Doc[] = [];
        for await (const d of c.iterate({ flag: true }, { batchSize: 1, fields: ['_id', 'flag'] })) streamed.push(d);
        expect(streamed.sort((x, y) => x._id.localeCompare(y._id))).toEqual([
          { _id: 'a', flag: true },
          { _id: 'e', flag: true },
        ]);
      });

      test('an index that includes fields answers the same as one without', async () => {
        const c = await seed();
        await store.ensureIndexes(c.name, [{ fields: { flag: 1, n: 1 }, include: ['s', 'a'], name: 'covering' }]);
        expect(await c.find({ flag: true, n: { $gte: 0 } }, { fields: ['s', 'a'] })).toEqual([{ s: 'apple', a: { b: { c: 1 } } }]);
        expect(await c.find({ flag: false }, {})).toEqual([{ _id: 'b', n: 2, s: 'banana', flag: false, a: { b: { c: 2 } } }]);
      });

      test('counts and lists distinct values', async () => {
        const c = await seed();
        expect(await c.count({})).toBe(5);
        expect(await c.count({ flag: true })).toBe(2);
        expect((await c.distinct('flag', {})).sort()).toEqual([false, true]);
        expect((await c.distinct('n', { n: { $lt: 5 } })).sort()).toEqual([1, 2, 3]);
        expect((await c.distinct('a.b.c', {})).sort()).toEqual([1, 2]);
      });
    });

    describe('writing', () => {
      test('updateOne applies $set (creating nested objects), $inc, $unset and ignores $setOnInsert', async () => {
        const c = await seed();
        const r = await c.updateOne(
          { _id: 'c' },
          { $set: { 'x.y': 'z', s: 'set' }, $inc: { n: 2, 'm.k': 5 }, $unset: { flag: true }, $setOnInsert: { ins: 1 } },
        );
        expect(r).toEqual({ matched: 1, upserted: false });
        expect(await c.findOne({ _id: 'c' })).toEqual({ _id: 'c', n: 5, s: 'set', x: { y: 'z' }, m: { k: 5 } });
        await c.updateOne({ _id: 'a' }, { $unset: { 'a.b.c': true, 'no.such': true } });
        expect((await c.findOne({ _id: 'a' }))?.a).toEqual({ b: {} });
        expect(await c.updateOne({ _id: 'zz' }, { $set: { n: 1 } })).toEqual({ matched: 0, upserted: false });
      });

      test('updateOne setting top-level strings keeps every other field, stores each string as written and keeps indexes on it current', async () => {
        type Marked = Doc & { state?: string; at?: string; n?: number; a?: unknown; note?: string; kind?: string };
        const c = fresh<Marked>();
        await store.ensureIndexes(c.name, [{ fields: { state: 1 } }, { fields: { kind: 1, at: 1 } }]);
        await c.insertMany([
          { _id: 'm1', state: 'open', kind: 'k', n: 7, a: { b: [1, { c: 'é' }] }, note: 'x' },
          { _id: 'm2', state: 'open', kind: 'k', n: 8 },
        ]);
        const written = { state: 'answered', at: '2026-12-07T01:00:00.000Z', note: '{"not":"json"} 中文 "quoted" \\ \n line\u0001' };
        // Guarded as a survey link marks its recipient: only while `at` is still missing.
        expect(await c.updateOne({ _id: 'm1', at: { $exists: false } }, { $set: written })).toEqual({ matched: 1, upserted: false });
        expect(await c.updateOne({ _id: 'm1', at: { $exists: false } }, { $set: { state: 'twice' } })).toEqual({ matched: 0, upserted: false });
        expect(await c.findOne({ _id: 'm1' })).toEqual({ _id: 'm1', kind: 'k', n: 7, a: { b: [1, { c: 'é' }] }, ...written });
        expect(await c.findOne({ _id: 'm2' })).toEqual({ _id: 'm2', state: 'open', kind: 'k', n: 8 });
        expect(ids(await c.find({ state: 'answered' }))).toEqual(['m1']);
        expect(ids(await c.find({ state: 'open' }))).toEqual(['m2']);
        expect(ids(await c.find({ kind: 'k', at: { $gte: '2026-12-07' } }))).toEqual(['m1']);
        expect(ids(await c.find({ note: written.note }))).toEqual(['m1']);
      });

      test('upserts from the filter equalities, $setOnInsert, $set and $inc', async () => {
        const c = fresh<Doc & { key?: string; day?: string; count?: number; created?: string; meta?: { src: string } }>();
        const r = await c.updateOne(
          { key: 'k1', 'meta.src': 'web', count: { $gte: 0 } },
          { $setOnInsert: { created: 'now' }, $set: { day: 'mon' }, $inc: { count: 1 } },
          { upsert: true },
        );
        expect(r).toEqual({ matched: 0, upserted: true });
        const doc = await c.findOne({ key: 'k1' });
        expect(doc).toMatchObject({ key: 'k1', meta: { src: 'web' }, created: 'now', day: 'mon', count: 1 });
        expect(typeof doc!._id).toBe('string');
        await c.updateOne({ _id: 'given' }, { $set: { day: 'tue' } }, { upsert: true });
        expect(await c.findOne({ _id: 'given' })).toEqual({ _id: 'given', day: 'tue' });
      });

      test('increment adds deltas to nested numbers, counting missing fields as 0, and creates the document once', async () => {
        const c = fresh<Doc & { kind?: string; hits?: number; ind?: Record<string, Record<string, number>> }>();
        await c.increment('cell', { hits: 1, 'ind.q1.n': 1, 'ind.q1.sum': 4.5 }, { setOnInsert: { kind: 'msr' } });
        expect(await c.findOne({ _id: 'cell' })).toEqual({ _id: 'cell', kind: 'msr', hits: 1, ind: { q1: { n: 1, sum: 4.5 } } });
        // Fields the document lacks start at 0; $setOnInsert leaves an existing document alone.
        await c.increment('cell', { hits: 2, 'ind.q1.sum': -0.5, 'ind.q2.n': 3 }, { setOnInsert: { kind: 'other' } });
        expect(await c.findOne({ _id: 'cell' })).toEqual({ _id: 'cell', kind: 'msr', hits: 3, ind: { q1: { n: 1, sum: 4 }, q2: { n: 3 } } });
        // Reads see numbers as numbers: filters and sums work on what increments wrote.
        expect(ids(await c.find({ hits: 3, 'ind.q1.sum': { $gte: 4 } }))).toEqual(['cell']);
        expect(await c.count({})).toBe(1);
        await c.increment('cell', { 'ind.q1.sum': 0.1 });
        await c.increment('cell', { 'ind.q1.sum': 0.2 });
        expect((await c.findOne({ _id: 'cell' }))!.ind!.q1!.sum).toBe(4 + 0.1 + 0.2);
      });

      test('increment refuses a field that is not a number and a document of another tenant, changing nothing', async () => {
        const c = fresh<Doc & { s?: string; n?: number; enterpriseId?: string; a?: number }>();
        await c.insertOne({ _id: 'x', s: 'text', n: 1, a: 5 });
        await expect(c.increment('x', { n: 1, s: 1 })).rejects.toThrow(/\$inc/);
        await expect(c.increment('x', { 'a.b': 1 })).rejects.toThrow();
        expect(await c.findOne({ _id: 'x' })).toEqual({ _id: 'x', s: 'text', n: 1, a: 5 });
        await expect(c.increment('y', { n: Number.NaN })).rejects.toThrow();
        await expect(c.increment('y', { n: 1 }, { setOnInsert: { n: 0 } })).rejects.toThrow();
        expect(await c.count({ _id: 'y' })).toBe(0);
        const a = scoped(store, 'entA').collection<Doc & { n?: number }>(c.name);
        const b = scoped(store, 'entB').collection<Doc & { n?: number }>(c.name);
        await a.increment('shared', { n: 1 });
        await expect(b.increment('shared', { n: 100 })).rejects.toBeInstanceOf(DuplicateKeyError);
        await a.increment('shared', { n: 1 });
        expect(await c.findOne({ _id: 'shared' })).toEqual({ _id: 'shared', enterpriseId: 'entA', n: 2 });
      });

      test('incrementEach adds the same deltas to several documents, creating the absent ones with their own fields', async () => {
        const c = fresh<Doc & { grain?: string; hits?: number; ind?: Record<string, Record<string, number>> }>();
        await c.increment('month', { hits: 5 }, { setOnInsert: { grain: 'month' } });
        await c.incrementEach(
          [
            { id: 'day', setOnInsert: { grain: 'day' } },
            { id: 'month', setOnInsert: { grain: 'other' } },
          ],
          { hits: 1, 'ind.q1.sum': 2.5 },
        );
        expect(await c.find({}, { sort: { _id: 1 } })).toEqual([
          { _id: 'day', grain: 'day', hits: 1, ind: { q1: { sum: 2.5 } } },
          { _id: 'month', grain: 'month', hits: 6, ind: { q1: { sum: 2.5 } } },
        ]);
        await store.withTransaction(async (tx) => {
          await tx.collection(c.name).incrementEach([{ id: 'day' }, { id: 'quarter', setOnInsert: { grain: 'quarter' } }], { hits: 2 });
        });
        expect(ids(await c.find({ hits: { $gte: 2 } }, { sort: { _id: 1 } }))).toEqual(['day', 'month', 'quarter']);
        expect(await c.findOne({ _id: 'quarter' })).toEqual({ _id: 'quarter', grain: 'quarter', hits: 2 });
      });

      test('incrementEach refuses the whole batch when one target is refused, changing nothing', async () => {
        const c = fresh<Doc & { n?: number; s?: string; enterpriseId?: string }>();
        await c.insertOne({ _id: 'text', s: 'x', n: 1 });
        await c.increment('counted', { n: 1 });
        // A field that holds no number, on the second target.
        await expect(c.incrementEach([{ id: 'counted' }, { id: 'text' }], { n: 1, s: 1 })).rejects.toThrow(/\$inc/);
        // The same document twice.
        await expect(c.incrementEach([{ id: 'counted' }, { id: 'counted' }], { n: 1 })).rejects.toThrow(/twice/);
        expect(await c.find({}, { sort: { _id: 1 } })).toEqual([
          { _id: 'counted', n: 1 },
          { _id: 'text', s: 'x', n: 1 },
        ]);
        // Another tenant's document among the targets: none changes, none is created.
        const a = scoped(store, 'entA').collection<Doc & { n?: number }>(c.name);
        const b = scoped(store, 'entB').collection<Doc & { n?: number }>(c.name);
        await a.increment('shared', { n: 1 });
        await expect(b.incrementEach([{ id: 'mine' }, { id: 'shared' }], { n: 100 })).rejects.toBeInstanceOf(DuplicateKeyError);
        expect(await c.count({ _id: 'mine' })).toBe(0);
        expect(await c.findOne({ _id: 'shared' })).toEqual({ _id: 'shared', enterpriseId: 'entA', n: 1 });
      });

      test('increment refuses paths that overlap (one inside another, or under a $setOnInsert field), storing nothing', async () => {
        const c = fresh<Doc & { n?: number; m?: Record<string, number> }>();
        await c.increment('old', { n: 1, 'm.k': 1 });
        await expect(c.increment('old', { n: 1, 'm.k': 1, m: 1 })).rejects.toThrow();
        await expect(c.increment('old', { 'n.deeper': 1, n: 1 })).rejects.toThrow();
        expect(await c.findOne({ _id: 'old' })).toEqual({ _id: 'old', n: 1, m: { k: 1 } });
        await expect(c.increment('new', { m: 1, 'm.k': 1 })).rejects.toThrow();
        await expect(c.increment('new', { 'm.k': 1 }, { setOnInsert: { m: { k: 0 } } })).rejects.toThrow();
        await expect(c.increment('new', { m: 1 }, { setOnInsert: { 'm.k': 0 } })).rejects.toThrow();
        expect(await c.count({ _id: 'new' })).toBe(0);
      });

      test('a site-limited caller increments only documents of its own sites', async () => {
        // campaignCounters holds a site's data (server/store/siteScope.ts), so a site limit confines it.
        const limited = scoped(store, 'entS', ['s1']).collection<Doc & { n?: number }>('campaignCounters');
        await limited.increment('k1', { n: 1 }, { setOnInsert: { siteId: 's1' } });
        await expect(limited.increment('k2', { n: 1 }, { setOnInsert: { siteId: 's2' } })).rejects.toThrow();
        await expect(limited.increment('k3', { n: 1 })).rejects.toThrow();
        await scoped(store, 'entS')
          .collection('campaignCounters')
          .increment('k4', { n: 1 }, { setOnInsert: { siteId: 's2' } });
        await expect(limited.increment('k4', { n: 5 }, { setOnInsert: { siteId: 's1' } })).rejects.toBeInstanceOf(DuplicateKeyError);
        const all = store.collection<Doc & { n?: number; siteId?: string }>('campaignCounters');
        expect(await all.find({ enterpriseId: 'entS' }, { sort: { _id: 1 } })).toEqual([
          { _id: 'k1', enterpriseId: 'entS', siteId: 's1', n: 1 },
          { _id: 'k4', enterpriseId: 'entS', siteId: 's2', n: 1 },
        ]);
      });

      test('concurrent increments of one document all count', async () => {
        const c = fresh<Doc & { n?: number; m?: { k?: number } }>();
        await Promise.all(Array.from({ length: 40 }, (_, i) => c.increment('hot', { n: 1, 'm.k': i })));
        expect(await c.findOne({ _id: 'hot' })).toEqual({ _id: 'hot', n: 40, m: { k: (39 * 40) / 2 } });
      });

      test('updateMany changes every match and returns how many matched', async () => {
        const c = fresh();
        await c.insertMany(Array.from({ length: 2300 }, (_, i) => ({ _id: `u${i}`, n: i % 2 })));
        expect(await c.updateMany({ n: 1 }, { $set: { s: 'odd' }, $inc: { n: 10 } })).toBe(1150);
        expect(await c.count({ n: 11, s: 'odd' })).toBe(1150);
        expect(await c.updateMany({ n: 99 }, { $set: { s: 'x' } })).toBe(0);
      });

      test('findOneAndUpdate returns the document before or after, taking the first in sort order', async () => {
        const c = await seed();
        const after = await c.findOneAndUpdate({ n: { $exists: true } }, { $inc: { n: 100 } }, { sort: { n: -1 } });
        expect(after).toMatchObject({ _id: 'd', n: 110 });
        const before = await c.findOneAndUpdate({ n: { $lt: 50 } }, { $set: { s: 'first' } }, { sort: { n: 1 }, returnDocument: 'before' });
        expect(before).toMatchObject({ _id: 'a', s: 'apple' });
        expect((await c.findOne({ _id: 'a' }))?.s).toBe('first');
        expect(await c.findOneAndUpdate({ n: 12345 }, { $set: { s: 'x' } })).toBeNull();
        const created = await c.findOneAndUpdate({ _id: 'new' }, { $inc: { n: 1 } }, { upsert: true });
        expect(created).toEqual({ _id: 'new', n: 1 });
      });

      test('replaceOne swaps the whole document and reports a miss', async () => {
        const c = await seed();
        expect(await c.replaceOne({ _id: 'a' }, { _id: 'a', s: 'only' })).toBe(true);
        expect(await c.findOne({ _id: 'a' })).toEqual({ _id: 'a', s: 'only' });
        expect(await c.replaceOne({ _id: 'zz' }, { _id: 'zz', s: 'x' })).toBe(false);
        expect(await c.count({ _id: 'zz' })).toBe(0);
      });

      test('deletes one or many', async () => {
        const c = await seed();
        expect(await c.deleteOne({ flag: true })).toBe(1);
        expect(await c.count({ flag: true })).toBe(1);
        expect(await c.deleteMany({ n: { $gte: 2 } })).toBe(3);
        expect(await c.deleteMany({ n: { $gte: 2 } })).toBe(0);
        expect(await c.count({})).toBe(1);
      });

      test('refuses duplicate keys, and insertMany stores nothing of a failing batch', async () => {
        const c = fresh<Doc & { email?: string; n?: number }>();
        await store.ensureIndexes(c.name, [{ fields: { email: 1 }, unique: true }, { fields: { n: -1 } }]);
        await store.ensureIndexes(c.name, [{ fields: { email: 1 }, unique: true }]);
        await c.insertOne({ _id: 'u1', email: 'a@x' });
        await expect(c.insertOne({ _id: 'u2', email: 'a@x' })).rejects.toBeInstanceOf(DuplicateKeyError);
        await expect(c.insertOne({ _id: 'u1', email: 'other@x' })).rejects.toBeInstanceOf(DuplicateKeyError);
        await expect(
          c.insertMany([
            { _id: 'm1', email: 'm1@x' },
            { _id: 'm2', email: 'm2@x' },
            { _id: 'm3', email: 'a@x' },
          ]),
        ).rejects.toBeInstanceOf(DuplicateKeyError);
        expect(await c.count({})).toBe(1);
        await c.insertOne({ _id: 'u3', email: 'b@x' });
        await expect(c.updateOne({ _id: 'u3' }, { $set: { email: 'a@x' } })).rejects.toBeInstanceOf(DuplicateKeyError);
        expect(await c.insertMany([{ _id: 'm4', email: 'm4@x' }])).toBe(1);
      });

      test('dropIndexes drops what ensureIndexes made (a unique key stops holding); a missing index is no error', async () => {
        const c = fresh<Doc & { email?: string; n?: number }>();
        const unique = { fields: { email: 1 as const, n: 1 as const }, unique: true };
        await store.ensureIndexes(c.name, [unique]);
        await c.insertOne({ _id: 'd1', email: 'a@x', n: 1 });
        await expect(c.insertOne({ _id: 'd2', email: 'a@x', n: 1 })).rejects.toBeInstanceOf(DuplicateKeyError);
        await store.dropIndexes(c.name, [unique]);
        await c.insertOne({ _id: 'd2', email: 'a@x', n: 1 });
        expect(await c.count({ email: 'a@x' })).toBe(2);
        await store.dropIndexes(c.name, [unique, { fields: { nothing: 1 } }]);
        await store.dropIndexes(`${c.name}_never_created`, [unique]);
      });
    });

    describe('transactions', () => {
      test('commits all writes together', async () => {
        const c = fresh();
        const out = await store.withTransaction(async (tx) => {
          await tx.collection<Item>(c.name).insertOne({ _id: 't1', n: 1 });
          await tx.collection<Item>(c.name).updateOne({ _id: 't1' }, { $inc: { n: 1 } });
          return tx.withTransaction(async (inner) => inner.collection(c.name).count({}));
        });
        expect(out).toBe(1);
        expect(await c.findOne({ _id: 't1' })).toEqual({ _id: 't1', n: 2 });
      });

      test('rolls back every write when fn throws, and rethrows', async () => {
        const c = await seed();
        const boom = new Error('boom');
        await expect(
          store.withTransaction(async (tx) => {
            await tx.collection<Item>(c.name).insertOne({ _id: 't2' });
            await tx.collection<Item>(c.name).deleteMany({});
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect(await c.count({})).toBe(5);
        expect(await c.findOne({ _id: 't2' })).toBeNull();
      });

      test('a collection first used in a rolled-back transaction works afterwards', async () => {
        const name = `late${++counter}`;
        await expect(
          store.withTransaction(async (tx) => {
            await tx.collection(name).insertOne({ _id: 'gone' });
            throw new Error('abort');
          }),
        ).rejects.toThrow('abort');
        await store.collection(name).insertOne({ _id: 'kept' });
        expect(ids(await store.collection(name).find({}))).toEqual(['kept']);
      });

      test('a collection first used by a transaction that rolls back works for the next transaction committed with it', async () => {
        const name = `late${++counter}`;
        // Begun together, so the embedded store runs them in one group commit.
        const [first, second] = await Promise.allSettled([
          store.withTransaction(async (tx) => {
            await tx.collection(name).insertOne({ _id: 'gone' });
            throw new Error('abort');
          }),
          store.withTransaction(async (tx) => {
            await tx.collection(name).insertOne({ _id: 'kept' });
            return tx.collection(name).count({});
          }),
        ]);
        expect(first.status).toBe('rejected');
        expect(second).toEqual({ status: 'fulfilled', value: 1 });
        expect(ids(await store.collection(name).find({}))).toEqual(['kept']);
        await store.collection(name).insertOne({ _id: 'later' });
        expect(await store.collection(name).count({})).toBe(2);
      });

      test('a write made outside during an open transaction is not rolled back with it', async () => {
        const c = fresh();
        let outside: Promise<unknown> = Promise.resolve();
        await expect(
          store.withTransaction(async (tx) => {
            await tx.collection<Item>(c.name).insertOne({ _id: 'inside' });
            outside = c.insertOne({ _id: 'outside' });
            await eventLoopTurns();
            throw new Error('abort');
          }),
        ).rejects.toThrow('abort');
        await outside;
        expect(ids(await c.find({}))).toEqual(['outside']);
      });
    });

    describe('readSnapshot', () => {
      test('sees what was committed when it began, not what writers commit meanwhile, and does not hold them up', async () => {
        const c = await seed();
        const seen = await store.readSnapshot(async (snapshot) => {
          const before = await snapshot.collection<Item>(c.name).count({});
          // Writers go on while the snapshot is open: a write outside and a transaction both commit.
          await c.insertOne({ _id: 'later', n: 99 });
          await store.withTransaction(async (tx) => tx.collection<Item>(c.name).updateOne({ _id: 'a' }, { $set: { n: 100 } }));
          const view = snapshot.collection<Item>(c.name);
          return { before, after: await view.count({}), a: (await view.findOne({ _id: 'a' }))?.n, later: await view.findOne({ _id: 'later' }) };
        });
        expect(seen).toEqual({ before: 5, after: 5, a: 1, later: null });
        expect((await c.findOne({ _id: 'a' }))?.n).toBe(100);
        expect(await c.count({})).toBe(6);
      });

      test('a collection that did not exist then reads as empty, and the view refuses writes', async () => {
        const name = `snap${++counter}`;
        await store.readSnapshot(async (snapshot) => {
          await store.collection(name).insertOne({ _id: 'new' });
          expect(await snapshot.collection(name).find({})).toEqual([]);
          await expect(snapshot.collection(name).insertOne({ _id: 'x' })).rejects.toThrow();
        });
        expect(ids(await store.collection(name).find({}))).toEqual(['new']);
      });
    });

    describe('afterCommit', () => {
      test('runs at once outside a transaction, after the commit inside one, never after a rollback', async () => {
        const c = fresh();
        const heard: string[] = [];
        store.afterCommit(() => heard.push('outside'));
        expect(heard).toEqual(['outside']);
        await store.withTransaction(async (tx) => {
          await tx.collection<Item>(c.name).insertOne({ _id: 'a1' });
          // A listener told now reads what was committed, so the hook waits for the commit.
          tx.afterCommit(() => heard.push(`committed, stored ${String(heard.length)}`));
          await tx.withTransaction(async (inner) => inner.afterCommit(() => heard.push('nested')));
          expect(heard).toEqual(['outside']);
        });
        expect(heard).toEqual(['outside', 'committed, stored 1', 'nested']);
        await expect(
          store.withTransaction(async (tx) => {
            tx.afterCommit(() => heard.push('rolled back'));
            throw new Error('abort');
          }),
        ).rejects.toThrow('abort');
        expect(heard).toHaveLength(3);
        expect(await c.findOne({ _id: 'a1' })).toEqual({ _id: 'a1' });
      });

      test('a throwing hook neither fails the committed write nor silences later hooks', async () => {
        const c = fresh();
        const heard: string[] = [];
        const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
        try {
          await store.withTransaction(async (tx) => {
            await tx.collection<Item>(c.name).insertOne({ _id: 'b1' });
            tx.afterCommit(() => {
              throw new Error('listener broke');
            });
            tx.afterCommit(() => heard.push('second'));
          });
          expect(heard).toEqual(['second']);
          expect(warn).toHaveBeenCalledWith(expect.stringContaining('listener broke'));
          expect(await c.count({})).toBe(1);
        } finally {
          warn.mockRestore();
        }
      });
    });

    describe('concurrency', () => {
      test('50 parallel claims over 20 documents give 20 distinct winners and 30 nulls', async () => {
        const c = fresh<Doc & { claimedBy: string | null; rank: number }>();
        await c.insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: `job${i}`, claimedBy: null, rank: i })));
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, w) => c.findOneAndUpdate({ claimedBy: null }, { $set: { claimedBy: `w${w}` } }, { sort: { rank: 1 } })),
        );
        const winners = results.filter((r) => r !== null);
        expect(winners.length).toBe(20);
        expect(new Set(winners.map((r) => r!._id)).size).toBe(20);
        expect(new Set(winners.map((r) => r!.claimedBy)).size).toBe(20);
        expect(results.filter((r) => r === null).length).toBe(30);
      });

      test('200 parallel $inc on one upserted counter add up exactly', async () => {
        const c = fresh<Doc & { key: string; value?: number }>();
        await store.ensureIndexes(c.name, [{ fields: { key: 1 }, unique: true }]);
        const incOnce = async (): Promise<void> => {
          try {
            await c.updateOne({ key: 'hits' }, { $inc: { value: 1 } }, { upsert: true });
          } catch (err) {
            // Two first upserts can race in MongoDB; the loser retries and finds the winner's doc.
            if (!(err instanceof DuplicateKeyError)) throw err;
            await c.updateOne({ key: 'hits' }, { $inc: { value: 1 } }, { upsert: true });
          }
        };
        await Promise.all(Array.from({ length: 200 }, incOnce));
        expect(await c.count({ key: 'hits' })).toBe(1);
        expect((await c.findOne({ key: 'hits' }))?.value).toBe(200);
      });
    });

    describe('injection and tenancy', () => {
      test('a string that looks like an operator is a literal', async () => {
        const c = await seed();
        expect(await c.find({ s: '{"$gt":""}' })).toEqual([]);
        expect(await c.find({ _id: '{"$ne":null}' })).toEqual([]);
        // json_extract gives an object's JSON text: a string equal to that text must still not match it.
        await c.insertOne({ _id: 'obj', s: { k: 1 } as unknown as string });
        expect(ids(await c.find({ s: '{"k":1}' }))).toEqual([]);
        expect(ids(await c.find({ s: { $in: ['{"k":1}'] } }))).toEqual([]);
        await c.insertOne({ _id: 'lit', s: '{"$gt":""}' });
        expect(ids(await c.find({ s: '{"$gt":""}' }))).toEqual(['lit']);
      });

      test('refuses object values, unknown operators and operator-like paths', async () => {
        const c = await seed();
        const bad: unknown[] = [
          { s: { $where: 'true' } },
          { s: { $regex: '.*' } },
          { s: { $ne: { $exists: true } } },
          { s: { $in: [{ $gt: '' }] } },
          { s: ['apple'] },
          { s: {} },
          { s: { nested: 'x' } },
          { s: undefined },
          { $where: 'true' },
          { 's.$gt': '' },
          { "s') OR 1=1 --": 'x' },
        ];
        for (const filter of bad) {
          await expect(c.find(filter as never)).rejects.toThrow();
          await expect(c.deleteMany(filter as never)).rejects.toThrow();
        }
        await expect(c.insertOne({ _id: 'bad', meta: { $set: 1 } } as never)).rejects.toThrow();
        await expect(c.updateOne({ _id: 'a' }, { $set: { x: { $inc: 1 } } })).rejects.toThrow();
        await expect(c.updateOne({ _id: 'a' }, { $set: { '__proto__.polluted': 1 } })).rejects.toThrow();
        await expect(c.updateOne({ _id: 'a' }, { $rename: { s: 't' } } as never)).rejects.toThrow();
        expect(await c.count({})).toBe(5);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      });

      test('refuses updates whose paths collide, and changes nothing; neighbouring names are no collision', async () => {
        const c = await seed();
        const before = await c.findOne({ _id: 'a' });
        const colliding = [
          { $set: { n: 1 }, $inc: { n: 1 } },
          { $set: { meta: {} }, $inc: { 'meta.k': 1 } },
          { $inc: { 'meta.k.deep': 1 }, $unset: { 'meta.k': true } },
          { $set: { 'p.q.r': 1 }, $setOnInsert: { p: 2 } },
        ];
        for (const update of colliding) {
          await expect(c.updateOne({ _id: 'a' }, update as never)).rejects.toThrow();
          await expect(c.updateOne({ _id: 'new' }, update as never, { upsert: true })).rejects.toThrow();
        }
        expect(await c.findOne({ _id: 'a' })).toEqual(before);
        expect(await c.count({})).toBe(5);
        // "ab" is not inside "a", nor "x.bc" inside "x.b".
        await c.updateOne({ _id: 'a' }, { $set: { ab: 1, 'x.bc': 2 }, $inc: { a2: 1, 'x.b': 3 } });
        expect(await c.findOne({ _id: 'a' })).toEqual({ ...before, ab: 1, a2: 1, x: { bc: 2, b: 3 } });
      });

      test('a scoped store never reads or changes another enterprise’s documents', async () => {
        const name = fresh().name;
        const a = scoped(store, 'entA').collection<Doc & { enterpriseId?: string; v: number }>(name);
        const b = scoped(store, 'entB').collection<Doc & { enterpriseId?: string; v: number }>(name);
        await a.insertMany([
          { _id: 'a1', v: 1 },
          { _id: 'a2', v: 2 },
        ]);
        await b.insertOne({ _id: 'b1', v: 1 });
        expect(ids(await a.find({}))).toEqual(['a1', 'a2']);
        expect(await a.findOne({ _id: 'b1' })).toBeNull();
        expect(await a.findOne({ _id: 'b1', enterpriseId: 'entB' })).toBeNull();
        expect(await a.count({ v: 1 })).toBe(1);
        expect(await a.distinct('enterpriseId', {})).toEqual(['entA']);
        const seen: string[] = [];
        for await (const d of a.iterate({}, { batchSize: 1 })) seen.push(d._id);
        expect(seen.sort()).toEqual(['a1', 'a2']);
        expect(await a.updateMany({ v: 1 }, { $inc: { v: 10 } })).toBe(1);
        expect(await a.updateOne({ _id: 'b1' }, { $set: { v: 99 } })).toEqual({ matched: 0, upserted: false });
        expect(await a.findOneAndUpdate({ _id: 'b1' }, { $set: { v: 99 } })).toBeNull();
        expect(await a.replaceOne({ _id: 'b1' }, { _id: 'b1', v: 99 })).toBe(false);
        expect(await a.deleteOne({ _id: 'b1' })).toBe(0);
        expect(await a.deleteMany({ v: 1 })).toBe(0);
        // The scoped wrapper may throw before returning a promise; either way the write is refused.
        await expect((async () => a.insertOne({ _id: 'x', enterpriseId: 'entB', v: 0 }))()).rejects.toThrow();
        await expect((async () => a.updateOne({ _id: 'a1' }, { $set: { enterpriseId: 'entB' } }))()).rejects.toThrow();
        expect(await b.findOne({ _id: 'b1' })).toEqual({ _id: 'b1', enterpriseId: 'entB', v: 1 });
        expect(await store.collection(name).count({ enterpriseId: 'entB' })).toBe(1);
      });
    });
  });
}
