/**
 * One recipient's page and API: the history (imported, invitation with its
 * masked address and subject in enterprise-local time, resend, reminder,
 * answered with a link to the response), and a resend within the reminder
 * rules, refused with a 409 naming the rule in the page language; the resend
 * is a queued send committed with its audit entry. A site manager sees and
 * resends only their site's recipients.
 */
import { insertUser } from '../../server/services/accounts/users';
import type { AuditEntry } from '../../server/services/auditLog';
import { requestInvitations } from '../../server/services/campaigns/mailing';
import type { Recipient } from '../../server/services/campaigns/types';
import { DAY_MS as DAY } from '../../server/services/calendar';
import { localStamp } from '../../server/services/localTime';
import { buildCampaign } from '../helpers/campaigns';
import { PASSWORD, buildTenant, csrfTokenOf, loginAgent } from '../helpers/world';
import { worldForFile } from '../helpers/fileWorld';

const TZ = 480;

const fixture = worldForFile({ adminAgent: true });

const recipientsCol = () => fixture.world.store.collection<Recipient>('recipients');
const set = (id: string, fields: Partial<Recipient>) => recipientsCol().updateOne({ _id: id }, { $set: fields });
const resendAudits = async (id: string) =>
  (await fixture.world.store.collection<AuditEntry>('auditLog').find({ enterpriseId: fixture.tenant.enterpriseId, action: 'recipient.resend' })).filter(
    (e) => e.entityId === id,
  );

async function invitedCampaign(reminders = { afterDays: 3, maxCount: 2 }) {
  const built = await buildCampaign(fixture.tenant, { reminders });
  await requestInvitations(fixture.tenant.ctx, built.campaign._id);
  await fixture.world.drain();
  const [zhang, li] = await recipientsCol().find({ campaignId: built.campaign._id }, { sort: { row: 1 } });
  return { campaignId: built.campaign._id, zhang: zhang!, li: li! };
}

