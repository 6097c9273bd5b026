/**
 * Only approved visits count; a reviewer's correction of an approved visit
 * replaces its contribution exactly (rollups equal a rebuild); reports are
 * validated ("no" needs a comment), flagged late after 24 h, and a re-sent
 * submission stores nothing twice.
 */
import { getScores } from '../../server/services/scores/query';
import { nonZeroCounters } from '../helpers/rollups';
import { computeRollups } from '../../server/services/scores/rebuild';
import type { ResponseDoc } from '../../server/services/responses/types';
import { acceptVisit, assignVisit } from '../../server/services/visits/assignment';
import { submitReport } from '../../server/services/visits/report';
import * as countingModule from '../../server/services/visits/counting';
import { approveVisit, correctAnswer, returnVisit } from '../../server/services/visits/review';
import { visitHistory } from '../../server/services/visits/history';
import { actingAs, addShopper, checklistAnswers, mysteryPlan, recentTimes, reportInput, today } from '../helpers/visits';
import { buildTenant, buildWorld, type Tenant, type World } from '../helpers/world';
import { addDays } from '../../server/services/calendar';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world.close());

async function expectRollupsEqualRebuild(tenant: Tenant) {
  const stored = await tenant.ctx.store.collection('rollups').find({});
  const { docs } = await computeRollups(tenant.ctx);
  // An un-counted response can leave counters at 0 that a rebuild never creates: equal means every non-zero count equal.
  expect(nonZeroCounters(stored)).toEqual(nonZeroCounters(docs.values()));
  expect(Object.keys(nonZeroCounters(stored)).length).toBeGreaterThan(0);
}

async function submittedVisit(tenant: Tenant, answers = checklistAnswers()) {
  const { plan, visits } = await mysteryPlan(tenant, { from: addDays(today(), -30), to: today() });
  const shopper = await addShopper(tenant, ['北京']);
  await assignVisit(tenant.ctx, visits[0]._id, shopper.user._id);
  await acceptVisit(shopper.ctx, visits[0]._id);
  const { visit } = await submitReport(shopper.ctx, visits[0]._id, reportInput(3, { answers }));
  return { plan, visit, shopper, reviewer: actingAs(tenant, tenant.users.reviewer!) };
}

const mysteryResponses = (tenant: Tenant) => tenant.ctx.store.collection<ResponseDoc>('responses').find({ channel: 'mystery' });

test('a submitted or returned visit does not count; approval counts it once, a repeated approval adds nothing', async () => {
  const tenant = await buildTenant(world.store);
  const { visit, shopper, reviewer } = await submittedVisit(tenant);
  expect(await mysteryResponses(tenant)).toEqual([]);
  await returnVisit(reviewer, visit._id, '请补充接待人员的工牌号');
  expect(await mysteryResponses(tenant)).toEqual([]);
  const resubmitted = await submitReport(
    shopper.ctx,
    visit._id,
    reportInput(3, { answers: checklistAnswers({ staff_description: '女，约30岁，工牌 A102 王丽' }) }),
  );
  expect(resubmitted.visit).toMatchObject({ state: 'submitted', revision: 2 });

  const approved = await approveVisit(reviewer, visit._id);
  expect(approved).toMatchObject({ state: 'approved', countedRevision: 2, score: { score: 100, failed: false } });
  await approveVisit(reviewer, visit._id);
  const responses = await mysteryResponses(tenant);
  expect(responses).toHaveLength(1);
  expect(responses[0]).toMatchObject({ source: 'visit', respondedAt: approved.report!.startedAt, refs: { visitId: visit._id, revision: '2' } });
  expect(responses[0].countedAt).toBeDefined();
  // The approved visit feeds the indicator scores through the normal path: all "yes" → 100.
  const scores = await getScores(tenant.ctx, { siteId: tenant.sites[0]._id, channel: 'mystery' });
  expect(scores.channels.mystery.responses).toBe(1);
  expect(scores.perceived['internal.rules.norms']).toMatchObject({ score: 100, channels: ['mystery'] });
  await expectRollupsEqualRebuild(tenant);
});

test('an approval whose counting fails leaves the visit submitted and nothing counted', async () => {
  const tenant = await buildTenant(world.store);
  const { visit, reviewer } = await submittedVisit(tenant);
  const counting = jest.spyOn(countingModule, 'syncVisitCount').mockRejectedValueOnce(new Error('disk gone'));
  try {
    await expect(approveVisit(reviewer, visit._id)).rejects.toThrow('disk gone');
  } finally {
    counting.mockRestore();
  }
  const after = await tenant.ctx.store.collection('visits').findOne({ _id: visit._id });
  expect(after).toMatchObject({ state: 'submitted' });
  expect(after!.approvedAt).toBeUndefined();
  expect(await mysteryResponses(tenant)).toEqual([]);
  expect((await visitHistory(reviewer, visit._id)).map((h) => h.action)).not.toContain('approved');
  // Approving again works as if the first attempt never happened.
  expect((await approveVisit(reviewer, visit._id)).state).toBe('approved');
  expect(await mysteryResponses(tenant)).toHaveLength(1);
});

