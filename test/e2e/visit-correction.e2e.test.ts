/**
 * A reviewer in Chromium corrects a checklist item to 「否」 by pressing the
 * item's own 否 button (no typing): first without a reason, which is refused in
 * Chinese with the choice kept, then with one, which is saved and said once.
 */
import { acceptVisit, assignVisit } from '../../server/services/visits/assignment';
import { submitReport } from '../../server/services/visits/report';
import { PHONE, screenshot } from '../helpers/browser';
import { type E2E, startE2E, watchErrors } from '../helpers/e2e';
import { actingAs, mysteryPlan, reportInput } from '../helpers/visits';
import { updateProfile } from '../../server/services/visits/shoppers';

let e2e: E2E;
let visitId: string;

beforeAll(async () => {
  e2e = await startE2E(async (tenant) => {
    const shopper = tenant.users.shopper!;
    await updateProfile(tenant.ctx, shopper._id, { regions: ['北京'], availability: ['weekday-morning'] });
    const { visits } = await mysteryPlan(tenant);
    visitId = visits[0]._id;
    await assignVisit(tenant.ctx, visitId, shopper._id);
    await acceptVisit(actingAs(tenant, shopper), visitId);
    await submitReport(actingAs(tenant, shopper), visitId, reportInput(2));
  });
});
afterAll(() => e2e?.close());

test('a reviewer corrects 「门头」 to 否 with its own button; a missing reason is refused in Chinese and the choice stays', async () => {
  const { browser, tenant } = e2e;
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await e2e.loginAs(page, tenant.users.reviewer!.email, `/review/visits/${visitId}`);
  const item = page.locator('#fix_sign_visible');
  await item.locator('summary').click();
  await item.getByText('否', { exact: true }).click();
  // The browser itself asks for the reason first; bypass it to see the server's answer in the page language.
  await item.locator('form').evaluate((form) => form.setAttribute('novalidate', ''));
  await item.getByRole('button', { name: '保存更正' }).click();
  await expect(page.locator('#fix_sign_visible .q-error').textContent()).resolves.toBe('请填写更正原因（最多 2000 字）。');
  await expect(page.locator('#fix_sign_visible input[value="no"]').isChecked()).resolves.toBe(true);
  await screenshot(page, 'visit-correction-1-refused');

  await page.locator('#reason_sign_visible').fill('照片显示门头灯箱未亮');
  await page.locator('#fix_sign_visible').getByRole('button', { name: '保存更正' }).click();
  await expect(page.getByRole('status').textContent()).resolves.toMatch(/^已更正「.+」：否$/);
  await expect(page.locator('#fix_sign_visible summary').textContent()).resolves.toContain('当前答案: 否');
  await expect(page.locator('.history').textContent()).resolves.toContain('是 → 否');
  await screenshot(page, 'visit-correction-2-saved');
  expect(errors).toEqual([]);
  await context.close();
});
