/**
 * One case per unhappy customer: a response that trips several rules opens
 * one case listing every reason, a later answer on the same service case
 * joins it while it is open, a finished case frees the customer; owners by
 * site; resolution needs a root cause; the recovery survey's answer marks the
 * case recovered, once.
 */
import pino from 'pino';
import request from 'supertest';
import { handleCountedResponse } from '../../server/services/alerts/listener';
import { assignTask, recordCallback, resolveTask } from '../../server/services/alerts/tasks';
import type { FollowUpTask } from '../../server/services/alerts/types';
import { submitPersonal } from '../../server/services/campaigns/respond';
import type { Campaign, Recipient } from '../../server/services/campaigns/types';
import { sendRecoverySurvey } from '../../server/services/cases/recovery';
import { defaultCaseSettings, updateCaseSettings } from '../../server/services/cases/settings';
import type { ResponseDoc } from '../../server/services/responses/types';
import { buildCampaign } from '../helpers/campaigns';
import { surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, csrfTokenOf, loginAgent, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let campaign: Campaign;
let recipients: Recipient[];
const logger = pino({ level: 'silent' });
const HOUR = 3_600_000;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  const built = await buildCampaign(tenant, {
    recipients: [
      { name: '张三', email: 'zhang@example.com', siteCode: 'S1', caseId: 'WO-1' },
      { name: '张三', email: 'zhang.work@example.com', siteCode: 'S1', caseId: 'WO-1' },
      { name: '王五', email: 'wang@example.com', siteCode: 'S1', caseId: 'WO-2' },
      { name: '张三', email: 'zhang.home@example.com', siteCode: 'S1', caseId: 'WO-1' },
      { name: '赵六', email: 'zhao@example.com', siteCode: 'S2' },
    ],
  });
  campaign = built.campaign;
  recipients = built.recipients;
});
afterAll(() => world.close());

const deps = () => ({ store: world.store, mailer: world.deps.mailer, logger, baseUrl: 'https://s.test' });
const cases = () => world.store.collection<FollowUpTask>('followUpTasks');

/** The recipient answers through their personal link; returns the stored response. */
async function answer(recipient: Recipient, overrides: Record<string, unknown>): Promise<ResponseDoc> {
  expect(await submitPersonal(tenant.ctx, recipient, campaign, surveyAnswers(overrides))).toBe('thanks');
  return (await world.store.collection<ResponseDoc>('responses').findOne({ 'refs.recipientId': recipient._id }))!;
}

const eventOf = (r: ResponseDoc) => ({ enterpriseId: tenant.enterpriseId, siteId: r.siteId, channel: r.channel, responseId: r._id, at: r.respondedAt });

test('a low answer that trips two rules opens one case listing both reasons, however often the event arrives', async () => {
  const before = (await world.deps.mailer.listOutbox(tenant.enterpriseId)).length;
  const response = await answer(recipients[0]!, { overall_satisfaction: 1, recommend: 3 });
  // The event delivered three times, two of them at once.
  await handleCountedResponse(deps(), eventOf(response));
  await Promise.all([handleCountedResponse(deps(), eventOf(response)), handleCountedResponse(deps(), eventOf(response))]);

  const opened = await cases().find({ enterpriseId: tenant.enterpriseId });
  expect(opened).toHaveLength(1);
  const [c] = opened;
  expect(c!.reasons!.map((r) => r.rule)).toEqual(['lowOverall', 'lowNps']);
  expect(c).toMatchObject({
    _id: `fu-${response._id}`,
    has: { lowOverall: true, lowNps: true },
    responseIds: [response._id],
    serviceCase: 'WO-1',
    recipientId: recipients[0]!._id,
    severity: 'critical',
    priority: 1,
    status: 'open',
  });
  // Critical: due 24 hours after opening (the default).
  expect(Date.parse(c!.dueAt!) - Date.parse(c!.createdAt)).toBe(24 * HOUR);
  const outbox = await world.deps.mailer.listOutbox(tenant.enterpriseId);
  expect(outbox.length - before).toBe(1);
  expect(outbox[0]!.subject).toContain('总体满意度 1/5；推荐意愿 3/10');
});

