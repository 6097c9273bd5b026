/**
 * Overdue cases escalate by email, level by level, once per level, driven by
 * a controllable clock (no sleeps): the site's manager at the due time, the
 * enterprise admins 24 hours later; resolved cases never escalate; the
 * campaign jobs loop runs the escalation with its own clock.
 */
import pino from 'pino';
import { updateSite } from '../../server/services/accounts/sites';
import { handleCountedResponse } from '../../server/services/alerts/listener';
import { assignTask, recordCallback, resolveTask } from '../../server/services/alerts/tasks';
import type { FollowUpTask } from '../../server/services/alerts/types';
import { runCampaignJobs } from '../../server/services/campaigns/jobs';
import { createJobWorker } from '../../server/services/jobs/registry';
import { slotJobId, slotStart } from '../../server/services/jobs/recurring';
import type { Job } from '../../server/services/jobs/types';
import { escalateOverdueCases } from '../../server/services/cases/escalation';
import { upgradeLegacyTasks } from '../../server/services/cases/legacy';
import { publishAll, submit, type Published } from '../helpers/dashboard';
import { surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let published: Published;
const HOUR = 3_600_000;
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  published = await publishAll(tenant);
  await updateSite(tenant.ctx, tenant.sites[0]!._id, { managerEmail: 'manager.s1@a.test' });
});
afterAll(() => world.close());

const deps = () => ({ mailer: world.deps.mailer, baseUrl: 'https://s.test' });
const cases = () => world.store.collection<FollowUpTask>('followUpTasks');

async function openCase(overall: number, siteIndex = 0): Promise<FollowUpTask> {
  const { response } = await submit(tenant, published, 'survey', siteIndex, surveyAnswers({ overall_satisfaction: overall, recommend: 8 }));
  const [c] = await handleCountedResponse(
    { ...deps(), store: world.store, logger },
    { enterpriseId: tenant.enterpriseId, siteId: response.siteId, channel: 'survey', responseId: response._id, at: response.respondedAt },
  );
  return c!;
}

/** Escalation mails since `before`, newest first, as (to, subject). */
async function mailsSince(before: number) {
  const all = await world.deps.mailer.listOutbox(tenant.enterpriseId, 1000);
  return all.slice(0, all.length - before).filter((m) => m.subject.includes('案件超时升级'));
}

test('an overdue case mails the site manager at its due time and the admins a day later, each level once', async () => {
  const c = await openCase(2); // normal: due 72 h after opening
  const at = (hours: number) => new Date(Date.parse(c.createdAt) + hours * HOUR);
  const start = (await world.deps.mailer.listOutbox(tenant.enterpriseId, 1000)).length;

  expect(await escalateOverdueCases(world.store, deps(), at(71.9))).toBe(0);
  expect(await escalateOverdueCases(world.store, deps(), at(72.01))).toBe(1);
  expect((await mailsSince(start)).map((m) => m.to)).toEqual(['manager.s1@a.test']);
  // The same level never twice, even when the job runs twice at once.
  const [a, b] = await Promise.all([escalateOverdueCases(world.store, deps(), at(80)), escalateOverdueCases(world.store, deps(), at(80))]);
  expect(a + b).toBe(0);
  expect(await escalateOverdueCases(world.store, deps(), at(95.9))).toBe(0);
  expect(await escalateOverdueCases(world.store, deps(), at(96.01))).toBe(1);
  expect((await mailsSince(start)).map((m) => m.to)).toEqual([tenant.admin.email, 'manager.s1@a.test']);
  expect(await escalateOverdueCases(world.store, deps(), at(500))).toBe(0);

  const after = (await cases().findOne({ _id: c._id }))!;
  expect(after.escalatedLevel).toBe(2);
  expect(after.escalations!.map((e) => [e.level, e.to, e.state])).toEqual([
    [0, ['manager.s1@a.test'], 'sent'],
    [1, [tenant.admin.email], 'sent'],
  ]);
  const audit = await world.store.collection('auditLog').find({ enterpriseId: tenant.enterpriseId, action: 'followUp.escalate', entityId: c._id });
  expect(audit).toHaveLength(2);
});

test('a case resolved in time never escalates; a critical one is due after 24 hours', async () => {
  const c = await openCase(1);
  expect(c.severity).toBe('critical');
  const at = (hours: number) => new Date(Date.parse(c.createdAt) + hours * HOUR);
  const fresh = await openCase(2, 1);
  await assignTask(tenant.ctx, fresh._id, tenant.users.agent!._id);
  await recordCallback(tenant.ctx, fresh._id, { outcome: 'reached', note: 'ok' });
  await resolveTask(tenant.ctx, fresh._id, { rootCause: 'other', action: 'ok' });
  expect(await escalateOverdueCases(world.store, deps(), at(23.9))).toBe(0);
  // Both earlier open cases (the one above is long past its levels) and this one's first level.
  await escalateOverdueCases(world.store, deps(), at(24.01));
  expect((await cases().findOne({ _id: c._id }))!.escalatedLevel).toBe(1);
  await escalateOverdueCases(world.store, deps(), at(1000));
  expect((await cases().findOne({ _id: fresh._id }))!.escalations ?? []).toEqual([]);
});

test('the campaign jobs loop escalates with its own clock', async () => {
  const c = await openCase(2);
  const report = await runCampaignJobs(world.store, { ...deps(), now: () => new Date(Date.parse(c.createdAt) + 73 * HOUR) });
  expect(report.escalations).toBeGreaterThanOrEqual(1);
  expect((await cases().findOne({ _id: c._id }))!.escalatedLevel).toBe(1);
});

