/**
 * Invitations and reminders delivered to a real SMTP server in the test
 * process (SMTP_URL points at it); the test follows the links in the mail.
 */
import request from 'supertest';
import { linkBaseUrl } from '../../server/http/campaigns/baseUrl';
import type { Mailer } from '../../server/mail/transport';
import { runCampaignJobs } from '../../server/services/campaigns/jobs';
import type { Campaign, Recipient } from '../../server/services/campaigns/types';
import { buildCampaign, formFields } from '../helpers/campaigns';
import { rawHeader, startSmtp, surveyLinkOf, type TestSmtp } from '../helpers/smtp';
import { buildTenant, buildWorld, csrfTokenOf, loginAgent, type Tenant, type World } from '../helpers/world';
import { DAY_MS } from '../../server/services/calendar';

let smtp: TestSmtp;
let world: World;
let tenant: Tenant;
let mailer: Mailer;
let campaign: Campaign;
let byEmail: Map<string, Recipient>;
let base: string;

beforeAll(async () => {
  smtp = await startSmtp((address) => address === 'nobody@example.com');
  world = await buildWorld({ SMTP_URL: smtp.url });
  base = linkBaseUrl(world.deps.config);
  // SMTP_URL makes the world's mailer (and its job worker's) talk SMTP to the server above.
  mailer = world.deps.mailer;
  tenant = await buildTenant(world.store);
  const built = await buildCampaign(tenant, {
    reminders: { afterDays: 3, maxCount: 2 },
    recipients: [
      { name: '王芳', email: 'answers@example.com', siteCode: 'S1', caseId: 'R-1' },
      { name: '赵强', email: 'silent@example.com', siteCode: 'S1', caseId: 'R-2' },
      { email: 'optout@example.com', siteCode: 'S2', caseId: 'R-3' },
      { email: 'nobody@example.com', siteCode: 'S2', caseId: 'R-4' },
      { phone: '13900139000', siteCode: 'S2', caseId: 'R-5' },
    ],
  });
  campaign = built.campaign;
  byEmail = new Map(built.recipients.filter((r) => r.email).map((r) => [r.email!, r]));
});
afterAll(async () => {
  await smtp.stop();
  await world.close();
});

const reload = (email: string) => world.store.collection<Recipient>('recipients').findOne({ _id: byEmail.get(email)!._id });
const messagesTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));
const jobsAt = (offsetMs: number) => runCampaignJobs(world.store, { mailer, baseUrl: base, now: () => new Date(Date.now() + offsetMs) });

test('the invitation button sends through SMTP; links, unsubscribe header and bounces are right', async () => {
  const admin = await loginAgent(world.app, tenant.admin.email);
  const csrf = await csrfTokenOf(admin, `/campaigns/${campaign._id}`);
  const pressed = await admin.post(`/campaigns/${campaign._id}/invitations`).type('form').send({ _csrf: csrf });
  expect(pressed.status).toBe(303);
  // The button wrote a job with the schedule; draining the queue sends the mail.
  expect(smtp.received).toHaveLength(0);
  expect(await world.drain()).toBe(1);
  await smtp.waitFor(3);
  expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['answers@example.com', 'optout@example.com', 'silent@example.com']);

  for (const { to, mail } of smtp.received) {
    const r = byEmail.get(to[0]!)!;
    expect(mail.subject).toContain('邀请您评价最近的服务');
    expect(surveyLinkOf(mail)).toBe(`${base}/s/${r.token}`);
    expect(rawHeader(mail, 'List-Unsubscribe')).toBe(`<${base}/u/${r.token}>`);
    expect(rawHeader(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.html).toContain(`/s/${r.token}`);
    // Both language halves sit inside one wrapper with a sans-serif stack, so no client falls back to serif for the English half.
    const wrapper = /^<div style="font-family:([^;"]+);/.exec(mail.html as string);
    expect(wrapper?.[1]).toMatch(/Arial.*Microsoft YaHei.*sans-serif$/);
    expect((mail.html as string).indexOf('<div lang="en">')).toBeGreaterThan(0);
    expect((mail.html as string).endsWith('</div></div>')).toBe(true);
  }
  expect(messagesTo('answers@example.com')[0]!.mail.text).toContain('王芳，您好');
  expect(await reload('nobody@example.com')).toMatchObject({ bouncedAt: expect.any(String), nextMailAt: '~' });
  expect(await reload('silent@example.com')).toMatchObject({ invitedAt: expect.any(String), invitedVia: 'email', mailsSent: 1 });
});

