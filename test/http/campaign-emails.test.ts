/**
 * A campaign's own invitation and reminder emails: the built-in texts are the
 * defaults; edits are checked (unknown placeholder, missing {{link}}, link in a
 * subject) with a 400 naming the field in the page's language; markup is
 * escaped; the preview fills a sample recipient; "send a test to me" and a real
 * invitation reach a real SMTP server with the edited sender, subject and body
 * and a link that opens the survey; every change is in the audit log.
 */
import type { AuditEntry } from '../../server/services/auditLog';
import { requestInvitations } from '../../server/services/campaigns/mailing';
import { defaultEmails, type CampaignEmails } from '../../server/services/campaigns/emailTexts';
import { buildCampaign } from '../helpers/campaigns';
import { startSmtp, surveyLinkOf, type TestSmtp } from '../helpers/smtp';
import { buildTenant, buildWorld, csrfTokenOf, loginAgent, type Tenant, type World } from '../helpers/world';

let smtp: TestSmtp;
let world: World;
let tenant: Tenant;
let admin: Awaited<ReturnType<typeof loginAgent>>;

beforeAll(async () => {
  smtp = await startSmtp();
  world = await buildWorld({ SMTP_URL: smtp.url, MAIL_FROM: 'ServiceStar <no-reply@servicestar.test>' });
  tenant = await buildTenant(world.store);
  admin = await loginAgent(world.app, tenant.admin.email);
}, 60_000);
afterAll(async () => {
  await world.close();
  await smtp.stop();
});

function edited(): CampaignEmails {
  const emails = defaultEmails();
  emails.invitation.senderName = '星辰汽车售后 Star Motors';
  emails.invitation.subject = { 'zh-CN': '{{name}}，请为{{site}}打分', en: '{{name}}, rate {{site}}' };
  emails.invitation.body = {
    'zh-CN': '{{greeting}}\n\n感谢您光临{{site}}。\n\n{{link}}\n\n请在 {{expires}} 前作答。——{{enterprise}}',
    en: '{{greeting}}\n\nThank you for visiting {{site}}.\n\n{{link}}\n\nPlease answer by {{expires}}.',
  };
  return emails;
}

const audited = async (campaignId: string) =>
  (await world.store.collection<AuditEntry>('auditLog').find({ enterpriseId: tenant.enterpriseId, action: 'campaign.editEmails' })).filter(
    (e) => e.entityId === campaignId,
  );

test('the edit page starts from the built-in texts and lists every placeholder with its meaning, in both languages', async () => {
  const { campaign } = await buildCampaign(tenant);
  const zh = await admin.get(`/campaigns/${campaign._id}/emails`);
  expect(zh.status).toBe(200);
  expect(zh.text).toContain('目前使用系统默认内容。');
  expect(zh.text).toContain('{{enterprise}}邀请您评价最近的服务');
  for (const p of ['{{greeting}}', '{{name}}', '{{link}}', '{{enterprise}}', '{{site}}', '{{expires}}']) expect(zh.text).toContain(`<code>${p}</code>`);
  expect(zh.text).toContain('收件人专属的问卷链接');
  const en = await admin.get(`/campaigns/${campaign._id}/emails`).set('Cookie', 'lang=en');
  expect(en.text).toContain('The built-in texts are in use.');
  expect(en.text).toContain('The recipient&#x27;s own survey link');
  expect((await admin.get(`/campaigns/${campaign._id}`)).text).toContain(`href="/campaigns/${campaign._id}/emails"`);
});

test('over JSON the texts are saved, read back and audited with the fields that changed; DELETE goes back to the built-in texts', async () => {
  const { campaign } = await buildCampaign(tenant);
  const saved = await admin.put(`/api/v1/campaigns/${campaign._id}/emails`).send(edited());
  expect(saved.status).toBe(200);
  const read = await admin.get(`/api/v1/campaigns/${campaign._id}/emails`);
  expect(read.body.custom).toBe(true);
  expect(read.body.emails.invitation.subject.en).toBe('{{name}}, rate {{site}}');
  expect(read.body.emails.reminder).toEqual(defaultEmails().reminder);
  const [entry] = await audited(campaign._id);
  expect(entry!.detail).toEqual({
    changed: ['invitation.senderName', 'invitation.subject.zh-CN', 'invitation.subject.en', 'invitation.body.zh-CN', 'invitation.body.en'],
  });

  expect((await admin.delete(`/api/v1/campaigns/${campaign._id}/emails`)).status).toBe(200);
  expect((await admin.get(`/api/v1/campaigns/${campaign._id}/emails`)).body).toMatchObject({ custom: false, emails: defaultEmails() });
  expect(await audited(campaign._id)).toHaveLength(2);
});

