import type { Browser } from 'playwright-core';
import { DESKTOP, launchBrowser, PHONE, screenshot } from '../helpers/browser';
import { startServer } from '../helpers/server';
import { buildTenant, buildWorld, PASSWORD, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  server = await startServer(world);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await world?.close();
});

test('an admin logs in on a phone, sees the Chinese home page, and switches to English', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${server.url}/admin/sites`);
  expect(page.url()).toContain('/login?next=');
  await screenshot(page, 'login-phone-zh');
  await page.getByLabel('邮箱').fill(tenant.admin.email);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${server.url}/admin/sites`);
  await expect(page.getByRole('heading', { name: '场所' }).first().isVisible()).resolves.toBe(true);
  await expect(page.getByText(tenant.sites[0].name).isVisible()).resolves.toBe(true);
  await screenshot(page, 'sites-phone-zh');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Sites' }).first().isVisible()).resolves.toBe(true);
  await context.close();
});

test('a wrong password shows the error on the page, keyboard only', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.keyboard.press('Tab'); // skip link
  await page.getByLabel('邮箱').fill(tenant.users.analyst!.email);
  await page.getByLabel('密码').fill('wrong-password');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert').textContent()).resolves.toContain('邮箱或密码错误');
  await screenshot(page, 'login-error-desktop');
  await context.close();
});
