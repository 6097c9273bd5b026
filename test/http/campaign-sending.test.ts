/**
 * Sending a campaign's invitations: the confirmation asks with the count,
 * a send can be scheduled for a later enterprise-local time (the queue sends
 * it when a driven clock reaches it, not before), the campaign page shows the
 * scheduled send, and cancelling it puts the recipients back and withdraws the job.
 */
import pino from 'pino';
import { closeCampaign } from '../../server/services/campaigns/campaigns';
import { createJobWorker } from '../../server/services/jobs/registry';
import { toLocalInput } from '../../server/services/localTime';
import type { Recipient } from '../../server/services/campaigns/types';
import { buildCampaign } from '../helpers/campaigns';
import { startSmtp, type TestSmtp } from '../helpers/smtp';
import { waitUntil } from '../helpers/wait';
import { buildTenant, buildWorld, csrfTokenOf, loginAgent, type Tenant, type World } from '../helpers/world';

let smtp: TestSmtp;
let world: World;
let tenant: Tenant;
let admin: Awaited<ReturnType<typeof loginAgent>>;
const HOUR = 3_600_000;
const TZ = 480; // the test enterprise's offset (China, +08:00)

beforeAll(async () => {
  smtp = await startSmtp();
  world = await buildWorld({ SMTP_URL: smtp.url });
  tenant = await buildTenant(world.store);
  admin = await loginAgent(world.app, tenant.admin.email);
});
afterAll(async () => {
  await world.close();
  await smtp.stop();
});

/** A worker whose clock stands at `at`: it runs what is due then, as the app's worker would at that moment. */
const drainAt = (at: Date) =>
  createJobWorker({ store: world.store, mailer: world.deps.mailer, logger: pino({ level: 'silent' }), baseUrl: 'https://s.test' }, { now: () => at }).drain();

const threeWithEmail = (tag: string) => [
  { name: '甲', email: `${tag}-a@example.com`, siteCode: 'S1' },
  { name: '乙', email: `${tag}-b@example.com`, siteCode: 'S2' },
  { name: '丙', email: `${tag}-c@example.com`, siteCode: 'S1' },
  { name: '丁', phone: '13800138001', siteCode: 'S1' },
];

test('the confirmation asks with the count of recipients still to invite, grouped by thousands, in both languages', async () => {
  const recipients = Array.from({ length: 1234 }, (_, i) => ({ email: `many${i}@example.com`, siteCode: 'S1' }));
  const { campaign } = await buildCampaign(tenant, { recipients: [...recipients, { phone: '13800138002', siteCode: 'S2' }] });
  const page = await admin.get(`/campaigns/${campaign._id}`);
  expect(page.text).toContain(`href="/campaigns/${campaign._id}/invitations/confirm"`);
  const zh = await admin.get(`/campaigns/${campaign._id}/invitations/confirm`);
  expect(zh.status).toBe(200);
  expect(zh.text).toContain('向 1,234 位收件人发送邀请？');
  const en = await admin.get(`/campaigns/${campaign._id}/invitations/confirm`).set('Cookie', 'lang=en');
  expect(en.text).toContain('Send invitations to 1,234 recipients?');
  // The count is the schedule's: after sending, no one is left to ask about.
  const csrf = await csrfTokenOf(admin, `/campaigns/${campaign._id}/invitations/confirm`);
  expect((await admin.post(`/campaigns/${campaign._id}/invitations`).type('form').send({ _csrf: csrf, when: 'now' })).status).toBe(303);
  const after = await admin.get(`/campaigns/${campaign._id}/invitations/confirm`);
  expect(after.text).toContain('没有需要邀请的收件人');
  // Closed, so the 1,234 invitations are not mailed by the later tests' queue runs.
  await closeCampaign(tenant.ctx, campaign._id);
});