test('a later low answer on the same service case joins the open case; after resolution the next one opens a new case', async () => {
  const [first] = await cases().find({ enterpriseId: tenant.enterpriseId, serviceCase: 'WO-1' });
  const later = await answer(recipients[1]!, { overall_satisfaction: 2, recommend: 9 });
  const [joined] = await handleCountedResponse(deps(), eventOf(later));
  await handleCountedResponse(deps(), eventOf(later));
  expect(joined!._id).toBe(first!._id);
  const now = (await cases().findOne({ _id: first!._id }))!;
  expect(now.reasons!.map((r) => [r.rule, r.responseId])).toEqual([
    ['lowOverall', first!.responseId],
    ['lowNps', first!.responseId],
    ['lowOverall', later._id],
  ]);
  expect(now.responseIds).toEqual([first!.responseId, later._id]);

  // Another customer's low answer opens a case of its own.
  const other = await answer(recipients[2]!, { overall_satisfaction: 5, recommend: 5 });
  const [own] = await handleCountedResponse(deps(), eventOf(other));
  expect(own!._id).not.toBe(first!._id);
  expect(own).toMatchObject({ severity: 'normal', serviceCase: 'WO-2' });
  expect(Date.parse(own!.dueAt!) - Date.parse(own!.createdAt)).toBe(72 * HOUR);

  await assignTask(tenant.ctx, first!._id, tenant.users.agent!._id);
  await recordCallback(tenant.ctx, first!._id, { outcome: 'reached', note: '已联系' });
  await resolveTask(tenant.ctx, first!._id, { rootCause: 'repairQuality', action: '二次上门复修' });
  const again = await answer(recipients[3]!, { overall_satisfaction: 1 });
  const [fresh] = await handleCountedResponse(deps(), eventOf(again));
  expect(fresh!._id).toBe(`fu-${again._id}`);
  expect(fresh!.reasons).toHaveLength(1);
});

test('a new case goes to the site’s configured owner, else its site manager, else nobody', async () => {
  const t = await buildTenant(world.store);
  const built = await buildCampaign(t, {
    recipients: [
      { name: 'a', email: 'a@example.com', siteCode: 'S1' },
      { name: 'b', email: 'b@example.com', siteCode: 'S1' },
      { name: 'c', email: 'c@example.com', siteCode: 'S2' },
    ],
  });
  const open = async (r: Recipient) => {
    expect(await submitPersonal(t.ctx, r, built.campaign, surveyAnswers({ overall_satisfaction: 1 }))).toBe('thanks');
    const response = (await world.store.collection<ResponseDoc>('responses').findOne({ 'refs.recipientId': r._id }))!;
    const [c] = await handleCountedResponse(deps(), {
      enterpriseId: t.enterpriseId,
      siteId: r.siteId,
      channel: 'survey',
      responseId: response._id,
      at: response.respondedAt,
    });
    return c!;
  };
  // A site manager (the access issue's role): a user confined to S1.
  await world.store.collection('users').insertOne({
    _id: `sm-${t.enterpriseId}`,
    enterpriseId: t.enterpriseId,
    email: `sm-${t.enterpriseId}@test.local`,
    name: '场所经理',
    role: 'siteManager',
    siteIds: [t.sites[0]!._id],
    passwordHash: 'x',
    createdAt: new Date().toISOString(),
  });
  expect(await open(built.recipients[0]!)).toMatchObject({
    status: 'assigned',
    assigneeId: `sm-${t.enterpriseId}`,
    notify: { to: [`sm-${t.enterpriseId}@test.local`] },
  });
  await updateCaseSettings(t.ctx, { siteOwners: { [t.sites[0]!._id]: t.users.agent!._id } });
  expect(await open(built.recipients[1]!)).toMatchObject({ status: 'assigned', assigneeId: t.users.agent!._id });
  const unowned = await open(built.recipients[2]!);
  expect(unowned.status).toBe('open');
  expect(unowned.assigneeId).toBeUndefined();
  await expect(updateCaseSettings(t.ctx, { siteOwners: { [t.sites[1]!._id]: 'nobody' } })).rejects.toMatchObject({
    status: 400,
    field: `siteOwners.${t.sites[1]!._id}`,
  });
  await expect(updateCaseSettings(t.ctx, { slaHours: { critical: 0, normal: 72 } })).rejects.toMatchObject({ status: 400, field: 'slaHours.critical' });
});

