import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { type E2E, startE2E, submitLogin } from '../helpers/e2e';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

test('an admin logs in on a phone, sees the Chinese home page, and switches to English', async () => {
  const { browser, tenant, url } = e2e;
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${url}/admin/sites`);
  expect(page.url()).toContain('/login?next=');
  await screenshot(page, 'login-phone-zh');
  await submitLogin(page, tenant.admin.email);
  await page.waitForURL(`${url}/admin/sites`);
  await expect(page.getByRole('heading', { name: '场所' }).first().isVisible()).resolves.toBe(true);
  await expect(page.getByText(tenant.sites[0].name).isVisible()).resolves.toBe(true);
  await screenshot(page, 'sites-phone-zh');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Sites' }).first().isVisible()).resolves.toBe(true);
  await context.close();
});

test('a wrong password shows the error on the page, keyboard only', async () => {
  const { browser, tenant, url } = e2e;
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  await page.goto(`${url}/login`);
  await page.keyboard.press('Tab'); // skip link
  await page.getByLabel('邮箱').fill(tenant.users.analyst!.email);
  await page.getByLabel('密码').fill('wrong-password');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert').textContent()).resolves.toContain('邮箱或密码错误');
  await screenshot(page, 'login-error-desktop');
  await context.close();
});
