/**
 * An admin works through a campaign's recipients in Chromium, in zh-CN and
 * English: searches, filters by status, pages on; then presses "send
 * invitations", is asked with the count, and schedules the send for later.
 */
import type { Recipient } from '../../server/services/campaigns/types';
import { DESKTOP, screenshot } from '../helpers/browser';
import { buildCampaign } from '../helpers/campaigns';
import { type E2E, startE2E } from '../helpers/e2e';

let e2e: E2E;
let campaignId: string;

beforeAll(async () => {
  e2e = await startE2E(async (tenant) => {
    const recipients = Array.from({ length: 130 }, (_, i) => ({
      name: i % 3 === 0 ? `Chen ${i}` : `王${i}`,
      email: `r${i}@example.com`,
      phone: `1380000${String(i).padStart(4, '0')}`,
      siteCode: i % 2 ? 'S2' : 'S1',
      caseId: `WX-${String(i).padStart(4, '0')}`,
    }));
    campaignId = (await buildCampaign(tenant, { recipients })).campaign._id;
    const col = tenant.ctx.store.collection<Recipient>('recipients');
    const at = new Date().toISOString();
    const emails = (from: number, to: number) => ({ campaignId, email: { $in: Array.from({ length: to - from }, (_, k) => `r${from + k}@example.com`) } });
    await col.updateMany(emails(0, 60), { $set: { invitedAt: at, mailsSent: 1, lastMailedAt: at } });
    await col.updateMany(emails(10, 20), { $set: { remindersSent: 1, mailsSent: 2 } });
    await col.updateMany(emails(20, 35), { $set: { respondedAt: at } });
    await col.updateMany(emails(35, 38), { $set: { bouncedAt: at } });
  });
});
afterAll(() => e2e?.close());

for (const lang of ['zh-CN', 'en'] as const) {
  const words =
    lang === 'zh-CN'
      ? {
          all: '共 130 位收件人',
          search: '搜索',
          status: '状态',
          answered: '已回复',
          find: '查找',
          found: '找到 15 位收件人',
          next: '下一页',
          send: '发送邀请邮件',
          question: '向 70 位收件人发送邀请？',
          later: '定时发送',
          confirm: '确认发送',
        }
      : {
          all: '130 recipients',
          search: 'Search',
          status: 'Status',
          answered: 'Answered',
          find: 'Find',
          found: '15 recipients found',
          next: 'Next',
          send: 'Send invitation emails',
          question: 'Send invitations to 70 recipients?',
          later: 'Send later',
          confirm: 'Send',
        };

  test(`(${lang}) the recipient list searches, filters by status and pages; sending asks with the count`, async () => {
    const context = await e2e.contextAs(e2e.tenant.admin.email, { ...DESKTOP, locale: lang });
    await context.addCookies([{ name: 'lang', value: lang, url: e2e.url }]);
    const page = await context.newPage();
    await page.goto(`${e2e.url}/campaigns/${campaignId}/recipients`);
    await expect(page.getByText(words.all).isVisible()).resolves.toBe(true);
    await expect(page.locator('tbody tr').count()).resolves.toBe(50);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: new RegExp(words.next) }).click()]);
    await expect(page.locator('tbody tr').count()).resolves.toBe(50);
    await expect(page.locator('nav.pager [aria-current="page"]').textContent()).resolves.toBe('2');
    await screenshot(page, `campaign-recipients-page2-${lang}`);

    await page.getByLabel(words.status).selectOption('answered');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: words.find }).click()]);
    await expect(page.getByText(words.found).isVisible()).resolves.toBe(true);
    await page.getByLabel(words.search).fill('Chen');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: words.find }).click()]);
    // Answered are r20–r34; of those, Chen is every third: 21, 24, 27, 30, 33.
    await expect(page.locator('tbody tr').count()).resolves.toBe(5);
    await screenshot(page, `campaign-recipients-filtered-${lang}`);

    await page.goto(`${e2e.url}/campaigns/${campaignId}`);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: words.send }).click()]);
    await expect(page.getByRole('heading', { name: words.question }).isVisible()).resolves.toBe(true);
    await page.getByLabel(words.later).check();
    await screenshot(page, `campaign-send-confirm-${lang}`);
  });
}

test('scheduling from the confirmation shows the scheduled send on the campaign page, and it can be cancelled', async () => {
  const context = await e2e.contextAs(e2e.tenant.admin.email, DESKTOP);
  const page = await context.newPage();
  await page.goto(`${e2e.url}/campaigns/${campaignId}/invitations/confirm`);
  await page.getByLabel('定时发送').check();
  const min = await page.locator('#sendAt').getAttribute('min');
  // The links expire in 30 days: choose tomorrow 09:30 local, inside the allowed range.
  const tomorrow = new Date(Date.parse(`${min!.slice(0, 10)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  await page.locator('#sendAt').fill(`${tomorrow}T09:30`);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '确认发送' }).click()]);
  await expect(page.getByText(`已安排于 ${tomorrow} 09:30 向 70 位收件人发送邀请`).first().isVisible()).resolves.toBe(true);
  await screenshot(page, 'campaign-send-scheduled-zh-CN');
  page.once('dialog', (dialog) => void dialog.accept());
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '取消定时发送' }).click()]);
  await expect(page.getByText('已取消定时发送，70 位收件人回到“未邀请”。').isVisible()).resolves.toBe(true);
});
