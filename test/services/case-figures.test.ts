/**
 * The dashboard's case figures against a hand count: cases with known times
 * give known medians, 90th percentiles, SLA share, recovery rate with its
 * Wilson interval, top root causes, and open / overdue counts, for the
 * enterprise and per site, over the period.
 */
import type { FollowUpTask } from '../../server/services/alerts/types';
import { caseFigures } from '../../server/services/cases/figures';
import { wilsonInterval } from '../../server/services/scoring/stats';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';

let world: World;
let t: Tenant;
const HOUR = 3_600_000;
const START = Date.parse('2026-06-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A case opened `day` days after START at the given site, worked as the spec says. */
function made(
  i: number,
  spec: { site: 0 | 1; contactH?: number; resolveH?: number; dueH: number; cause?: string; recovered?: boolean; status?: FollowUpTask['status'] },
): FollowUpTask {
  const created = START + i * 24 * HOUR;
  const site = t.sites[spec.site]!;
  return {
    _id: `fu-fig${i}`,
    enterpriseId: t.enterpriseId,
    responseId: `r${i}`,
    siteId: site._id,
    siteCode: site.code,
    channel: 'survey',
    rule: 'lowNps',
    detail: { nps: 5 },
    reason: '',
    respondedAt: iso(created),
    status: spec.status ?? (spec.resolveH !== undefined ? 'resolved' : 'assigned'),
    callbacks: [],
    notify: { state: 'skipped', to: [] },
    createdAt: iso(created),
    updatedAt: iso(created),
    rev: 1,
    dueAt: iso(created + spec.dueH * HOUR),
    ...(spec.contactH !== undefined ? { firstContactAt: iso(created + spec.contactH * HOUR) } : {}),
    ...(spec.resolveH !== undefined
      ? {
          resolvedAt: iso(created + spec.resolveH * HOUR),
          resolution: { note: '', at: iso(created + spec.resolveH * HOUR), by: 'u', byName: 'u', rootCause: spec.cause ?? 'other', action: 'x' },
        }
      : {}),
    ...(spec.recovered !== undefined
      ? {
          recovery: {
            state: spec.recovered ? 'recovered' : 'notRecovered',
            tokenHash: `h${i}`,
            to: '',
            sentAt: iso(created),
            answeredAt: iso(created + (spec.resolveH ?? 0) * HOUR + 5 * HOUR),
          },
        }
      : {}),
  } as FollowUpTask;
}

beforeAll(async () => {
  world = await buildWorld();
  t = await buildTenant(world.store);
  await t.ctx.store.collection<FollowUpTask>('followUpTasks').insertMany([
    made(0, { site: 0, contactH: 2, resolveH: 10, dueH: 72, cause: 'lateVisit', recovered: true }),
    made(1, { site: 0, contactH: 4, resolveH: 30, dueH: 24, cause: 'lateVisit', recovered: true }),
    made(2, { site: 0, contactH: 1, resolveH: 50, dueH: 72, cause: 'repairQuality', recovered: false }),
    made(3, { site: 1, contactH: 8, resolveH: 80, dueH: 72, cause: 'lateVisit', recovered: true }),
    made(4, { site: 1, contactH: 6, resolveH: 20, dueH: 72, cause: 'chargeDispute' }),
    made(5, { site: 1, contactH: 3, dueH: 72 }), // open, long overdue
    made(6, { site: 0, dueH: 24 * 400 }), // open, not due for a year
    // Outside the period: opened in October, resolved and answered in November.
    made(150, { site: 0, contactH: 100, resolveH: 500, dueH: 72, cause: 'other', recovered: false }),
  ]);
});
afterAll(() => world.close());

const june = { fromIso: '2026-06-01T00:00:00.000Z', toIsoExclusive: '2026-07-01T00:00:00.000Z' };

test('enterprise figures match the hand count', async () => {
  const f = (await caseFigures(t.ctx, june, new Date(START + 60 * 24 * HOUR)))!;
  // First contact over the 6 contacted cases opened in June: 1 2 3 4 6 8 → median (nearest rank, 3rd) 3, P90 (6th) 8.
  expect(f.firstContact).toEqual({ n: 6, medianHours: 3, p90Hours: 8 });
  // Resolution over the 5 resolved in June: 10 20 30 50 80 → median 30, P90 80.
  expect(f.resolution).toEqual({ n: 5, medianHours: 30, p90Hours: 80 });
  // Within SLA: 10 ≤ 72, 30 > 24, 50 ≤ 72, 80 > 72, 20 ≤ 72 → 3 of 5.
  expect(f.sla).toEqual({ resolved: 5, withinSla: 3, share: 60 });
  // Recovery answered in June: 3 recovered of 4.
  const [lo, hi] = wilsonInterval(3, 4)!;
  expect(f.recovery).toEqual({ answered: 4, recovered: 3, rate: 75, ci: [Math.round(lo * 1000) / 10, Math.round(hi * 1000) / 10] });
  expect(f.recovery.ci![0]).toBeCloseTo(30.1, 1);
  expect(f.recovery.ci![1]).toBeCloseTo(95.4, 1);
  expect(f.rootCauses.map((c) => [c.code, c.count])).toEqual([
    ['lateVisit', 3],
    ['chargeDispute', 1],
    ['repairQuality', 1],
  ]);
  expect(f.rootCauses[0]).toMatchObject({ nameZh: '上门超时', nameEn: 'Late home visit' });
  // Open now: the two unresolved; overdue: the one due in June.
  expect([f.open, f.overdue]).toEqual([2, 1]);
});

test('per-site figures split the same cases, and a site filter gives that site only', async () => {
  const f = (await caseFigures(t.ctx, june, new Date(START + 60 * 24 * HOUR)))!;
  const [s1, s2] = f.sites;
  expect(s1).toMatchObject({
    siteCode: 'S1',
    resolution: { n: 3, medianHours: 30 },
    sla: { resolved: 3, withinSla: 2 },
    recovery: { answered: 3, recovered: 2 },
    open: 1,
    overdue: 0,
  });
  expect(s2).toMatchObject({
    siteCode: 'S2',
    resolution: { n: 2, medianHours: 20 },
    sla: { resolved: 2, withinSla: 1 },
    recovery: { answered: 1, recovered: 1 },
    open: 1,
    overdue: 1,
  });
  const only = (await caseFigures(t.ctx, { ...june, siteId: t.sites[1]!._id }, new Date(START + 60 * 24 * HOUR)))!;
  expect(only.resolution).toEqual(s2!.resolution);
  expect(only.sites.map((s) => s.siteCode)).toEqual(['S2']);
});

test('the dashboard overview carries the case figures beside the CPSQ, for the period filter', async () => {
  const analyst = await loginAgent(world.app, t.users.analyst!.email);
  const body = (await analyst.get('/api/v1/dashboard/overview?from=2026-06-01&to=2026-06-30').expect(200)).body;
  expect(body.cases).toMatchObject({ resolution: { n: 5 }, recovery: { answered: 4, recovered: 3, rate: 75 } });
  const november = (await analyst.get('/api/v1/dashboard/overview?from=2026-11-01&to=2026-11-30').expect(200)).body;
  expect(november.cases).toMatchObject({ resolution: { n: 1, medianHours: 500 }, recovery: { answered: 1, recovered: 0, rate: 0 } });
  const page = (await analyst.get('/dashboard?from=2026-06-01&to=2026-06-30').expect(200)).text;
  expect(page).toContain('id="recovery-rate" data-figure="cases.recovery.rate">75.0</span>');
  expect(page).toContain('服务补救回访不计入顾客感知服务质量指数');
});

test('the Wilson interval stays inside 0–1 at the edges', () => {
  expect(wilsonInterval(0, 0)).toBeNull();
  const [lo, hi] = wilsonInterval(5, 5)!;
  expect(hi).toBe(1);
  expect(lo).toBeCloseTo(0.5655, 3);
  expect(wilsonInterval(0, 10)![0]).toBe(0);
});
