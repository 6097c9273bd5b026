/**
 * Rollup storage (services/scores/cells.ts, buckets.ts, layout.ts): cells per
 * site × channel × day, month and quarter; periods planned over them; data in
 * the earlier layout still scored the same.
 */
import { planBuckets } from '../../server/services/scores/buckets';
import { codeOfFieldKey, fieldKey } from '../../server/services/scores/cells';
import { quarterCellsComplete } from '../../server/services/scores/layout';
import { getScores } from '../../server/services/scores/query';
import { rebuildRollups } from '../../server/services/scores/rebuild';
import { submitResponse } from '../../server/services/responses/submit';
import { publishDefaultTemplate, surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, type World } from '../helpers/world';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world.close());

describe('planBuckets', () => {
  test('a rolling year: loose days, months up to the first whole quarter, quarters, months after', () => {
    expect(planBuckets('2025-11-15', '2026-10-31', { quarters: true })).toEqual([
      { grain: 'day', from: '2025-11-15', to: '2025-11-30' },
      { grain: 'month', from: '2025-12', to: '2025-12' },
      { grain: 'quarter', from: '2026-Q1', to: '2026-Q3' },
      { grain: 'month', from: '2026-10', to: '2026-10' },
    ]);
    expect(planBuckets('2025-11-15', '2026-10-31')).toEqual([
      { grain: 'day', from: '2025-11-15', to: '2025-11-30' },
      { grain: 'month', from: '2025-12', to: '2026-10' },
    ]);
  });

  test('a calendar year is four quarters; months without a whole quarter stay months; days stay days', () => {
    expect(planBuckets('2025-01-01', '2025-12-31', { quarters: true })).toEqual([{ grain: 'quarter', from: '2025-Q1', to: '2025-Q4' }]);
    expect(planBuckets('2025-02-01', '2025-04-30', { quarters: true })).toEqual([{ grain: 'month', from: '2025-02', to: '2025-04' }]);
    expect(planBuckets('2025-03-01', '2025-06-30', { quarters: true })).toEqual([
      { grain: 'month', from: '2025-03', to: '2025-03' },
      { grain: 'quarter', from: '2025-Q2', to: '2025-Q2' },
    ]);
    expect(planBuckets('2025-03-02', '2025-03-30', { quarters: true })).toEqual([{ grain: 'day', from: '2025-03-02', to: '2025-03-30' }]);
  });
});

test('indicator codes become field-path segments and back, without collisions', () => {
  const codes = ['execution.repair.repair', 'execution_repair.repair', 'sbt10401-27@1.0.0', '服务.理念', 'constructor', 'prototype', 'a_2eb', 'a.b'];
  const keys = codes.map(fieldKey);
  for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_]+$/);
  expect(new Set(keys).size).toBe(codes.length);
  expect(keys).not.toContain('constructor');
  expect(keys.map(codeOfFieldKey)).toEqual(codes);
});