test('the job queue escalates overdue cases in its recurring slot, once however often the slot is scheduled', async () => {
  const c = await openCase(2);
  const at = new Date(Date.parse(c.createdAt) + 73 * HOUR);
  // Two workers (two processes) on one store, both at the same moment: the slot exists once.
  const workers = [0, 1].map(() => createJobWorker({ store: world.store, mailer: world.deps.mailer, logger, baseUrl: 'https://s.test' }, { now: () => at }));
  await Promise.all(workers.map((w) => w.scheduleRecurring()));
  await Promise.all(workers.map((w) => w.drain()));
  const slot = slotJobId('cases.escalate', slotStart(60_000, at));
  expect(await world.store.collection<Job>('jobs').find({ kind: 'cases.escalate', runAt: { $gte: slotStart(60_000, at).toISOString() } })).toEqual([
    expect.objectContaining({ _id: slot, state: 'done', attempts: 1 }),
  ]);
  const after = (await cases().findOne({ _id: c._id }))!;
  expect(after.escalatedLevel).toBe(1);
  expect(after.escalations!.filter((e) => e.level === 0)).toHaveLength(1);
});

test('an enterprise may escalate to fixed addresses at its own times (settings API)', async () => {
  const t = await buildTenant(world.store);
  const p = await publishAll(t);
  const admin = await loginAgent(world.app, t.admin.email);
  let res = await admin
    .put('/api/v1/follow-ups/settings')
    .send({ escalation: [{ to: ['ops@a.test', 'qa@a.test'], afterHours: 2 }], slaHours: { normal: 10 } })
    .expect(200);
  expect(res.body.settings).toMatchObject({ slaHours: { critical: 24, normal: 10 }, escalation: [{ to: ['ops@a.test', 'qa@a.test'], afterHours: 2 }] });
  res = await admin
    .put('/api/v1/follow-ups/settings')
    .send({ escalation: [{ to: ['not-an-email'], afterHours: 2 }] })
    .expect(400);
  expect(res.body.error.field).toBe('escalation.0.to.0');
  await admin
    .put('/api/v1/follow-ups/settings')
    .send({
      escalation: [
        { to: 'admins', afterHours: 5 },
        { to: 'siteManager', afterHours: 1 },
      ],
    })
    .expect(400);
  const analyst = await loginAgent(world.app, t.users.analyst!.email);
  await analyst.put('/api/v1/follow-ups/settings').send({ recoverySurvey: false }).expect(403);

  const { response } = await submit(t, p, 'survey', 0, surveyAnswers({ overall_satisfaction: 2, recommend: 8 }));
  const [c] = await handleCountedResponse(
    { ...deps(), store: world.store, logger },
    { enterpriseId: t.enterpriseId, siteId: response.siteId, channel: 'survey', responseId: response._id, at: response.respondedAt },
  );
  const at = (hours: number) => new Date(Date.parse(c!.createdAt) + hours * HOUR);
  expect(Date.parse(c!.dueAt!) - Date.parse(c!.createdAt)).toBe(10 * HOUR);
  const before = (await world.deps.mailer.listOutbox(t.enterpriseId, 1000)).length;
  await escalateOverdueCases(world.store, deps(), at(11.9));
  expect((await world.deps.mailer.listOutbox(t.enterpriseId, 1000)).length).toBe(before);
  await escalateOverdueCases(world.store, deps(), at(12.01));
  const sent = (await world.deps.mailer.listOutbox(t.enterpriseId, 1000))
    .slice(0, 2)
    .map((m) => m.to)
    .sort();
  expect(sent).toEqual(['ops@a.test', 'qa@a.test']);
});

test('tasks from before cases are upgraded in place without mailing their backlog', async () => {
  const t = await buildTenant(world.store);
  const old = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR).toISOString();
  const legacy = (id: string, createdAt: string, extra: Partial<FollowUpTask> = {}): FollowUpTask => ({
    _id: `fu-${id}-lowNps`,
    enterpriseId: t.enterpriseId,
    responseId: id,
    siteId: t.sites[0]!._id,
    siteCode: 'S1',
    channel: 'survey',
    rule: 'lowNps',
    detail: { nps: 1 },
    reason: 'x',
    respondedAt: createdAt,
    status: 'open',
    callbacks: [],
    notify: { state: 'sent', to: [] },
    createdAt,
    updatedAt: createdAt,
    rev: 1,
    ...extra,
  });
  await t.ctx.store
    .collection<FollowUpTask>('followUpTasks')
    .insertMany([
      legacy('old1', old(500)),
      legacy('new1', old(2), { callbacks: [{ at: old(1), by: 'u', byName: 'u', outcome: 'reached', note: '' }], status: 'called' }),
    ]);
  expect(await upgradeLegacyTasks(world.store)).toBe(2);
  expect(await upgradeLegacyTasks(world.store)).toBe(0);
  const [overdue, recent] = await Promise.all(['fu-old1-lowNps', 'fu-new1-lowNps'].map((id) => cases().findOne({ _id: id })));
  expect(overdue).toMatchObject({ severity: 'critical', has: { lowNps: true }, responseIds: ['old1'], escalatedLevel: 2 });
  expect(overdue!.reasons).toEqual([
    { rule: 'lowNps', detail: { nps: 1 }, reason: 'x', responseId: 'old1', respondedAt: overdue!.createdAt, channel: 'survey' },
  ]);
  expect(recent).toMatchObject({ escalatedLevel: 0, firstContactAt: recent!.callbacks[0]!.at });
  expect(await escalateOverdueCases(world.store, deps(), new Date())).toBe(0);
});