test('after resolution the customer gets the recovery survey; their answer marks the case recovered, once', async () => {
  const [resolved] = await cases().find({ enterpriseId: tenant.enterpriseId, status: 'resolved' });
  const mailer = world.deps.mailer;
  expect(await sendRecoverySurvey(tenant.ctx, { mailer, baseUrl: 'https://s.test' }, resolved!)).toBe(true);
  // Once: a second offer (a retried request) sends nothing.
  expect(await sendRecoverySurvey(tenant.ctx, { mailer, baseUrl: 'https://s.test' }, (await cases().findOne({ _id: resolved!._id }))!)).toBe(false);
  const [mail] = await mailer.listOutbox(tenant.enterpriseId);
  expect(mail).toMatchObject({ to: 'zhang@example.com' });
  const text = (await mailer.readOutboxMessage(tenant.enterpriseId, mail!.id))!.message!.text;
  const token = /https:\/\/s\.test\/r\/([A-Za-z0-9_-]+)/.exec(text)![1]!;
  // Stored hashed: the database does not hold the link.
  expect(JSON.stringify(await cases().findOne({ _id: resolved!._id }))).not.toContain(token);

  const responsesBefore = await world.store.collection('responses').count({ enterpriseId: tenant.enterpriseId });
  const customer = request(world.app);
  expect((await customer.get(`/r/${token}`).expect(200)).text).toContain('问题解决了吗？');
  expect((await customer.post(`/r/${token}`).type('form').send({ solved: 'yes' }).expect(400)).text).toContain('1–5 星');
  await customer.post(`/r/${token}`).type('form').send({ solved: 'yes', rating: '5' }).expect(200);
  expect((await cases().findOne({ _id: resolved!._id }))!.recovery).toMatchObject({ state: 'recovered', solved: true, rating: 5 });
  expect((await customer.post(`/r/${token}`).type('form').send({ solved: 'no', rating: '1' }).expect(200)).text).toContain('您已经回复过');
  expect((await cases().findOne({ _id: resolved!._id }))!.recovery).toMatchObject({ state: 'recovered', rating: 5 });
  await customer.get('/r/AAAAAAAAAAAAAAAAAAAAAAAA').expect(404);
  // Not a response: nothing of it enters the scores.
  expect(await world.store.collection('responses').count({ enterpriseId: tenant.enterpriseId })).toBe(responsesBefore);
});

test('the case page shows the customer’s earlier responses and the calls on their service case', async () => {
  const [c] = await cases().find({ enterpriseId: tenant.enterpriseId, serviceCase: 'WO-1', status: 'open' });
  // A follow-up call on the same service case (the call channel's own record of it).
  await tenant.ctx.store.collection('callCases').insertOne({
    _id: 'cc-wo1',
    enterpriseId: tenant.enterpriseId,
    caseId: 'WO-1',
    siteId: tenant.sites[0]!._id,
    siteCode: 'S1',
    customerName: '张三',
    phone: '13800001111',
    serviceType: 'repair',
    serviceDate: '2026-11-01',
    importedAt: new Date().toISOString(),
    importedBy: 'test',
    source: 'api',
    status: 'completed',
    claimExpiresAt: '1970-01-01T00:00:00.000Z',
    attempts: 1,
    dayparts: ['morning'],
    contacted: true,
  });
  await tenant.ctx.store.collection('callAttempts').insertOne({
    _id: 'ca-1',
    enterpriseId: tenant.enterpriseId,
    caseRef: 'cc-wo1',
    callListId: 'l1',
    siteId: tenant.sites[0]!._id,
    agentId: 'a',
    at: new Date().toISOString(),
    outcome: 'no_answer',
    daypart: 'morning',
    number: 1,
    note: '空号？再拨 13800001111',
  });
  const admin = await loginAgent(world.app, tenant.admin.email);
  const page = (await admin.get(`/follow-ups/${c!._id}`).expect(200)).text;
  const earlier = (await cases().find({ enterpriseId: tenant.enterpriseId, serviceCase: 'WO-1', status: 'resolved' }))[0]!;
  // This case's response, and the two of the earlier (resolved) case on the same service case, linked to it.
  expect(page.match(/<span class="badge">本案件<\/span>/g)).toHaveLength(1);
  expect(page.match(new RegExp(`href="/follow-ups/${earlier._id}">此前的案件`, 'g'))).toHaveLength(2);
  expect(page).toContain('无人接听');
  expect(page).toContain('138****1111');
  expect(page).not.toContain('13800001111');
});

