/**
 * The dashboards in Chromium: every page renders (screenshots kept under
 * test-output/screenshots/dashboard-*.png), and an open overview updates its
 * response count and its channel chart without reload when a response is
 * submitted through the API from elsewhere.
 */
import type { Page } from 'playwright-core';
import pino from 'pino';
import { seedDashboardSample as seedDemoDashboard } from '../helpers/dashboard-sample';
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { publishAll, type Published } from '../helpers/dashboard';
import { type E2E, startE2E } from '../helpers/e2e';
import { liveSocket, sessionCookie } from '../helpers/sockets';
import { surveyAnswers } from '../helpers/templates';

let e2e: E2E;
let published: Published;

beforeAll(async () => {
  e2e = await startE2E(async (tenant) => {
    published = await publishAll(tenant);
    await seedDemoDashboard(tenant.ctx, pino({ level: 'silent' }));
  });
});
afterAll(() => e2e?.close());

/** A browser context with the analyst's session: logging in is not what these tests are about. */
const loggedIn = (options: typeof DESKTOP | typeof PHONE) => e2e.contextAs(e2e.tenant.users.analyst!.email, options);

async function chartsDrawn(page: Page, ids: string[]): Promise<void> {
  await page.waitForFunction((list) => list.every((id) => (window as unknown as { Chart: { getChart(id: string): unknown } }).Chart?.getChart(id)), ids);
}

test('every dashboard page renders its figures and charts (screenshots)', async () => {
  const { url } = e2e;
  const context = await loggedIn(DESKTOP);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  // Every request must succeed, the icon included.
  page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  const pages: Array<[string, string, string[]]> = [
    ['/dashboard', 'dashboard-overview', ['chart-trend', 'chart-channels']],
    ['/dashboard/sites', 'dashboard-sites', []],
    ['/dashboard/indicators', 'dashboard-indicators', ['chart-radar']],
    ['/dashboard/channels?channel=mystery', 'dashboard-channels', ['chart-checklist']],
    ['/dashboard/comments', 'dashboard-comments', []],
  ];
  for (const [path, name, charts] of pages) {
    await page.goto(`${url}${path}`);
    await expect(page.locator('h1').first().textContent()).resolves.toContain('满意度看板');
    await chartsDrawn(page, charts);
    await page.locator('#live-state.live').waitFor();
    await screenshot(page, name);
  }
  // The script rebuilds the ranking on load: every row keeps its tie letters and no row carries a low-sample badge.
  await page.goto(`${url}/dashboard/sites`);
  await page.waitForFunction(() => document.getElementById('dashboard')?.dataset.refreshes !== undefined);
  const letters = await page.locator('#ranking-rows .group-letters').allTextContents();
  expect(letters.length).toBeGreaterThan(0);
  for (const l of letters) expect(l).toMatch(/^[a-z]+$/);
  await expect(page.locator('#ranking-rows .badge.low').count()).resolves.toBe(0);
  // The heat map is headed by indicator names, not codes.
  await page.goto(`${url}/dashboard/indicators`);
  await expect(page.locator('table.heatmap thead th.rot').first().textContent()).resolves.toMatch(/^[\u4e00-\u9fff]+$/);
  // Upright in Chinese (top to bottom), turned to read bottom-up in English.
  const turn = () =>
    page
      .locator('table.heatmap thead th.rot span')
      .first()
      .evaluate((e) => getComputedStyle(e).transform);
  await expect(turn()).resolves.toBe('none');
  await page.goto(`${url}/dashboard/indicators?lang=en`);
  await expect(turn()).resolves.not.toBe('none');
  await page.goto(`${url}/dashboard?lang=zh-CN`);
  await page.goto(`${url}/dashboard?lang=en&period=quarter`);
  await expect(page.locator('h1').first().textContent()).resolves.toContain('Satisfaction dashboard');
  await screenshot(page, 'dashboard-overview-en-quarter');
  expect(errors).toEqual([]);
  await context.close();

  const phone = await (await loggedIn(PHONE)).newPage();
  await phone.goto(`${url}/dashboard`);
  await chartsDrawn(phone, ['chart-trend']);
  await screenshot(phone, 'dashboard-overview-phone');
  await phone.context().close();
  // Six page loads with charts: generous for a busy machine.
}, 240_000);

test('an open dashboard updates its count and chart live when a response is submitted elsewhere', async () => {
  const { tenant, url } = e2e;
  const context = await loggedIn(DESKTOP);
  const page = await context.newPage();
  await page.goto(`${url}/dashboard`);
  await chartsDrawn(page, ['chart-channels']);
  await page.locator('#live-state.live').waitFor();
  await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));
  const before = Number(await page.locator('[data-figure="responses"]').textContent());
  const surveyBefore = await page.evaluate(
    () =>
      (window as unknown as { Chart: { getChart(id: string): { data: { datasets: { data: number[] }[] } } } }).Chart.getChart('chart-channels').data.datasets[0]
        .data[0],
  );

  // Another client (an integration with the admin's session) submits one survey response.
  const admin = await e2e.apiAs(tenant.admin.email);
  await admin
    .post('/api/v1/responses')
    .send({
      templateId: published.survey.templateId,
      templateVersion: published.survey.version,
      siteCode: tenant.sites[0].code,
      channel: 'survey',
      answers: surveyAnswers(),
    })
    .expect(201);

  await page.waitForFunction((n) => Number(document.querySelector('[data-figure="responses"]')!.textContent) === n + 1, before);
  const surveyAfter = await page.evaluate(
    () =>
      (window as unknown as { Chart: { getChart(id: string): { data: { datasets: { data: number[] }[] } } } }).Chart.getChart('chart-channels').data.datasets[0]
        .data[0],
  );
  expect(surveyAfter).toBe(surveyBefore + 1);
  await expect(page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).resolves.toBe(true);
  await screenshot(page, 'dashboard-live-updated');
  await context.close();
});

test('a dashboard that lost its connection catches up when it reconnects', async () => {
  const { tenant, url } = e2e;
  const context = await loggedIn(DESKTOP);
  const page = await context.newPage();
  await page.goto(`${url}/dashboard`);
  await page.locator('#live-state.live').waitFor();
  const before = Number(await page.locator('[data-figure="responses"]').textContent());
  await context.setOffline(true);
  await page.locator('#live-state.reconnecting').waitFor();
  // Submitted while this dashboard is offline: its scores:changed never reaches it. A socket that
  // stayed online hears the event, so by then the offline page has missed it for good.
  const online = await liveSocket(url, await sessionCookie(url, tenant.admin.email));
  try {
    const heard = new Promise((resolve) => online.once('scores:changed', resolve));
    const admin = await e2e.apiAs(tenant.admin.email);
    await admin
      .post('/api/v1/responses')
      .send({
        templateId: published.survey.templateId,
        templateVersion: published.survey.version,
        siteCode: tenant.sites[1].code,
        channel: 'survey',
        answers: surveyAnswers(),
      })
      .expect(201);
    await heard;
  } finally {
    online.close();
  }
  expect(Number(await page.locator('[data-figure="responses"]').textContent())).toBe(before);
  await context.setOffline(false);
  await page.waitForFunction((n) => Number(document.querySelector('[data-figure="responses"]')!.textContent) === n + 1, before);
  await page.locator('#live-state.live').waitFor();
  await context.close();
});
