/**
 * The dashboards in Chromium: every page renders (screenshots kept under
 * test-output/screenshots/dashboard-*.png), and an open overview updates its
 * response count and its channel chart without reload when a response is
 * submitted through the API from elsewhere.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import pino from 'pino';
import { seedDashboardSample as seedDemoDashboard } from '../helpers/dashboard-sample';
import { DESKTOP, launchBrowser, PHONE, screenshot } from '../helpers/browser';
import { publishAll, type Published } from '../helpers/dashboard';
import { startServer } from '../helpers/server';
import { surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, PASSWORD, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let published: Published;
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  published = await publishAll(tenant);
  await seedDemoDashboard(tenant.ctx, pino({ level: 'silent' }));
  server = await startServer(world);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await world?.close();
});

async function loggedIn(options: typeof DESKTOP | typeof PHONE, email = tenant.users.analyst!.email): Promise<BrowserContext> {
  const res = await request(server.url).post('/api/v1/auth/login').send({ email, password: PASSWORD });
  const [name, value] = String(res.headers['set-cookie']).split(';')[0].split('=');
  const context = await browser.newContext(options);
  await context.addCookies([{ name, value, url: server.url }]);
  return context;
}

async function chartsDrawn(page: Page, ids: string[]): Promise<void> {
  await page.waitForFunction((list) => list.every((id) => (window as unknown as { Chart: { getChart(id: string): unknown } }).Chart?.getChart(id)), ids);
}

test('every dashboard page renders its figures and charts (screenshots)', async () => {
  const context = await loggedIn(DESKTOP);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  // The browser asks for /favicon.ico on its own; every other request must succeed.
  page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} ${r.url()}`));
  const pages: Array<[string, string, string[]]> = [
    ['/dashboard', 'dashboard-overview', ['chart-trend', 'chart-channels']],
    ['/dashboard/sites', 'dashboard-sites', []],
    ['/dashboard/indicators', 'dashboard-indicators', ['chart-radar']],
    ['/dashboard/channels?channel=mystery', 'dashboard-channels', ['chart-checklist']],
    ['/dashboard/comments', 'dashboard-comments', []],
  ];
  for (const [path, name, charts] of pages) {
    await page.goto(`${server.url}${path}`);
    await expect(page.locator('h1').first().textContent()).resolves.toContain('满意度看板');
    await chartsDrawn(page, charts);
    await page.locator('#live-state.live').waitFor();
    await screenshot(page, name);
  }
  await page.goto(`${server.url}/dashboard?lang=en&period=quarter`);
  await expect(page.locator('h1').first().textContent()).resolves.toContain('Satisfaction dashboard');
  await screenshot(page, 'dashboard-overview-en-quarter');
  expect(errors).toEqual([]);
  await context.close();

  const phone = await (await loggedIn(PHONE)).newPage();
  await phone.goto(`${server.url}/dashboard`);
  await chartsDrawn(phone, ['chart-trend']);
  await screenshot(phone, 'dashboard-overview-phone');
  await phone.context().close();
});

test('an open dashboard updates its count and chart live when a response is submitted elsewhere', async () => {
  const context = await loggedIn(DESKTOP);
  const page = await context.newPage();
  await page.goto(`${server.url}/dashboard`);
  await chartsDrawn(page, ['chart-channels']);
  await page.locator('#live-state.live').waitFor();
  await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));
  const before = Number(await page.locator('[data-figure="responses"]').textContent());
  const surveyBefore = await page.evaluate(() => (window as unknown as { Chart: { getChart(id: string): { data: { datasets: { data: number[] }[] } } } }).Chart.getChart('chart-channels').data.datasets[0].data[0]);

  // Another client (an integration with the admin's session) submits one survey response.
  const admin = request.agent(server.url);
  await admin.post('/api/v1/auth/login').send({ email: tenant.admin.email, password: PASSWORD }).expect(200);
  await admin
    .post('/api/v1/responses')
    .send({ templateId: published.survey.templateId, templateVersion: published.survey.version, siteCode: tenant.sites[0].code, channel: 'survey', answers: surveyAnswers() })
    .expect(201);

  await page.waitForFunction((n) => Number(document.querySelector('[data-figure="responses"]')!.textContent) === n + 1, before, { timeout: 5000 });
  const surveyAfter = await page.evaluate(() => (window as unknown as { Chart: { getChart(id: string): { data: { datasets: { data: number[] }[] } } } }).Chart.getChart('chart-channels').data.datasets[0].data[0]);
  expect(surveyAfter).toBe(surveyBefore + 1);
  await expect(page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).resolves.toBe(true);
  await screenshot(page, 'dashboard-live-updated');
  await context.close();
});

test('a dashboard that lost its connection catches up when it reconnects', async () => {
  const context = await loggedIn(DESKTOP);
  const page = await context.newPage();
  await page.goto(`${server.url}/dashboard`);
  await page.locator('#live-state.live').waitFor();
  const before = Number(await page.locator('[data-figure="responses"]').textContent());
  await context.setOffline(true);
  await page.locator('#live-state.reconnecting').waitFor({ timeout: 10_000 });
  // Submitted while this dashboard is offline: its scores:changed never reaches it.
  const admin = request.agent(server.url);
  await admin.post('/api/v1/auth/login').send({ email: tenant.admin.email, password: PASSWORD }).expect(200);
  await admin
    .post('/api/v1/responses')
    .send({ templateId: published.survey.templateId, templateVersion: published.survey.version, siteCode: tenant.sites[1].code, channel: 'survey', answers: surveyAnswers() })
    .expect(201);
  await new Promise((r) => setTimeout(r, 800));
  expect(Number(await page.locator('[data-figure="responses"]').textContent())).toBe(before);
  await context.setOffline(false);
  await page.waitForFunction((n) => Number(document.querySelector('[data-figure="responses"]')!.textContent) === n + 1, before, { timeout: 15_000 });
  await page.locator('#live-state.live').waitFor();
  await context.close();
});