test('the settings page saves due times, escalation, site owners and root causes, and refuses nonsense', async () => {
  const admin = await loginAgent(world.app, tenant.admin.email);
  const csrf = await csrfTokenOf(admin, '/follow-ups/settings');
  const form = {
    _csrf: csrf,
    slaCritical: '12',
    slaNormal: '48',
    escalateAdminsAfter: '8',
    rootCauses: 'late | 上门超时 | Late visit\nparts | 配件缺货 | Parts',
    recoverySurvey: 'on',
    [`owner_${tenant.sites[1]!._id}`]: tenant.users.agent!._id,
  };
  await admin.post('/follow-ups/settings').type('form').send(form).expect(303);
  const saved = (await admin.get('/api/v1/follow-ups/settings').expect(200)).body.settings;
  expect(saved).toMatchObject({
    slaHours: { critical: 12, normal: 48 },
    escalation: [
      { to: 'siteManager', afterHours: 0 },
      { to: 'admins', afterHours: 8 },
    ],
    recoverySurvey: true,
    siteOwners: { [tenant.sites[1]!._id]: tenant.users.agent!._id },
  });
  expect(saved.rootCauses).toEqual([
    { code: 'late', zh: '上门超时', en: 'Late visit' },
    { code: 'parts', zh: '配件缺货', en: 'Parts' },
  ]);
  await admin
    .post('/follow-ups/settings')
    .type('form')
    .send({ ...form, rootCauses: 'late 上门超时' })
    .expect(303);
  expect((await admin.get('/follow-ups/settings')).text).toContain('rootCauses: line 1: must be code | 中文名称 | English name');
  await admin
    .post('/follow-ups/settings')
    .type('form')
    .send({ ...form, slaNormal: '0' })
    .expect(303);
  expect((await admin.get('/follow-ups/settings')).text).toContain('slaNormal: must be 1–1440 hours');
  expect((await admin.get('/api/v1/follow-ups/settings')).body.settings).toEqual(saved);
  const analyst = await loginAgent(world.app, tenant.users.analyst!.email);
  await analyst.get('/follow-ups/settings').expect(403);
  // Back to the defaults for whatever runs after.
  await updateCaseSettings(tenant.ctx, defaultCaseSettings());
});

test('two low answers on one service case handled at the same moment still make one case', async () => {
  const t = await buildTenant(world.store);
  const built = await buildCampaign(t, {
    recipients: [
      { name: '甲', email: 'jia@example.com', siteCode: 'S1', caseId: 'WO-9' },
      { name: '甲', email: 'jia.work@example.com', siteCode: 'S1', caseId: 'WO-9' },
    ],
  });
  const responses: ResponseDoc[] = [];
  for (const r of built.recipients) {
    expect(await submitPersonal(t.ctx, r, built.campaign, surveyAnswers({ overall_satisfaction: 2 }))).toBe('thanks');
    responses.push((await world.store.collection<ResponseDoc>('responses').findOne({ 'refs.recipientId': r._id }))!);
  }
  await Promise.all(
    responses.map((r) =>
      handleCountedResponse(deps(), { enterpriseId: t.enterpriseId, siteId: r.siteId, channel: 'survey', responseId: r._id, at: r.respondedAt }),
    ),
  );
  const all = await cases().find({ enterpriseId: t.enterpriseId });
  expect(all).toHaveLength(1);
  expect([...all[0]!.responseIds!].sort()).toEqual(responses.map((r) => r._id).sort());
});
