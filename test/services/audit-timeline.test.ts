/** The certification timeline: what is next, and stage 2 only after stage 1 and the CPSQ gate. */
import { createAudit } from '../../server/services/audits/audits';
import { saveSiteResults } from '../../server/services/audits/entries';
import { changeStatus } from '../../server/services/audits/status';
import { getTimeline, recordStage } from '../../server/services/audits/timeline';
import { getProject, updateProject } from '../../server/services/scores/projects';
import { submitResponse } from '../../server/services/responses/submit';
import { allMet, auditorOf, dayFromNow } from '../helpers/audits';
import { publishDefaultTemplate, surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let auditor: ReturnType<typeof auditorOf>;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  auditor = auditorOf(world, tenant);
});
afterAll(() => world.close());

const stageOf = async (stage: string) => (await getTimeline(auditor)).stages.find((s) => s.stage === stage)!;

test('walks the certification steps in order and keeps stage 2 behind stage 1 and the CPSQ gate', async () => {
  let timeline = await getTimeline(auditor);
  expect(timeline.next).toBe('application');
  expect(timeline.stage2).toMatchObject({ allowed: false, blockers: ['stage1NotCompleted', 'gateNotPassed'] });

  await recordStage(auditor, 'application', { status: 'done', date: '2026-01-05' });
  await expect(recordStage(auditor, 'reviewBoard', { status: 'done', date: '2026-01-06' })).rejects.toMatchObject({ status: 409, code: 'stage_order' });
  await expect(recordStage(auditor, 'documentReview', { status: 'done' })).rejects.toMatchObject({ status: 400, field: 'date' });
  await expect(recordStage(auditor, 'stage1', { status: 'done', date: '2026-01-06' })).rejects.toMatchObject({ status: 400, field: 'stage' });
  await recordStage(auditor, 'documentReview', { status: 'done', date: '2026-01-20' });
  expect((await getTimeline(auditor)).next).toBe('stage1');

  const stage1 = await createAudit(auditor, { kind: 'stage1', plannedDate: dayFromNow(2) });
  expect(await stageOf('stage1')).toMatchObject({ status: 'planned', auditId: stage1._id });
  await saveSiteResults(auditor, stage1._id, tenant.sites[0]._id, allMet());
  await changeStatus(auditor, stage1._id, 'completed');
  timeline = await getTimeline(auditor);
  expect(timeline.next).toBe('cpsq');
  expect(timeline.stage2).toMatchObject({ allowed: false, blockers: ['gateNotPassed'] });

  // A stage-2 audit may be planned, but not started while the gate is not passed.
  const stage2 = await createAudit(auditor, { kind: 'stage2', plannedDate: dayFromNow(2) });
  await expect(changeStatus(auditor, stage2._id, 'inProgress')).rejects.toMatchObject({ status: 409, code: 'stage2_blocked' });
  await expect(saveSiteResults(auditor, stage2._id, tenant.sites[0]._id, allMet())).rejects.toMatchObject({ code: 'stage2_blocked' });

  // Two delighted customers: every scored survey answer at its top → CPSQ 100 ≥ 80.
  const { templateId, version } = await publishDefaultTemplate(tenant.ctx, 'survey');
  const top = {
    repair_speed: 5,
    problem_solved: 'yes',
    explanation: 5,
    staff_attitude: 5,
    effort: 5,
    feedback_heard: 5,
    overall_satisfaction: 5,
    recommend: 10,
  };
  const bottom = {
    repair_speed: 1,
    problem_solved: 'no',
    explanation: 1,
    staff_attitude: 1,
    effort: 1,
    feedback_heard: 1,
    overall_satisfaction: 1,
    recommend: 0,
  };
  const answer = (a: Record<string, unknown>) =>
    submitResponse(tenant.ctx, {
      templateId,
      templateVersion: version,
      siteId: tenant.sites[0]._id,
      channel: 'survey',
      answers: surveyAnswers(a),
      source: 'api',
    });
  for (let i = 0; i < 2; i++) await answer(top);
  timeline = await getTimeline(auditor);
  expect(timeline.stage2).toMatchObject({ allowed: true, blockers: [], cpsq: { score: expect.closeTo(100, 9) }, responses: 2 });
  expect(await stageOf('cpsq')).toMatchObject({ status: 'done' });
  expect(timeline.next).toBe('stage2');

  // Five delighted, one unhappy: every indicator 500/6 = 83.33 ≥ 80 by its point estimate, but the
  // lower bound of the CI falls below 80, so under the project's lower-bound rule the gate closes.
  for (let i = 0; i < 3; i++) await answer(top);
  await answer(bottom);
  timeline = await getTimeline(auditor);
  expect(timeline.stage2.cpsq.score).toBeCloseTo(500 / 6, 9);
  expect(timeline.stage2.allowed).toBe(true);
  await updateProject(tenant.ctx, { gateRule: 'lowerBound' });
  timeline = await getTimeline(auditor);
  expect(timeline.stage2.gate.rule).toBe('lowerBound');
  expect(timeline.stage2.cpsq.ci![0]).toBeLessThan(80);
  expect(timeline.stage2).toMatchObject({ allowed: false, blockers: ['gateNotPassed'] });
  await expect(changeStatus(auditor, stage2._id, 'inProgress')).rejects.toMatchObject({ code: 'stage2_blocked' });
  await updateProject(tenant.ctx, { gateRule: 'point' });

  await changeStatus(auditor, stage2._id, 'inProgress');
  await changeStatus(auditor, stage2._id, 'completed');
  await recordStage(auditor, 'reviewBoard', { status: 'done', date: '2026-06-01' });
  await recordStage(auditor, 'certificate', { status: 'done', date: '2024-02-29' });
  timeline = await getTimeline(auditor);
  // Valid 3 years; surveillance falls due after one and two years (29 February → 28 February).
  expect(timeline.certificate).toMatchObject({ issued: '2024-02-29', validUntil: '2027-02-28' });
  expect(await stageOf('surveillance1')).toMatchObject({ status: 'pending', due: '2025-02-28' });
  expect(await stageOf('surveillance2')).toMatchObject({ due: '2026-02-28' });
  expect(timeline.next).toBe('surveillance1');
});

test('the timeline never touches the project settings, nor they the timeline', async () => {
  const before = await getProject(tenant.ctx);
  expect(before).not.toHaveProperty('timeline');
  await updateProject(tenant.ctx, { target: 85 });
  expect((await getTimeline(auditor)).stages.find((s) => s.stage === 'application')).toMatchObject({ status: 'done', date: '2026-01-05' });
  await recordStage(auditor, 'application', { status: 'done', date: '2026-01-04' });
  expect((await getProject(tenant.ctx)).target).toBe(85);
});
