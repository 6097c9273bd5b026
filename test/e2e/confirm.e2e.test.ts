/**
 * Actions that cannot be undone ask first (client/js/confirm.js): dismissing the
 * question leaves everything as it was, accepting it goes ahead.
 */
import { createApiToken } from '../../server/services/accounts/apiTokens';
import type { Campaign } from '../../server/services/campaigns/types';
import { DESKTOP, screenshot } from '../helpers/browser';
import { buildCampaign } from '../helpers/campaigns';
import { type E2E, startE2E } from '../helpers/e2e';

let e2e: E2E;
let campaignId: string;

beforeAll(async () => {
  e2e = await startE2E(async (tenant) => {
    campaignId = (await buildCampaign(tenant)).campaign._id;
    await createApiToken(tenant.ctx, { name: '呼叫中心集成', role: 'agent' });
  });
});
afterAll(() => e2e?.close());

test('closing a campaign asks first; cancelling the question keeps it open', async () => {
  const { world, tenant, url } = e2e;
  const context = await e2e.contextAs(tenant.admin.email, DESKTOP);
  const page = await context.newPage();
  await page.goto(`${url}/campaigns/${campaignId}`);
  const questions: string[] = [];
  page.once('dialog', (dialog) => {
    questions.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole('button', { name: '结束活动' }).click();
  await expect(page.getByText('进行中').first().isVisible()).resolves.toBe(true);
  expect(questions).toEqual(['结束后，所有问卷链接立即失效，也不再发送邀请和提醒；已收到的答卷保留。确定结束此活动？']);
  expect((await world.store.collection<Campaign>('campaigns').findOne({ _id: campaignId }))!.closedAt).toBeUndefined();

  page.once('dialog', (dialog) => void dialog.accept());
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '结束活动' }).click()]);
  await expect(page.getByText('活动已结束：链接失效，不再发送邮件。').isVisible()).resolves.toBe(true);
  expect((await world.store.collection<Campaign>('campaigns').findOne({ _id: campaignId }))!.closedAt).toBeDefined();
  await screenshot(page, 'campaign-closed-after-confirm');
  await context.close();
});

test('revoking an API token asks first, in English too', async () => {
  const { tenant, url } = e2e;
  const context = await e2e.contextAs(tenant.admin.email, DESKTOP);
  const page = await context.newPage();
  await page.goto(`${url}/admin/tokens?lang=en`);
  let asked = '';
  page.once('dialog', (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await page.getByRole('button', { name: 'Revoke' }).click();
  expect(asked).toBe('Integrations using this token lose access at once. Revoke it?');
  await expect(page.getByRole('button', { name: 'Revoke' }).isVisible()).resolves.toBe(true);
  await context.close();
});