test('the customer follows the emailed link and answers; another unsubscribes with one click', async () => {
  const link = new URL(surveyLinkOf(messagesTo('answers@example.com')[0]!.mail));
  expect((await request(world.app).get(link.pathname)).status).toBe(200);
  const done = await request(world.app).post(link.pathname).type('form').send(formFields());
  expect(done.text).toContain('感谢您的评价');

  const optout = messagesTo('optout@example.com')[0]!.mail;
  const unsubscribeUrl = new URL(rawHeader(optout, 'List-Unsubscribe')!.slice(1, -1));
  expect((await request(world.app).get(unsubscribeUrl.pathname)).text).toContain('确认退订');
  // A mail client's RFC 8058 one-click POST.
  const oneClick = await request(world.app).post(unsubscribeUrl.pathname).type('form').send('List-Unsubscribe=One-Click');
  expect(oneClick.status).toBe(200);
  expect(oneClick.text).toContain('您已退订');
  expect(await reload('optout@example.com')).toMatchObject({ unsubscribedAt: expect.any(String), nextMailAt: '~' });
});

test('reminders go only to non-responders, after the set days, at most the set count', async () => {
  const before = smtp.received.length;
  expect(await jobsAt(2 * DAY_MS)).toMatchObject({ invitations: 0, reminders: 0 });

  expect(await jobsAt(3 * DAY_MS + 60_000)).toMatchObject({ reminders: 1 });
  await smtp.waitFor(before + 1);
  const first = smtp.received[before]!;
  expect(first.to).toEqual(['silent@example.com']);
  expect(first.mail.subject).toContain('提醒');
  expect(surveyLinkOf(first.mail)).toBe(`${base}/s/${byEmail.get('silent@example.com')!.token}`);

  expect(await jobsAt(4 * DAY_MS)).toMatchObject({ reminders: 0 });
  expect(await jobsAt(6 * DAY_MS + 120_000)).toMatchObject({ reminders: 1 });
  for (const offset of [9 * DAY_MS + 180_000, 20 * DAY_MS]) expect(await jobsAt(offset)).toMatchObject({ reminders: 0, invitations: 0 });
  // Each job resolves once the SMTP server has accepted its messages (it answers 250 only after recording one), so nothing is still on its way.

  expect(messagesTo('silent@example.com')).toHaveLength(3);
  expect(messagesTo('answers@example.com')).toHaveLength(1);
  expect(messagesTo('optout@example.com')).toHaveLength(1);
  expect(messagesTo('nobody@example.com')).toHaveLength(0);
  expect(await reload('silent@example.com')).toMatchObject({ mailsSent: 3, remindersSent: 2, nextMailAt: '~' });
});

test('two senders at once never mail the same recipient twice', async () => {
  const fresh = await buildCampaign(tenant, { recipients: Array.from({ length: 12 }, (_, i) => ({ email: `bulk${i}@example.com`, siteCode: 'S1' })) });
  const { requestInvitations } = await import('../../server/services/campaigns/mailing');
  await requestInvitations(tenant.ctx, fresh.campaign._id);
  const before = smtp.received.length;
  const reports = await Promise.all([jobsAt(0), jobsAt(0), jobsAt(0)]);
  expect(reports.reduce((n, r) => n + r.invitations, 0)).toBe(12);
  // All three jobs have resolved, so every message they sent is recorded: none can arrive late.
  const bulk = smtp.received.slice(before).map((m) => m.to[0]);
  expect(new Set(bulk).size).toBe(12);
  expect(bulk).toHaveLength(12);
});

test('the status counters moved at each transition agree with a full recount', async () => {
  const { campaignStatus } = await import('../../server/services/campaigns/status');
  const { recountCampaign } = await import('../../server/services/campaigns/counters');
  const live = await campaignStatus(tenant.ctx, campaign);
  expect(live.total).toMatchObject({ recipients: 5, invited: 3, opened: 1, responded: 1, bounced: 1, unsubscribed: 1 });
  await recountCampaign(tenant.ctx.store, tenant.enterpriseId, campaign._id);
  expect(await campaignStatus(tenant.ctx, campaign)).toEqual(live);
});