test.each([
  ['an unknown placeholder', (e: CampaignEmails) => (e.invitation.body['zh-CN'] += ' {{coupon}}'), 'invitation.body.zh-CN', /no placeholder \{\{coupon\}\}/],
  ['a body without {{link}}', (e: CampaignEmails) => (e.reminder.body.en = 'Please answer soon.'), 'reminder.body.en', /must contain \{\{link\}\}/],
  ['the link in a subject', (e: CampaignEmails) => (e.invitation.subject.en = 'Answer at {{link}}'), 'invitation.subject.en', /cannot be used here/],
  ['an unpaired brace', (e: CampaignEmails) => (e.reminder.subject['zh-CN'] = '提醒 {{site'), 'reminder.subject.zh-CN', /unpaired curly brace/],
  ['an empty subject', (e: CampaignEmails) => (e.invitation.subject['zh-CN'] = '  '), 'invitation.subject.zh-CN', /is required/],
  ['a sender name with brackets', (e: CampaignEmails) => (e.invitation.senderName = 'Evil <x@evil.test>'), 'invitation.senderName', /angle brackets/],
])('%s is refused over JSON with 400 naming the field, the rule said in the request language, and nothing saved', async (_case, breakIt, field, rule) => {
  const { campaign } = await buildCampaign(tenant);
  const emails = edited();
  breakIt(emails);
  const refused = await admin.put(`/api/v1/campaigns/${campaign._id}/emails`).set('Cookie', 'lang=en').send(emails);
  expect(refused.status).toBe(400);
  expect(refused.body.error.field).toBe(field);
  expect(refused.body.error.message).toMatch(rule);
  expect(refused.body.error.text).toMatch(rule);
  expect((await admin.get(`/api/v1/campaigns/${campaign._id}/emails`)).body.custom).toBe(false);
  expect(await audited(campaign._id)).toEqual([]);
});

test('the page form refuses a missing {{link}} with 400 in the page language, keeping what was typed', async () => {
  const { campaign } = await buildCampaign(tenant);
  const csrf = await csrfTokenOf(admin, `/campaigns/${campaign._id}/emails`);
  const form = formOf(edited(), { _csrf: csrf, action: 'save', 'invitation.body.zh-CN': '您好，请评价我们的{{site}}。' });
  const zh = await admin.post(`/campaigns/${campaign._id}/emails`).type('form').send(form);
  expect(zh.status).toBe(400);
  expect(zh.text).toContain('邀请邮件 · 正文（中文）：必须包含 {{link}}（问卷链接），否则收件人无法作答');
  expect(zh.text).toContain('您好，请评价我们的{{site}}。</textarea>');
  const en = await admin
    .post(`/campaigns/${campaign._id}/emails`)
    .set('Cookie', 'lang=en')
    .type('form')
    .send({ ...form, 'reminder.body.en': '{{shop}} {{link}}' });
  expect(en.status).toBe(400);
  expect(en.text).toContain('Invitation · body (Chinese): must contain {{link}}');
  expect(await audited(campaign._id)).toEqual([]);
});