test('correcting an approved visit replaces its contribution exactly and keeps before/after in its history', async () => {
  const tenant = await buildTenant(world.store);
  const { visit, reviewer } = await submittedVisit(tenant);
  await approveVisit(reviewer, visit._id);
  // A critical "no" fails the visit (score 0) but changes only that item's indicator value.
  const corrected = await correctAnswer(reviewer, visit._id, { questionId: 'quote_before_work', value: 'no', reason: '收据显示未事先报价' });
  expect(corrected).toMatchObject({
    state: 'approved',
    revision: 2,
    countedRevision: 2,
    score: { score: 0, failed: true, criticalMisses: ['quote_before_work'] },
  });
  const responses = await mysteryResponses(tenant);
  expect(responses).toHaveLength(2);
  expect(responses.filter((r) => r.countedAt).map((r) => r.refs?.revision)).toEqual(['2']);
  await expectRollupsEqualRebuild(tenant);

  await correctAnswer(reviewer, visit._id, { questionId: 'sign_visible', value: 'na', reason: '门头施工，无法判断' });
  await expectRollupsEqualRebuild(tenant);
  const msr = (await tenant.ctx.store.collection('rollups').find({ kind: 'msr', channel: 'mystery', grain: 'day' }))[0] as Record<string, number>;
  expect(msr).toMatchObject({ visits: 1, visitsFailed: 1, responses: 1 });

  const trail = (await visitHistory(reviewer, visit._id)).filter((h) => h.action === 'corrected');
  expect(trail.map((h) => h.detail)).toEqual([
    { questionId: 'quote_before_work', before: 'yes', after: 'no', reason: '收据显示未事先报价', revision: 2 },
    { questionId: 'sign_visible', before: 'yes', after: 'na', reason: '门头施工，无法判断', revision: 3 },
  ]);
  await expect(correctAnswer(reviewer, visit._id, { questionId: 'sign_visible', value: 'na', reason: 'again' })).rejects.toMatchObject({
    status: 400,
    field: 'value',
  });
});

test('a "no" without a comment is refused naming the item; with a comment it is accepted', async () => {
  const tenant = await buildTenant(world.store);
  const { visits } = await mysteryPlan(tenant, { from: addDays(today(), -30), to: today() });
  const shopper = await addShopper(tenant, ['北京']);
  await assignVisit(tenant.ctx, visits[0]._id, shopper.user._id);
  await acceptVisit(shopper.ctx, visits[0]._id);
  const answers = checklistAnswers({ waiting_area: 'no' });
  await expect(submitReport(shopper.ctx, visits[0]._id, reportInput(1, { answers }))).rejects.toMatchObject({
    status: 400,
    field: 'itemComments.waiting_area',
  });
  const { visit } = await submitReport(shopper.ctx, visits[0]._id, reportInput(1, { answers, itemComments: { waiting_area: '没有座位，站着等了 10 分钟' } }));
  expect(visit.report!.itemComments).toEqual({ waiting_area: '没有座位，站着等了 10 分钟' });
});

test('a report first submitted more than 24 h after the visit is flagged late; a timely one is not', async () => {
  const tenant = await buildTenant(world.store);
  const late = await submittedVisit(tenant);
  expect(late.visit.late).toBe(true);

  const other = await addShopper(tenant, ['北京']);
  const { visits: mine } = await mysteryPlan(tenant, { siteId: tenant.sites[1]._id, from: addDays(today(), -30), to: today() });
  await assignVisit(tenant.ctx, mine[0]._id, other.user._id);
  await acceptVisit(other.ctx, mine[0]._id);
  const { visit } = await submitReport(other.ctx, mine[0]._id, reportInput(0, recentTimes()));
  expect(visit.late).toBe(false);
});

test('a re-sent submit stores nothing twice; a different body after submission is a conflict', async () => {
  const tenant = await buildTenant(world.store);
  const { visit, shopper } = await submittedVisit(tenant);
  const again = await submitReport(shopper.ctx, visit._id, reportInput(3));
  expect(again.replayed).toBe(true);
  expect(again.visit.revision).toBe(1);
  expect((await visitHistory(shopper.ctx, visit._id)).filter((h) => h.action === 'submitted')).toHaveLength(1);
  await expect(submitReport(shopper.ctx, visit._id, reportInput(2))).rejects.toMatchObject({ status: 409 });
});

test('a visit outside its window or in the future is refused, naming the field', async () => {
  const tenant = await buildTenant(world.store);
  const { visits } = await mysteryPlan(tenant, { from: '2000-01-01', to: '2000-01-31' });
  const shopper = await addShopper(tenant, ['北京']);
  await assignVisit(tenant.ctx, visits[0]._id, shopper.user._id);
  await acceptVisit(shopper.ctx, visits[0]._id);
  await expect(submitReport(shopper.ctx, visits[0]._id, reportInput(1))).rejects.toMatchObject({ status: 400, field: 'visitDate' });
  await expect(submitReport(shopper.ctx, visits[0]._id, reportInput(0, { visitDate: '2000-01-05', endTime: '09:00' }))).rejects.toMatchObject({
    status: 400,
    field: 'endTime',
  });
});

test('a first approval counts the visit as it just wrote it (no re-read, no look-up of its revision’s key) and counts it once', async () => {
  const tenant = await buildTenant(world.store);
  const { visit, reviewer } = await submittedVisit(tenant);
  type Counts = Record<string, { reads: number; writes: number }>;
  const statements = () => (world.store as unknown as { statementStats(): Counts }).statementStats();
  const before = statements();
  await approveVisit(reviewer, visit._id);
  const after = statements();
  const reads = (name: string) => after[name]!.reads - (before[name]?.reads ?? 0);
  // The reviewer's look-up, the guarded approval, its webhook data and the guarded mark of the counted revision:
  // the count in between uses the visit as the approval wrote it.
  expect(reads('visits')).toBe(4);
  // Only the search for responses of older revisions to un-count: no replay look-up of this revision's key.
  expect(reads('responses')).toBe(1);
  expect(reads('enterprises')).toBe(1);
  expect(await mysteryResponses(tenant)).toHaveLength(1);
  await expectRollupsEqualRebuild(tenant);
});
