/**
 * Customers on a phone in headless Chromium: one follows the link in the
 * invitation email (read back from the outbox) and answers in Chinese; a
 * walk-in answers from the site QR link with JavaScript switched off.
 * Screenshots: test-output/screenshots/respond-*.png.
 */
import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import { requestInvitations, sendCampaignMail } from '../../server/services/campaigns/mailing';
import type { ResponseDoc } from '../../server/services/responses/types';
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { buildCampaign } from '../helpers/campaigns';
import { type E2E, startE2E } from '../helpers/e2e';

let e2e: E2E;
let built: Awaited<ReturnType<typeof buildCampaign>>;

beforeAll(async () => {
  e2e = await startE2E(async (tenant) => {
    built = await buildCampaign(tenant, { recipients: [{ name: '王芳', email: 'wang.fang@example.com', siteCode: 'S1', caseId: 'WX-1001' }] });
  });
});
afterAll(() => e2e?.close());

/** Picks a choice by its position, clicking its label as a thumb would. */
const choose = (page: Page, questionId: string, index: number) => page.locator(`label[for="q_${questionId}_${index}"]`).click();
const responses = (source: string) => e2e.world.store.collection<ResponseDoc>('responses').find({ source });

test('a customer opens the emailed link on a phone, answers in Chinese and sees the thank-you page', async () => {
  const { browser, tenant, url, world } = e2e;
  await requestInvitations(tenant.ctx, built.campaign._id);
  await sendCampaignMail(tenant.ctx, built.campaign, { mailer: world.deps.mailer, baseUrl: url });
  const [entry] = await world.deps.mailer.listOutbox(tenant.enterpriseId);
  const mail = await simpleParser((await world.deps.mailer.readOutbox(tenant.enterpriseId, entry!.id))!);
  const link = /http:\/\/\S+\/s\/[A-Za-z0-9_-]+/.exec(mail.text!)![0];

  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.locator('h1').textContent()).resolves.toBe('售后服务满意度调查');
  await screenshot(page, 'respond-email-1-start');

  await page.getByRole('button', { name: '下一页' }).click();
  await expect(page.getByRole('alert').textContent()).resolves.toContain('请回答此题');
  await screenshot(page, 'respond-email-2-error');

  await choose(page, 'service_type', 1); // 维修
  await page.getByRole('button', { name: '下一页' }).click();
  await expect(page.getByText('从报修到修好').isVisible()).resolves.toBe(true);
  await choose(page, 'repair_speed', 3);
  await choose(page, 'problem_solved', 0);
  await choose(page, 'explanation', 4);
  await page.getByRole('button', { name: '下一页' }).click();

  await choose(page, 'staff_attitude', 4);
  await choose(page, 'effort', 3);
  // The complaint question appears only after "yes", in the browser, without a round trip.
  await expect(page.locator('#q_complaint_handling').isVisible()).resolves.toBe(false);
  await choose(page, 'raised_complaint', 0);
  await expect(page.locator('#q_complaint_handling').isVisible()).resolves.toBe(true);
  await choose(page, 'complaint_handling', 3);
  await screenshot(page, 'respond-email-3-experience');
  await page.getByRole('button', { name: '下一页' }).click();

  await choose(page, 'overall_satisfaction', 4);
  await choose(page, 'recommend', 9);
  await page.getByLabel('还有什么想告诉我们的吗').fill('师傅上门准时，讲解很清楚。');
  await screenshot(page, 'respond-email-4-overall');
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(page.getByRole('heading', { name: '感谢您的评价！' }).isVisible()).resolves.toBe(true);
  await screenshot(page, 'respond-email-5-thanks');

  const [stored] = await responses('link');
  expect(stored!.answers).toMatchObject({
    service_type: 'repair',
    repair_speed: 4,
    problem_solved: 'yes',
    raised_complaint: 'yes',
    complaint_handling: 4,
    overall_satisfaction: 5,
    recommend: 9,
    comment: '师傅上门准时，讲解很清楚。',
  });
  // Opening the emailed link again: the thank-you page, not a second form.
  await page.goto(link);
  await expect(page.getByText('您已经提交过这份问卷').isVisible()).resolves.toBe(true);
  expect(await responses('link')).toHaveLength(1);
  await context.close();
});