test('markup typed into a text is escaped in the mail and the preview frame runs under the mail policy', async () => {
  const { campaign } = await buildCampaign(tenant);
  const emails = edited();
  emails.invitation.body.en = '<script>alert(1)</script><img src=x onerror=alert(2)>\n\n{{link}}';
  expect((await admin.put(`/api/v1/campaigns/${campaign._id}/emails`).send(emails)).status).toBe(200);
  const preview = await admin.post(`/api/v1/campaigns/${campaign._id}/emails/preview`).send({});
  expect(preview.status).toBe(200);
  expect(preview.body.invitation.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
  expect(preview.body.invitation.html).not.toMatch(/<script|<img/);
  const frame = await admin.get(`/campaigns/${campaign._id}/emails/preview/invitation`);
  expect(frame.status).toBe(200);
  expect(frame.headers['content-security-policy']).toContain("default-src 'none'");
  expect(frame.text).toContain('&lt;script&gt;');
  expect(frame.text).not.toContain('<script>');
});

test('the preview fills a sample recipient, the campaign site, the enterprise and the last day, without saving', async () => {
  const { campaign } = await buildCampaign(tenant);
  const preview = await admin.post(`/api/v1/campaigns/${campaign._id}/emails/preview`).send(edited());
  const site = tenant.sites[0]!.name;
  expect(preview.body.invitation.subject).toBe(`张三，请为${site}打分 / 张三, rate ${site}`);
  expect(preview.body.invitation.from).toBe('星辰汽车售后 Star Motors <no-reply@servicestar.test>');
  expect(preview.body.invitation.text).toContain(`感谢您光临${site}。`);
  const enterprise = await world.store.collection<{ _id: string; name: string }>('enterprises').findOne({ _id: tenant.enterpriseId });
  expect(preview.body.invitation.text).toContain(`——${enterprise!.name}`);
  expect(preview.body.reminder.subject).toContain('提醒：');
  expect((await admin.get(`/api/v1/campaigns/${campaign._id}/emails`)).body.custom).toBe(false);

  const csrf = await csrfTokenOf(admin, `/campaigns/${campaign._id}/emails`);
  const page = await admin
    .post(`/campaigns/${campaign._id}/emails`)
    .type('form')
    .send(formOf(edited(), { _csrf: csrf, action: 'preview' }));
  expect(page.status).toBe(200);
  expect(page.text).toContain(`张三，请为${site}打分 / 张三, rate ${site}`);
  expect(page.text).toContain(`src="/campaigns/${campaign._id}/emails/preview/invitation?draft&#x3D;1"`);
  const frame = await admin.get(`/campaigns/${campaign._id}/emails/preview/invitation?draft=1`);
  expect(frame.text).toContain(`感谢您光临${site}。`);
});

test('only those who manage campaigns edit emails; another enterprise gets 404', async () => {
  const { campaign } = await buildCampaign(tenant);
  const analyst = await loginAgent(world.app, tenant.users.analyst!.email);
  expect((await analyst.get(`/campaigns/${campaign._id}/emails`)).status).toBe(403);
  expect((await analyst.put(`/api/v1/campaigns/${campaign._id}/emails`).send(edited())).status).toBe(403);
  expect((await analyst.post(`/api/v1/campaigns/${campaign._id}/emails/test`).send({})).status).toBe(403);
  const other = await buildTenant(world.store);
  const outsider = await loginAgent(world.app, other.admin.email);
  expect((await outsider.get(`/campaigns/${campaign._id}/emails`)).status).toBe(404);
  expect((await outsider.put(`/api/v1/campaigns/${campaign._id}/emails`).send(edited())).status).toBe(404);
  expect(await audited(campaign._id)).toEqual([]);
});

test('a test to myself and a real invitation reach the SMTP server with the edited sender, subject and body, and the link opens the survey', async () => {
  const { campaign } = await buildCampaign(tenant, { recipients: [{ name: '王五', email: 'wang@example.com', siteCode: 'S1' }] });
  const csrf = await csrfTokenOf(admin, `/campaigns/${campaign._id}/emails`);
  const before = smtp.received.length;
  const tested = await admin
    .post(`/campaigns/${campaign._id}/emails`)
    .type('form')
    .send(formOf(edited(), { _csrf: csrf, action: 'test' }));
  expect(tested.status).toBe(200);
  expect(tested.text).toContain(`已向 ${tenant.admin.email} 发送测试邀请邮件和提醒邮件`);
  const tests = (await smtp.waitFor(before + 2)).slice(before).filter((m) => m.to[0] === tenant.admin.email);
  const testInvitation = tests.find((m) => m.mail.subject?.includes('请为'))!;
  expect(testInvitation.mail.from?.value[0]).toEqual({ name: '星辰汽车售后 Star Motors', address: 'no-reply@servicestar.test' });
  expect(testInvitation.mail.text).toContain('感谢您光临');
  // A test send saves nothing.
  expect((await admin.get(`/api/v1/campaigns/${campaign._id}/emails`)).body.custom).toBe(false);

  const saved = await admin
    .post(`/campaigns/${campaign._id}/emails`)
    .type('form')
    .send(formOf(edited(), { _csrf: csrf, action: 'save' }));
  expect(saved.status).toBe(303);
  await requestInvitations(tenant.ctx, campaign._id);
  const sentBefore = smtp.received.length;
  await world.drain();
  const [invitation] = (await smtp.waitFor(sentBefore + 1)).slice(sentBefore).filter((m) => m.to[0] === 'wang@example.com');
  const site = tenant.sites[0]!.name;
  expect(invitation!.mail.subject).toBe(`王五，请为${site}打分 / 王五, rate ${site}`);
  expect(invitation!.mail.from?.value[0]).toEqual({ name: '星辰汽车售后 Star Motors', address: 'no-reply@servicestar.test' });
  expect(invitation!.mail.text).toContain('王五，您好：');
  expect(invitation!.mail.text).toContain(`Thank you for visiting ${site}.`);
  expect(invitation!.mail.html).toContain(`感谢您光临${site}。`);
  // The privacy notice and the unsubscribe link stay, whatever the body says.
  expect(invitation!.mail.text).toContain('退订');
  const link = new URL(surveyLinkOf(invitation!.mail));
  const survey = await admin.get(link.pathname);
  expect(survey.status).toBe(200);
  expect(survey.text).toContain('<form');
});

function formOf(emails: CampaignEmails, extra: Record<string, string>): Record<string, string> {
  const form: Record<string, string> = {};
  for (const kind of ['invitation', 'reminder'] as const) {
    form[`${kind}.senderName`] = emails[kind].senderName;
    for (const lang of ['zh-CN', 'en'] as const) {
      form[`${kind}.subject.${lang}`] = emails[kind].subject[lang];
      form[`${kind}.body.${lang}`] = emails[kind].body[lang];
    }
  }
  return { ...form, ...extra };
}
