/**
 * A day's start in Chromium: an agent on a phone logs in, lands on the call
 * workspace (no detour through `/`), and moves case to case with "complete and
 * take next"; an English browser gets the English login page and its analyst
 * lands on the dashboard. Screenshots in both languages.
 */
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { listWithCases } from '../helpers/calls';
import { type E2E, startE2E, submitLogin, watchErrors } from '../helpers/e2e';
import { PASSWORD } from '../helpers/world';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E(async (tenant) => {
    await listWithCases(tenant, 3, { prefix: 'DAY' });
  });
});
afterAll(() => e2e?.close());

test('an agent lands on the workspace and completes one case straight into the next', async () => {
  const { browser, tenant, url } = e2e;
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const errors = watchErrors(page);
  const visited: string[] = [];
  page.on('framenavigated', (frame) => frame === page.mainFrame() && visited.push(new URL(frame.url()).pathname));

  await page.goto(`${url}/login`);
  await submitLogin(page, tenant.users.agent!.email);
  await page.waitForURL(`${url}/agent`);
  expect(visited).not.toContain('/');
  await screenshot(page, 'daily-agent-landing-zh');

  await page.getByRole('button', { name: '领取下一个工单' }).click();
  await page.waitForURL(/\/agent\/call-cases\//);
  const firstUrl = page.url();
  await page.locator('label[for="q_service_completed_0"]').click();
  await page.locator('label[for="q_technician_attitude_4"]').click();
  await page.locator('label[for="q_timeliness_3"]').click();
  await page.locator('label[for="q_problem_solved_0"]').click();
  await page.locator('label[for="q_overall_satisfaction_4"]').click();
  await page.locator('label[for="q_recommend_9"]').click();
  await screenshot(page, 'daily-agent-case-zh');
  await page.getByRole('button', { name: '完成并领取下一个' }).click();
  await page.waitForURL((u) => u.pathname.startsWith('/agent/call-cases/') && !firstUrl.startsWith(`${u.origin}${u.pathname}`), { timeout: 120_000 });
  const said = (await page.getByRole('status').textContent())!;
  expect(said).toMatch(/^工单 DAY-\d{4} 回访完成，答案已保存。现在处理工单 DAY-\d{4}$/);
  await screenshot(page, 'daily-agent-next-case-zh');

  // The redirect keeps the form's #script: the language goes in the query, before it.
  const nextCase = new URL(page.url());
  nextCase.searchParams.set('lang', 'en');
  await page.goto(nextCase.toString());
  await expect(page.getByRole('button', { name: 'Complete and take next' }).isVisible()).resolves.toBe(true);
  await screenshot(page, 'daily-agent-case-en');
  expect(errors).toEqual([]);
  await context.close();
});

test('an English browser gets the English login page and its analyst lands on the dashboard; a Chinese one gets Chinese', async () => {
  const { browser, tenant, url } = e2e;
  const english = await browser.newContext({ ...DESKTOP, locale: 'en-US' });
  const page = await english.newPage();
  await page.goto(`${url}/login`);
  await expect(page.getByRole('button', { name: 'Log in' }).isVisible()).resolves.toBe(true);
  await screenshot(page, 'daily-login-en');
  await page.getByLabel('Email').fill(tenant.users.analyst!.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${url}/dashboard`);
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
  await screenshot(page, 'daily-analyst-landing-en');
  await english.close();

  const chinese = await browser.newContext(DESKTOP);
  const zh = await chinese.newPage();
  await zh.goto(`${url}/login`);
  await submitLogin(zh, tenant.users.analyst!.email);
  await zh.waitForURL(`${url}/dashboard`);
  await expect(zh.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
  await screenshot(zh, 'daily-analyst-landing-zh');
  await chinese.close();
});
