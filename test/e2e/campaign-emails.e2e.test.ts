/**
 * An admin edits a campaign's invitation in Chromium, in zh-CN and English: a
 * body without {{link}} is refused in the page language with the typed text
 * kept; with the link back, the preview shows the edited subject for the
 * sample recipient and the mail itself in its sandboxed frame; saving keeps it.
 */
import { DESKTOP, screenshot } from '../helpers/browser';
import { buildCampaign } from '../helpers/campaigns';
import { type E2E, startE2E, watchErrors } from '../helpers/e2e';

let e2e: E2E;
const campaignIds: string[] = [];

beforeAll(async () => {
  e2e = await startE2E(async (tenant) => {
    campaignIds.push((await buildCampaign(tenant)).campaign._id, (await buildCampaign(tenant)).campaign._id);
  });
});
afterAll(() => e2e?.close());

const WORDS = {
  'zh-CN': {
    body: '正文（中文）',
    subject: '主题（中文）',
    sender: '发件人名称',
    preview: '预览',
    save: '保存',
    refused: '邀请邮件 · 正文（中文）：必须包含 {{link}}',
    typed: '欢迎再次光临{{site}}！',
    subjectText: '{{name}}，请评价{{site}}的服务',
    shown: '张三，请评价',
    saved: '已保存邮件内容。',
  },
  en: {
    body: 'Body (Chinese)',
    subject: 'Subject (Chinese)',
    sender: 'Sender name',
    preview: 'Preview',
    save: 'Save',
    refused: 'Invitation · body (Chinese): must contain {{link}}',
    typed: '欢迎再次光临{{site}}！',
    subjectText: '{{name}}，请评价{{site}}的服务',
    shown: '张三，请评价',
    saved: 'Emails saved.',
  },
} as const;

(['zh-CN', 'en'] as const).forEach((lang, i) => {
  test(`(${lang}) editing the invitation: a missing link is refused in the page language, the preview shows the edit, saving keeps it`, async () => {
    const words = WORDS[lang];
    const campaignId = campaignIds[i]!;
    const context = await e2e.contextAs(e2e.tenant.admin.email, { ...DESKTOP, locale: lang });
    await context.addCookies([{ name: 'lang', value: lang, url: e2e.url }]);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${e2e.url}/campaigns/${campaignId}/emails`);

    const invitation = page.locator('fieldset').first();
    await invitation.getByLabel(words.sender).fill('星辰汽车售后 Star Motors');
    await invitation.getByLabel(words.subject).fill(words.subjectText);
    await invitation.getByLabel(words.body).fill(words.typed);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: words.preview, exact: true }).click()]);
    await expect(page.getByRole('alert').textContent()).resolves.toContain(words.refused);
    await expect(page.locator('fieldset').first().getByLabel(words.body).inputValue()).resolves.toBe(words.typed);
    await screenshot(page, `campaign-emails-refused-${lang}`);

    await page.locator('fieldset').first().getByLabel(words.body).fill(`{{greeting}}\n\n${words.typed}\n\n{{link}}`);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: words.preview, exact: true }).click()]);
    const preview = page.locator('#preview');
    await expect(preview.getByText(words.shown).first().isVisible()).resolves.toBe(true);
    await expect(preview.getByText('星辰汽车售后 Star Motors').first().isVisible()).resolves.toBe(true);
    const frame = page.frameLocator('#preview iframe').first();
    await expect(frame.getByText('欢迎再次光临').isVisible()).resolves.toBe(true);
    await expect(frame.getByRole('link', { name: '开始评价' }).isVisible()).resolves.toBe(true);
    await preview.scrollIntoViewIfNeeded();
    await screenshot(page, `campaign-emails-preview-${lang}`);

    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: words.save, exact: true }).click()]);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(words.saved);
    await expect(page.locator('fieldset').first().getByLabel(words.subject).inputValue()).resolves.toBe(words.subjectText);
    expect(errors).toEqual([]);
    await context.close();
  });
});
