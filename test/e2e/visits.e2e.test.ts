/**
 * Mystery shopping in Chromium on a phone: the shopper opens an assignment,
 * fills the checklist, uploads a photo and submits; the reviewer returns it
 * once, the shopper fixes it, the reviewer approves; the visit's score appears.
 */
import { loadDefaultTemplates } from '../../server/services/templates/defaults';
import { assignVisit } from '../../server/services/visits/assignment';
import { updateProfile } from '../../server/services/visits/shoppers';
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { type E2E, startE2E, watchErrors } from '../helpers/e2e';
import { checklistAnswers, jpegBytes, mysteryPlan, recentTimes, today } from '../helpers/visits';
import { addDays } from '../../server/services/calendar';

let e2e: E2E;
let visitId: string;

beforeAll(async () => {
  e2e = await startE2E(async (tenant) => {
    const shopper = tenant.users.shopper!;
    await updateProfile(tenant.ctx, shopper._id, { regions: ['北京'], availability: ['weekday-morning'] });
    const { visits } = await mysteryPlan(tenant, { from: addDays(today(), -10), to: today() });
    visitId = visits[0]._id;
    await assignVisit(tenant.ctx, visitId, shopper._id);
  });
});
afterAll(() => e2e?.close());

const checklistIds = Object.entries(checklistAnswers())
  .filter(([, v]) => v === 'yes')
  .map(([k]) => k);

test('shopper reports, reviewer returns once, shopper fixes, reviewer approves, the score shows', async () => {
  const { browser, tenant, url, loginAs } = e2e;
  expect(loadDefaultTemplates().find((t) => t.channel === 'mystery')).toBeDefined();
  const shopperContext = await browser.newContext(PHONE);
  const shopper = await shopperContext.newPage();
  const shopperErrors = watchErrors(shopper);
  await loginAs(shopper, tenant.users.shopper!.email, '/my-visits');
  await screenshot(shopper, 'visit-1-assignments');

  await shopper.getByRole('link', { name: /待接受/ }).click();
  await shopper.getByRole('button', { name: '接受任务' }).click();
  await expect(shopper.getByRole('status').textContent()).resolves.toContain('已接受任务');

  const when = recentTimes();
  await shopper.fill('#visitDate', when.visitDate!);
  await shopper.fill('#startTime', when.startTime!);
  await shopper.fill('#endTime', when.endTime!);
  for (const id of checklistIds) await shopper.click(`label[for="q_${id}_0"]`);
  // A "no" opens its comment box (visit-form.js); the comment is required.
  expect(await shopper.isHidden('#c_waiting_area')).toBe(true);
  await shopper.click('label[for="q_waiting_area_1"]');
  expect(await shopper.isVisible('#c_waiting_area')).toBe(true);
  await shopper.fill('#c_waiting_area', '没有座位，站着等了 10 分钟');
  await shopper.fill('#q_wait_minutes_in', '10');
  await shopper.fill('#q_staff_description_in', '女，约30岁');
  await shopper.setInputFiles('#q_evidence_photos_in', { name: '收据.jpg', mimeType: 'image/jpeg', buffer: await jpegBytes(true) });
  await screenshot(shopper, 'visit-2-form');
  await shopper.getByRole('button', { name: '提交报告' }).click();
  await expect(shopper.getByRole('status').textContent()).resolves.toContain('报告已提交');
  await expect(shopper.locator('.photos img').count()).resolves.toBe(1);
  await screenshot(shopper, 'visit-3-submitted');

  const reviewerContext = await browser.newContext(PHONE);
  const reviewer = await reviewerContext.newPage();
  const reviewerErrors = watchErrors(reviewer);
  await loginAs(reviewer, tenant.users.reviewer!.email, '/review');
  await reviewer.getByRole('link', { name: /S1/ }).first().click();
  // The reviewer's thumbnail really loads (served to the reviewer, lazy until scrolled to).
  const thumb = reviewer.locator('.photos img').first();
  await thumb.scrollIntoViewIfNeeded();
  await reviewer.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0, await thumb.elementHandle());
  await reviewer.fill('#ret', '请补充接待人员的工牌号');
  await screenshot(reviewer, 'visit-4-review');
  await reviewer.getByRole('button', { name: '退回暗访员修改' }).click();
  await expect(reviewer.getByRole('status').textContent()).resolves.toContain('已退回');

  await shopper.goto(`${url}/my-visits/${visitId}`);
  await expect(shopper.getByRole('alert').textContent()).resolves.toContain('请补充接待人员的工牌号');
  // The form keeps every answer, the comment and the photo from the first submission.
  expect(await shopper.isChecked('#q_waiting_area_1')).toBe(true);
  expect(await shopper.inputValue('#c_waiting_area')).toBe('没有座位，站着等了 10 分钟');
  await screenshot(shopper, 'visit-5-returned');
  await shopper.fill('#q_staff_description_in', '女，约30岁，工牌 A102 王丽');
  await shopper.getByRole('button', { name: '提交报告' }).click();
  await expect(shopper.getByRole('status').textContent()).resolves.toContain('报告已提交');

  await reviewer.goto(`${url}/review/visits/${visitId}`);
  await reviewer.getByRole('button', { name: '通过（计入得分）' }).click();
  await expect(reviewer.getByRole('status').textContent()).resolves.toContain('质检已批准。暗访结果：');
  // Arrival 5/6, four other sections all yes, pricing weighted ×2: (5/6 + 1 + 1 + 2 + 1) / 6 = 97.2.
  await expect(reviewer.locator('#visit-score').textContent()).resolves.toBe('97.2');
  await screenshot(reviewer, 'visit-6-approved');

  await shopper.goto(`${url}/my-visits/${visitId}`);
  await expect(shopper.locator('#visit-score').textContent()).resolves.toBe('97.2');
  await expect(shopper.locator('.state').first().textContent()).resolves.toBe('质检：已批准');
  await screenshot(shopper, 'visit-7-shopper-score');
  expect([...shopperErrors, ...reviewerErrors]).toEqual([]);
  await shopperContext.close();
  await reviewerContext.close();
});