test('a send scheduled for a later local time waits in the queue, shows on the campaign page and goes out when the clock gets there', async () => {
  const { campaign } = await buildCampaign(tenant, { recipients: threeWithEmail('later') });
  const now = new Date();
  const sendAt = new Date(Math.ceil((now.getTime() + 2 * HOUR) / 60_000) * 60_000);
  const csrf = await csrfTokenOf(admin, `/campaigns/${campaign._id}/invitations/confirm`);
  const posted = await admin
    .post(`/campaigns/${campaign._id}/invitations`)
    .type('form')
    .send({ _csrf: csrf, when: 'later', sendAt: toLocalInput(sendAt, TZ) });
  expect(posted.status).toBe(303);
  const page = await admin.get(`/campaigns/${campaign._id}`);
  const local = toLocalInput(sendAt, TZ).replace('T', ' ');
  expect(page.text).toContain(`已安排于 ${local} 向 3 位收件人发送邀请`);
  expect(page.text).toContain(`/campaigns/${campaign._id}/invitations/cancel`);
  const mine = (m: { to: string[] }) => m.to[0]!.startsWith('later-');

  await drainAt(new Date(sendAt.getTime() - 60_000));
  expect(smtp.received.filter(mine)).toHaveLength(0);
  const waiting = await world.store.collection<Recipient>('recipients').find({ campaignId: campaign._id, email: { $exists: true } });
  expect(waiting.map((r) => r.nextMailAt)).toEqual([sendAt.toISOString(), sendAt.toISOString(), sendAt.toISOString()]);

  await drainAt(new Date(sendAt.getTime() + 1_000));
  await waitUntil(
    async () => smtp.received.filter(mine).length,
    (n) => n === 3,
    'the three scheduled invitations to reach the SMTP server',
  );
  expect(
    smtp.received
      .filter(mine)
      .map((m) => m.to[0])
      .sort(),
  ).toEqual(['later-a@example.com', 'later-b@example.com', 'later-c@example.com']);
  const audit = await world.store.collection('auditLog').findOne({ action: 'campaign.requestInvitations', entityId: campaign._id });
  expect(audit).toMatchObject({ detail: { scheduled: 3, sendAt: sendAt.toISOString() } });
});

test('cancelling a scheduled send puts its recipients back to not invited and withdraws the job; nothing goes out', async () => {
  const { campaign } = await buildCampaign(tenant, { recipients: threeWithEmail('cancel') });
  const sendAt = new Date(Date.now() + 3 * HOUR);
  const api = await admin.post(`/api/v1/campaigns/${campaign._id}/invitations`).send({ sendAt: sendAt.toISOString() });
  expect(api.status).toBe(202);
  expect(api.body).toMatchObject({ scheduled: 3, sendAt: sendAt.toISOString() });
  expect(await world.store.collection('jobs').count({ kind: 'campaign.send', 'payload.campaignId': campaign._id })).toBe(1);

  const csrf = await csrfTokenOf(admin, `/campaigns/${campaign._id}`);
  expect((await admin.post(`/campaigns/${campaign._id}/invitations/cancel`).type('form').send({ _csrf: csrf })).status).toBe(303);
  const page = await admin.get(`/campaigns/${campaign._id}`);
  expect(page.text).toContain('已取消定时发送，3 位收件人回到“未邀请”');
  expect(page.text).not.toContain('/invitations/cancel');
  expect(await world.store.collection('jobs').count({ kind: 'campaign.send', 'payload.campaignId': campaign._id })).toBe(0);
  expect(await world.store.collection<Recipient>('recipients').count({ campaignId: campaign._id, nextMailAt: '~' })).toBe(4);
  expect(await world.store.collection('auditLog').count({ action: 'campaign.cancelScheduledInvitations', entityId: campaign._id })).toBe(1);

  await drainAt(new Date(sendAt.getTime() + HOUR));
  expect(smtp.received.filter((m) => m.to[0]!.startsWith('cancel-'))).toHaveLength(0);
  // A second cancel has nothing to cancel and says so.
  const again = await admin.post(`/api/v1/campaigns/${campaign._id}/invitations/cancel`).send({});
  expect(again.status).toBe(409);
  expect(again.body.error.message).toContain('no send is scheduled for later');
});

test('a send time in the past, after the links expire or missing is refused naming sendAt; nothing is scheduled', async () => {
  const { campaign } = await buildCampaign(tenant, { recipients: threeWithEmail('bad') });
  const past = await admin.post(`/api/v1/campaigns/${campaign._id}/invitations`).send({ sendAt: new Date(Date.now() - HOUR).toISOString() });
  expect(past.status).toBe(400);
  expect(past.body.error).toMatchObject({ field: 'sendAt', message: 'sendAt: must be later than now' });
  const tooLate = await admin.post(`/api/v1/campaigns/${campaign._id}/invitations`).send({ sendAt: new Date(Date.now() + 400 * 24 * HOUR).toISOString() });
  expect(tooLate.status).toBe(400);
  expect(tooLate.body.error.field).toBe('sendAt');
  const garbled = await admin.post(`/api/v1/campaigns/${campaign._id}/invitations`).send({ sendAt: 'tomorrow' });
  expect(garbled.status).toBe(400);
  expect(garbled.body.error.message).toContain('sendAt: must be an ISO 8601 date-time');
  const csrf = await csrfTokenOf(admin, `/campaigns/${campaign._id}/invitations/confirm`);
  await admin.post(`/campaigns/${campaign._id}/invitations`).type('form').send({ _csrf: csrf, when: 'later', sendAt: '' });
  const page = await admin.get(`/campaigns/${campaign._id}`);
  expect(page.text).toContain('sendAt: is required to send later');
  expect(await world.store.collection<Recipient>('recipients').count({ campaignId: campaign._id, nextMailAt: '~' })).toBe(4);
});
