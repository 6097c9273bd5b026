import fc from 'fast-check';
import { importCases } from '../../server/services/calls/cases';
import { checkDraw } from '../../server/services/calls/draw';
import { createList, planQuota, quotaFor } from '../../server/services/calls/lists';
import { drawSample } from '../../server/services/calls/sampling';
import { mulberry32 } from '../../server/services/random';
import { caseRows, listWithCases } from '../helpers/calls';
import { publishDefaultTemplate } from '../helpers/templates';
import { buildTenant, buildWorld, type Tenant, type World } from '../helpers/world';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world.close());

describe('the draw', () => {
  test('mulberry32 matches the reference implementation (bryc, public domain) over 32-bit wrap-around', () => {
    // Verbatim from the published reference; its state grows past 2^32 and wraps in ToInt32.
    function reference(a: number) {
      return function () {
        let t = (a += 0x6d2b79f5);
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    }
    for (const seed of [0, 1, 12345, 2 ** 31, 4294967295]) {
      const ours = mulberry32(seed);
      const theirs = reference(seed);
      for (let i = 0; i < 1000; i++) expect(ours()).toBe(theirs());
    }
  });

  test('the same population and seed give the same sample whatever the input order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 200 }), fc.nat(300), fc.nat(), (ids, n, seed) => {
        const a = drawSample(ids, n, seed);
        const b = drawSample([...ids].reverse(), n, seed);
        expect(b).toEqual(a);
        expect(a).toHaveLength(Math.min(n, ids.length));
        expect(new Set(a).size).toBe(a.length);
        for (const id of a) expect(ids).toContain(id);
      }),
    );
  });

  test('different seeds give different samples', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `C${i}`);
    const samples = new Set([1, 2, 3, 4, 5].map((seed) => drawSample(ids, 50, seed).join()));
    expect(samples.size).toBe(5);
  });

  test('every case is about equally likely to be drawn', () => {
    const ids = Array.from({ length: 20 }, (_, i) => `C${String(i).padStart(2, '0')}`);
    const hits = new Map(ids.map((id) => [id, 0]));
    for (let seed = 0; seed < 4000; seed++) for (const id of drawSample(ids, 5, seed)) hits.set(id, hits.get(id)! + 1);
    // Expected 1000 each (4000 × 5/20); binomial sd ≈ 27, so ±120 is over 4 sd.
    for (const n of hits.values()) expect(Math.abs(n - 1000)).toBeLessThan(120);
  });
});

describe('quota', () => {
  test('the planner gives n∞ and n with the finite population correction', () => {
    expect(quotaFor({ mode: 'planner' }, 1000)).toMatchObject({ quota: 278, plan: { z: 1.96, p: 0.5, e: 0.05, N: 1000, nInfinite: 385, nFpc: 278 } });
    // 96.04 / (1 + 95.04/80) = 43.89 → 44
    expect(quotaFor({ mode: 'planner', e: 0.1 }, 80)).toMatchObject({ quota: 44, plan: { nInfinite: 97, nFpc: 44 } });
    expect(quotaFor({ mode: 'manual', quota: 30 }, 20)).toMatchObject({ quota: 20, plan: { mode: 'manual', N: 20 } });
  });

  test('N counts the unsampled cases of the site with a service date in the period', async () => {
    const tenant = await buildTenant(world.store);
    await importCases(tenant.ctx, caseRows(12, { serviceDate: '2024-03-05' }), { source: 'csv', now: new Date('2024-04-01T00:00:00Z') });
    await importCases(tenant.ctx, caseRows(5, { prefix: 'FEB', serviceDate: '2024-02-20' }), { source: 'csv', now: new Date('2024-04-01T00:00:00Z') });
    await importCases(tenant.ctx, caseRows(4, { prefix: 'S2', siteCode: 'S2' }), { source: 'csv', now: new Date('2024-04-01T00:00:00Z') });
    const plan = await planQuota(tenant.ctx, { siteId: tenant.sites[0]._id, from: '2024-03-01', to: '2024-03-31', mode: 'planner', e: 0.1 });
    // n0 = 1.96²·0.25/0.01 = 96.04; 96.04 / (1 + 95.04/12) = 10.77 → 11
    expect(plan).toMatchObject({ quota: 11, plan: { N: 12, nInfinite: 97, nFpc: 11 } });
  });
});

