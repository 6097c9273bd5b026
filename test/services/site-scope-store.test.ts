/**
 * The scoped store confines a caller limited to some sites: no filter key
 * widens the limit, and no write puts a document at another site.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../server/store';
import { scoped } from '../../server/store/scoped';
import { SITE_FIELD } from '../../server/store/siteScope';
import type { Store } from '../../server/store/types';

let dir: string;
let root: Store;
const E = 'ent-1';
const BJ = 'site-bj';
const SH = 'site-sh';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicestar-sitescope-'));
  root = await openStore({ dataDir: dir });
  const all = scoped(root, E);
  await all.collection('sites').insertMany([
    { _id: BJ, code: 'BJ01' },
    { _id: SH, code: 'SH01' },
  ]);
  await all.collection('responses').insertMany([
    { _id: 'r-bj', siteId: BJ, score: 1 },
    { _id: 'r-sh', siteId: SH, score: 2 },
  ]);
});
afterAll(async () => {
  await root.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const bjOnly = () => scoped(root, E, [BJ]);

describe('reads of a caller limited to BJ01', () => {
  test('an _id filter cannot replace the limit on sites', async () => {
    expect(await bjOnly().collection('sites').findOne({ _id: SH })).toBeNull();
    expect((await bjOnly().collection('sites').findOne({ _id: BJ }))?._id).toBe(BJ);
  });

  test('a siteId filter naming another site, or any condition on it, finds nothing of that site', async () => {
    const responses = bjOnly().collection('responses');
    expect(await responses.find({ siteId: SH })).toEqual([]);
    expect(await responses.find({ siteId: { $in: [SH, BJ] } }, { sort: { _id: 1 } })).toEqual([expect.objectContaining({ _id: 'r-bj' })]);
    expect((await responses.find({ siteId: { $ne: BJ } })).length).toBe(0);
    expect(await responses.count({ siteId: { $exists: true } })).toBe(1);
    expect(await responses.distinct('siteId', {})).toEqual([BJ]);
    expect(await responses.findOne({ _id: 'r-sh' })).toBeNull();
  });

  test('an unlimited caller of the same enterprise sees both sites', async () => {
    expect(await scoped(root, E).collection('responses').count({})).toBe(2);
    expect(await scoped(root, E, []).collection('responses').count({})).toBe(2);
  });

  test('collections without a site are not confined', async () => {
    await scoped(root, E).collection('templates').insertOne({ _id: 't1', name: 'survey' });
    expect(await bjOnly().collection('templates').count({})).toBe(1);
  });

  test('a collection with no site-scope declaration is refused to a limited caller', () => {
    expect(() => bjOnly().collection('somethingNew')).toThrow(/no site-scope declaration/);
  });
});

describe('writes of a caller limited to BJ01', () => {
  test('cannot insert a document at SH01 or without a site', async () => {
    await expect(bjOnly().collection('responses').insertOne({ _id: 'r-new', siteId: SH })).rejects.toThrow(/site not found/);
    await expect(
      bjOnly()
        .collection('responses')
        .insertMany([{ _id: 'r-n1', siteId: BJ }, { _id: 'r-n2' }]),
    ).rejects.toThrow(/site not found/);
    expect(
      await scoped(root, E)
        .collection('responses')
        .count({ _id: { $in: ['r-new', 'r-n1', 'r-n2'] } }),
    ).toBe(0);
  });

  test('cannot move a document to SH01, nor change or delete one there', async () => {
    const responses = bjOnly().collection('responses');
    await expect(responses.updateOne({ _id: 'r-bj' }, { $set: { siteId: SH } })).rejects.toThrow(/site not found/);
    await expect(responses.updateOne({ _id: 'r-bj' }, { $unset: { siteId: true } })).rejects.toThrow(/may not remove siteId/);
    expect((await responses.updateOne({ _id: 'r-sh' }, { $set: { score: 99 } })).matched).toBe(0);
    expect(await responses.updateMany({}, { $inc: { score: 10 } })).toBe(1);
    expect(await responses.deleteMany({ _id: 'r-sh' })).toBe(0);
    const sh = await scoped(root, E).collection('responses').findOne({ _id: 'r-sh' });
    expect(sh).toEqual(expect.objectContaining({ siteId: SH, score: 2 }));
  });

  test('an upsert must name a site inside the limit', async () => {
    const rollups = bjOnly().collection('rollups');
    await expect(rollups.updateOne({ _id: 'k-sh' }, { $setOnInsert: { siteId: SH }, $inc: { n: 1 } }, { upsert: true })).rejects.toThrow(/site not found/);
    await expect(rollups.updateOne({ _id: 'k-none' }, { $inc: { n: 1 } }, { upsert: true })).rejects.toThrow(/must set siteId/);
    await rollups.updateOne({ _id: 'k-bj' }, { $setOnInsert: { siteId: BJ }, $inc: { n: 1 } }, { upsert: true });
    await rollups.updateOne({ _id: 'k-bj' }, { $setOnInsert: { siteId: BJ }, $inc: { n: 1 } }, { upsert: true });
    expect(await scoped(root, E).collection('rollups').find({})).toEqual([expect.objectContaining({ _id: 'k-bj', siteId: BJ, n: 2 })]);
  });

  test('a transaction keeps the limit', async () => {
    await expect(bjOnly().withTransaction((tx) => tx.collection('responses').insertOne({ _id: 'r-tx', siteId: SH }))).rejects.toThrow(/site not found/);
    expect(await bjOnly().withTransaction((tx) => tx.collection('responses').count({}))).toBe(1);
  });
});

test('every collection the server names is declared with or without a site', () => {
  const names = new Set<string>();
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        const text = fs.readFileSync(p, 'utf8');
        for (const m of text.matchAll(/collection(?:<[^>]*>)?\('([A-Za-z_]+)'\)/g)) names.add(m[1]);
        for (const m of text.matchAll(/^\s+\w+: '([A-Za-z]+)',$/gm)) if (/collections = \{/.test(text)) names.add(m[1]);
      }
    }
  };
  walk(path.join(__dirname, '../../server'));
  // socket.io's MongoDB adapter keeps its own capped collection, outside any enterprise.
  names.delete('socketio_events');
  expect(names.size).toBeGreaterThan(20);
  expect([...names].filter((n) => !(n in SITE_FIELD)).sort()).toEqual([]);
});