test('an admin plans visits, sets up the pool, assigns automatically and reads the pass rates', async () => {
  const { browser, tenant, url, loginAs } = e2e;
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await loginAs(page, tenant.admin.email, '/shoppers');
  // The shopper gets a second city and weekend afternoons, so the new plan at S2 can go to them.
  const card = page.locator('form.shopper-card').first();
  await card.getByLabel('上海').check();
  await card.getByLabel('周末下午').check();
  await card.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status').textContent()).resolves.toContain('已保存');
  await screenshot(page, 'visit-8-shoppers');

  await page.goto(`${url}/visit-plans`);
  await page.selectOption('#p-site', { label: `S2 ${tenant.sites[1].name} · 上海` });
  await page.fill('#p-from', '2026-01-01');
  await page.fill('#p-to', '2026-06-30');
  await page.fill('#p-visits', '3');
  await page.getByLabel('工作日上午').uncheck();
  await page.getByLabel('工作日下午').uncheck();
  await page.getByRole('button', { name: '创建计划' }).click();
  await expect(page.getByRole('status').textContent()).resolves.toContain('已创建计划');
  await page.getByRole('button', { name: '自动分配暗访员' }).click();
  // One shopper, 60-day rule, three two-month shares: visits 1 and 3 are theirs, 2 stays open.
  await expect(page.getByRole('status').textContent()).resolves.toContain('已分配 2 次，1 次暂无符合条件的暗访员');
  await screenshot(page, 'visit-9-plan');

  await page.goto(`${url}/visit-reports/pass-rates`);
  await expect(page.locator('table.rates').textContent()).resolves.toContain('0.0');
  await screenshot(page, 'visit-10-pass-rates');
  expect(errors).toEqual([]);
  await context.close();
});