describe('call lists', () => {
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await buildTenant(world.store);
  });

  test('a list records its seed, and the draw reproduces from it', async () => {
    const { list } = await listWithCases(tenant, 40, { quota: 10, seed: 12345 });
    expect(list).toMatchObject({ seed: 12345, quota: 10, sampleSize: 10, plan: { mode: 'manual', N: 40 } });
    const drawn = (await tenant.ctx.store.collection('callCases').find({ callListId: list._id })).map((c) => c.caseId as string);
    expect(drawn.sort()).toEqual(
      drawSample(
        caseRows(40).map((r) => r.raw.caseId as string),
        10,
        12345,
      ).sort(),
    );
    expect(await checkDraw(tenant.ctx, list._id)).toEqual({ seed: 12345, populationSize: 40, sampleSize: 10, populationMatches: true, sampleMatches: true });
  });

  test('later imports and later lists do not disturb an earlier draw, and cases are never sampled twice', async () => {
    const [first] = await tenant.ctx.store.collection('callLists').find({});
    const second = await createList(
      tenant.ctx,
      { siteId: tenant.sites[0]._id, from: '2024-03-01', to: '2024-03-31', mode: 'manual', quota: 100 },
      new Date('2024-03-12T00:00:00Z'),
    );
    expect(second.sampleSize).toBe(30);
    await importCases(tenant.ctx, caseRows(3, { prefix: 'LATE' }), { source: 'csv', now: new Date('2024-03-20T00:00:00Z') });
    expect(await checkDraw(tenant.ctx, first!._id)).toMatchObject({ populationMatches: true, sampleMatches: true, populationSize: 40 });
    expect(await checkDraw(tenant.ctx, second._id)).toMatchObject({ populationMatches: true, sampleMatches: true, populationSize: 30 });
    const sampled = await tenant.ctx.store.collection('callCases').find({ status: 'open' });
    expect(new Set(sampled.map((c) => c._id)).size).toBe(40);
  });

  test('a tampered list fails its reproduction check', async () => {
    const [first] = await tenant.ctx.store.collection('callLists').find({}, { sort: { drawnAt: 1 } });
    await tenant.ctx.store.collection('callLists').updateOne({ _id: first!._id }, { $set: { seed: 54321 } });
    expect(await checkDraw(tenant.ctx, first!._id)).toMatchObject({ populationMatches: true, sampleMatches: false });
  });

  test('the same cases and seed in another enterprise draw the same case ids', async () => {
    const other = await buildTenant(world.store);
    const { list } = await listWithCases(other, 40, { quota: 10, seed: 12345 });
    const drawn = (await other.ctx.store.collection('callCases').find({ callListId: list._id })).map((c) => c.caseId as string).sort();
    expect(drawn).toEqual(
      drawSample(
        caseRows(40).map((r) => r.raw.caseId as string),
        10,
        12345,
      ).sort(),
    );
  });

  test('a period without eligible cases, or without a published call script, is refused with a reason', async () => {
    const empty = await buildTenant(world.store);
    await expect(createList(empty.ctx, { siteId: empty.sites[0]._id, from: '2024-03-01', to: '2024-03-31', mode: 'manual', quota: 5 })).rejects.toMatchObject({
      status: 409,
      field: 'templateId',
    });
    await publishDefaultTemplate(empty.ctx, 'call');
    await expect(createList(empty.ctx, { siteId: empty.sites[0]._id, from: '2024-03-01', to: '2024-03-31', mode: 'manual', quota: 5 })).rejects.toMatchObject({
      status: 409,
      message: 'from: no unsampled case of this site has a service date in the period',
    });
    await expect(createList(empty.ctx, { siteId: empty.sites[0]._id, from: '2024-04-01', to: '2024-03-01', mode: 'manual', quota: 5 })).rejects.toMatchObject({
      status: 400,
      field: 'from',
    });
  });

  test('the expected response rate draws more cases than the quota, at most N', async () => {
    const t = await buildTenant(world.store);
    const { list } = await listWithCases(t, 50, { quota: 20, expectedResponseRate: 0.5 });
    expect(list).toMatchObject({ quota: 20, sampleSize: 40 });
  });
});