test('a walk-in answers from the QR link with JavaScript off, in English', async () => {
  const { browser, tenant, url } = e2e;
  const link = built.siteLinks.find((l) => l.siteId === tenant.sites[1]!._id)!;
  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${url}/f/${link._id}?lang=en`);
  await expect(page.locator('h1').textContent()).resolves.toBe('After-sales service satisfaction survey');
  await choose(page, 'service_type', 0); // delivery and installation
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Page 2 of 4').isVisible()).resolves.toBe(true);
  await choose(page, 'delivery_on_time', 4);
  await choose(page, 'install_quality', 3);
  await page.getByRole('button', { name: 'Next' }).click();
  // Without the script every question shows; the unanswered follow-up is dropped on the server.
  await choose(page, 'staff_attitude', 4);
  await choose(page, 'effort', 4);
  await choose(page, 'raised_complaint', 1);
  await screenshot(page, 'respond-walkin-1-nojs');
  await page.getByRole('button', { name: 'Next' }).click();
  await choose(page, 'overall_satisfaction', 3);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('alert').textContent()).resolves.toContain('Please answer this question');
  await screenshot(page, 'respond-walkin-2-error-kept');
  await expect(page.locator('#q_overall_satisfaction_3').isChecked()).resolves.toBe(true);
  await choose(page, 'recommend', 8);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you for your feedback!' }).isVisible()).resolves.toBe(true);
  await screenshot(page, 'respond-walkin-3-thanks');
  const [stored] = await responses('site-link');
  expect(stored).toMatchObject({
    siteId: tenant.sites[1]!._id,
    answers: { service_type: 'delivery_install', delivery_on_time: 5, overall_satisfaction: 4, recommend: 8, raised_complaint: 'no' },
  });
  await context.close();
});

test('with JavaScript off, switching language on page 2 keeps the answers and the page', async () => {
  const { browser, tenant, url } = e2e;
  const link = built.siteLinks.find((l) => l.siteId === tenant.sites[0]!._id)!;
  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${url}/f/${link._id}`);
  // The service type decides how many pages follow: no total is promised yet.
  await expect(page.locator('.r-progress').textContent()).resolves.toBe('第 1 页');
  await choose(page, 'service_type', 1); // 维修
  await page.getByRole('button', { name: '下一页' }).click();
  await expect(page.getByText('第 2 页，共 4 页').isVisible()).resolves.toBe(true);
  await choose(page, 'repair_speed', 3);
  await choose(page, 'explanation', 1);

  const english = page.getByRole('button', { name: 'English' });
  await expect(english.getAttribute('lang')).resolves.toBe('en');
  // Drawn at the top of the screen, where the link is on other pages, though it sits last in the form.
  const [switchBox, titleBox] = await Promise.all([english.boundingBox(), page.locator('h1').boundingBox()]);
  expect(switchBox!.y + switchBox!.height).toBeLessThan(titleBox!.y);
  await english.click();
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
  await expect(page.getByText('Page 2 of 4').isVisible()).resolves.toBe(true);
  await expect(page.locator('#q_repair_speed_3').isChecked()).resolves.toBe(true);
  await expect(page.locator('#q_explanation_1').isChecked()).resolves.toBe(true);
  await expect(page.getByRole('alert').count()).resolves.toBe(0);
  await screenshot(page, 'respond-switch-1-english-kept');

  // Enter in the form goes forward (the still-missing answer is flagged, in English), never to the language switch.
  await page.locator('#q_explanation_1').press('Enter');
  await expect(page.getByRole('alert').textContent()).resolves.toContain('Please answer this question');
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');

  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByText('Page 1 of 4').isVisible()).resolves.toBe(true);
  await expect(page.locator('#q_service_type_1').isChecked()).resolves.toBe(true);
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByText('第 1 页，共 4 页').isVisible()).resolves.toBe(true);
  await expect(page.locator('#q_service_type_1').isChecked()).resolves.toBe(true);
  await screenshot(page, 'respond-switch-2-chinese-kept');
  await context.close();
});

test('the admin sees the campaign and prints the site poster', async () => {
  const { browser, tenant, loginAs } = e2e;
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  await loginAs(page, tenant.admin.email, `/campaigns/${built.campaign._id}`);
  await expect(page.locator('.c-key strong').textContent()).resolves.toBe('100%');
  await screenshot(page, 'respond-admin-campaign');
  await page.getByRole('link', { name: '打印海报' }).first().click();
  await expect(page.getByRole('heading', { name: '扫码评价我们的服务' }).isVisible()).resolves.toBe(true);
  await screenshot(page, 'respond-admin-poster');
  await context.close();
});