test('scores stay the same whether read from quarters, from months while quarters are incomplete, or from the earlier layout', async () => {
  const tenant = await buildTenant(world.store);
  const survey = await publishDefaultTemplate(tenant.ctx, 'survey');
  const days = ['2025-01-05', '2025-02-17', '2025-03-31', '2025-04-01', '2025-06-20', '2025-07-14', '2025-09-09', '2025-10-01', '2025-12-31'];
  for (const [i, day] of days.entries()) {
    await submitResponse(tenant.ctx, {
      templateId: survey.templateId,
      templateVersion: survey.version,
      siteId: tenant.sites[i % 2]._id,
      channel: 'survey',
      answers: surveyAnswers({ staff_attitude: 1 + (i % 5), overall_satisfaction: 5 - (i % 3), recommend: 10 - i }),
      source: 'api',
      respondedAt: `${day}T04:00:00.000Z`,
    });
  }
  const rollups = tenant.ctx.store.collection('rollups');
  const year = { from: '2025-01-01', to: '2025-12-31' };
  // Counted from the first response on with quarter cells: the year reads 4 quarters per site and channel.
  expect(await quarterCellsComplete(tenant.ctx)).toBe(true);
  expect(await rollups.count({ grain: 'quarter' })).toBe(2 * 4);
  const fromQuarters = await getScores(tenant.ctx, year);
  expect(fromQuarters.channels.survey.responses).toBe(days.length);

  // Data counted before quarter cells existed: no quarter cells, no mark, indicators as documents of their own.
  await rollups.deleteMany({ grain: 'quarter' });
  await tenant.ctx.store.collection('rollupLayouts').deleteMany({});
  for (const cell of await rollups.find({ grain: 'month' })) {
    const ind = cell.ind as Record<string, Record<string, { n: number; sum: number; sumSq: number }>>;
    for (const [cat, byIndicator] of Object.entries(ind)) {
      for (const [key, m] of Object.entries(byIndicator)) {
        const indicator = codeOfFieldKey(key);
        const legacy = {
          _id: `m:ind|${cell.siteId}|${codeOfFieldKey(cat)}|${indicator}|survey|${cell.day}`,
          kind: 'ind',
          siteId: cell.siteId,
          catalogue: codeOfFieldKey(cat),
          indicator,
          channel: 'survey',
          day: cell.day,
          grain: 'month',
          ...m,
        };
        await rollups.insertOne(legacy);
      }
    }
    await rollups.updateOne({ _id: cell._id }, { $unset: { ind: true } });
  }
  expect(await quarterCellsComplete(tenant.ctx)).toBe(false);
  expect(await getScores(tenant.ctx, year)).toEqual(fromQuarters);

  // A rebuild writes every cell again, quarters included, and marks them complete.
  await rebuildRollups(tenant.ctx);
  expect(await quarterCellsComplete(tenant.ctx)).toBe(true);
  expect(await rollups.count({ kind: 'ind' })).toBe(0);
  expect(await getScores(tenant.ctx, year)).toEqual(fromQuarters);
});

test('a repeated score query counts what changed since the previous one, and only that', async () => {
  const tenant = await buildTenant(world.store);
  const survey = await publishDefaultTemplate(tenant.ctx, 'survey');
  const submit = (siteIndex: number, day: string, recommend: number) =>
    submitResponse(tenant.ctx, {
      templateId: survey.templateId,
      templateVersion: survey.version,
      siteId: tenant.sites[siteIndex]._id,
      channel: 'survey',
      answers: surveyAnswers({ staff_attitude: 4, overall_satisfaction: 4, recommend }),
      source: 'api',
      respondedAt: `${day}T04:00:00.000Z`,
    });
  await submit(0, '2025-02-10', 9);
  await submit(1, '2025-05-10', 3);
  const year = { from: '2025-01-01', to: '2025-12-31' };
  const before = await getScores(tenant.ctx, year);
  expect(await getScores(tenant.ctx, year)).toEqual(before);

  // One more response at site 0 in a quarter already read: its cells are read again, site 1's are not changed.
  await submit(0, '2025-02-11', 10);
  const after = await getScores(tenant.ctx, year);
  expect(after.channels.survey.responses).toBe(3);
  const site = (report: typeof before, i: number) => report.bySite!.find((s) => s.siteId === tenant.sites[i]._id)!;
  expect(site(after, 0).responses).toBe(2);
  expect(site(after, 1)).toEqual(site(before, 1));
  expect(site(after, 0).cpsq.score).not.toBe(site(before, 0).cpsq.score);

  // The same answer as after a rebuild, which rewrites the cells the query had kept decoded.
  await tenant.ctx.store.collection('rollups').updateMany({}, { $inc: { responses: 1 } });
  expect((await getScores(tenant.ctx, year)).channels.survey.responses).not.toBe(3);
  expect((await rebuildRollups(tenant.ctx)).rewritten).toBeGreaterThan(0);
  expect(await getScores(tenant.ctx, year)).toEqual(after);
});