test('the history shows the import and the invitation with its masked address, subject and local time; contacts stay masked', async () => {
  const { campaignId, zhang } = await invitedCampaign();
  const api = await fixture.admin.get(`/api/v1/campaigns/${campaignId}/recipients/${zhang._id}`);
  expect(api.status).toBe(200);
  expect(api.body.recipient).toMatchObject({ siteCode: 'S1', status: 'invited' });
  expect(JSON.stringify(api.body)).not.toContain('zhang@example.com');
  expect(api.body.history.map((h: { kind: string }) => h.kind)).toEqual(['imported', 'invitation']);
  expect(api.body.history[1].subject).toContain('邀请您评价最近的服务');
  expect(api.body.history[1].to).not.toBe('zhang@example.com');

  const page = await fixture.admin.get(`/campaigns/${campaignId}/recipients/${zhang._id}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('发送邀请邮件');
  expect(page.text).toContain(localStamp(zhang.invitedAt!, TZ));
  expect(page.text).not.toContain('zhang@example.com');
  // The list links each recipient to this page.
  expect((await fixture.admin.get(`/campaigns/${campaignId}/recipients`)).text).toContain(`href="/campaigns/${campaignId}/recipients/${zhang._id}"`);
});

test('a resend sooner than the reminder spacing is refused with 409 naming the rule, in the page language, and nothing is queued', async () => {
  const { campaignId, zhang } = await invitedCampaign();
  const api = await fixture.admin.post(`/api/v1/campaigns/${campaignId}/recipients/${zhang._id}/resend`).set('Cookie', 'lang=en').send({});
  expect(api.status).toBe(409);
  expect(api.body.error).toMatchObject({ code: 'resend_refused', rule: 'tooSoon', field: 'recipient' });
  expect(api.body.error.text).toMatch(/at least 3 days apart; the earliest resend is \d{4}-\d\d-\d\d \d\d:\d\d/);
  const csrf = await csrfTokenOf(fixture.admin, `/campaigns/${campaignId}/recipients/${zhang._id}`);
  const page = await fixture.admin.post(`/campaigns/${campaignId}/recipients/${zhang._id}/resend`).type('form').send({ _csrf: csrf });
  expect(page.status).toBe(409);
  expect(page.text).toContain('两封邮件至少相隔 3 天');
  expect(await resendAudits(zhang._id)).toEqual([]);
  expect((await recipientsCol().findOne({ _id: zhang._id }))!.nextMailAt > new Date().toISOString()).toBe(true);
});

test('a resend once the spacing has passed is queued with its audit entry, goes out as a reminder and shows in the history; a second click is refused', async () => {
  const { campaignId, zhang } = await invitedCampaign();
  const fourDaysAgo = new Date(Date.now() - 4 * DAY).toISOString();
  await set(zhang._id, { lastMailedAt: fourDaysAgo, invitedAt: fourDaysAgo, nextMailAt: new Date(Date.now() + DAY).toISOString() });
  const csrf = await csrfTokenOf(fixture.admin, `/campaigns/${campaignId}/recipients/${zhang._id}`);
  const posted = await fixture.admin.post(`/campaigns/${campaignId}/recipients/${zhang._id}/resend`).type('form').send({ _csrf: csrf });
  expect(posted.status).toBe(303);
  expect(await resendAudits(zhang._id)).toHaveLength(1);
  const jobs = await fixture.world.store.collection('jobs').find({ kind: 'campaign.send', state: 'queued' });
  expect(jobs.map((j) => j._id)).toContain(`campaign.send:${campaignId}:resend:${zhang._id}:1`);
  const again = await fixture.admin.post(`/api/v1/campaigns/${campaignId}/recipients/${zhang._id}/resend`).send({});
  expect(again.status).toBe(409);
  expect(again.body.error.rule).toBe('alreadyDue');

  await fixture.world.drain();
  const after = (await recipientsCol().findOne({ _id: zhang._id }))!;
  expect(after).toMatchObject({ mailsSent: 2, remindersSent: 1 });
  const history = (await fixture.admin.get(`/api/v1/campaigns/${campaignId}/recipients/${zhang._id}`)).body.history.map((h: { kind: string }) => h.kind);
  expect(history).toEqual(['imported', 'invitation', 'resendRequested', 'reminder']);
  expect((await fixture.admin.get(`/campaigns/${campaignId}/recipients/${zhang._id}`)).text).toContain('发送提醒邮件');
});

test.each([
  ['answered', { respondedAt: new Date().toISOString(), responseId: 'resp-1' }, /has answered/],
  ['unsubscribed', { unsubscribedAt: new Date().toISOString() }, /has unsubscribed/],
  ['expired', { expiresAt: '2020-01-01T00:00:00.000Z' }, /expired/],
  ['maxReached', { remindersSent: 2, mailsSent: 3 }, /maximum of 2 reminders/],
] as const)('a resend is refused when the rule %s holds, with 409 and no audit entry', async (rule, fields, text) => {
  const { campaignId, li } = await invitedCampaign();
  await set(li._id, { lastMailedAt: new Date(Date.now() - 10 * DAY).toISOString(), nextMailAt: '~', ...fields });
  const res = await fixture.admin.post(`/api/v1/campaigns/${campaignId}/recipients/${li._id}/resend`).set('Cookie', 'lang=en').send({});
  expect(res.status).toBe(409);
  expect(res.body.error.rule).toBe(rule);
  expect(res.body.error.text).toMatch(text);
  expect(await resendAudits(li._id)).toEqual([]);
});

test('an answered recipient links to the response for those who may read responses', async () => {
  const { campaignId, li } = await invitedCampaign();
  await set(li._id, { respondedAt: new Date().toISOString(), responseId: 'resp-42' });
  const page = await fixture.admin.get(`/campaigns/${campaignId}/recipients/${li._id}`);
  expect(page.text).toContain('提交了答卷');
  expect(page.text).toContain('href="/responses/resp-42"');
  expect(page.text).not.toContain('action="/campaigns/' + campaignId + '/recipients/' + li._id + '/resend"');
});

test("a site manager sees and resends their site's recipients only; another site's is a 404; an analyst may look but not resend", async () => {
  const { campaignId, zhang, li } = await invitedCampaign();
  await insertUser(fixture.world.store, {
    enterpriseId: fixture.tenant.enterpriseId,
    email: `history.s1.${campaignId}@t.test`,
    name: '网点负责人',
    role: 'siteManager',
    password: PASSWORD,
    siteIds: [fixture.tenant.sites[0]!._id],
  });
  const manager = await loginAgent(fixture.world.app, `history.s1.${campaignId}@t.test`);
  expect((await manager.get(`/api/v1/campaigns/${campaignId}/recipients/${zhang._id}`)).status).toBe(200);
  expect((await manager.get(`/api/v1/campaigns/${campaignId}/recipients/${li._id}`)).status).toBe(404);
  expect((await manager.get(`/campaigns/${campaignId}/recipients/${li._id}`)).status).toBe(404);
  expect((await manager.post(`/api/v1/campaigns/${campaignId}/recipients/${li._id}/resend`).send({})).status).toBe(404);
  await set(zhang._id, { lastMailedAt: new Date(Date.now() - 4 * DAY).toISOString(), nextMailAt: new Date(Date.now() + DAY).toISOString() });
  expect((await manager.post(`/api/v1/campaigns/${campaignId}/recipients/${zhang._id}/resend`).send({})).status).toBe(202);

  const analyst = await loginAgent(fixture.world.app, fixture.tenant.users.analyst!.email);
  expect((await analyst.get(`/api/v1/campaigns/${campaignId}/recipients/${li._id}`)).status).toBe(200);
  expect((await analyst.post(`/api/v1/campaigns/${campaignId}/recipients/${li._id}/resend`).send({})).status).toBe(403);
  const other = await buildTenant(fixture.world.store);
  const outsider = await loginAgent(fixture.world.app, other.admin.email);
  expect((await outsider.get(`/api/v1/campaigns/${campaignId}/recipients/${li._id}`)).status).toBe(404);
});
