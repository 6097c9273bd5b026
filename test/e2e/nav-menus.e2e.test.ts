/**
 * The header's drop-down groups on a desktop behave as menus: one open at a
 * time, closed by a click elsewhere, and by Escape with focus back on the
 * group's button, so a menu never lingers over the page.
 */
import { DESKTOP } from '../helpers/browser';
import { type E2E, startE2E } from '../helpers/e2e';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

test('opening a group closes the other, a click on the page closes it, and Escape closes it with focus on its button', async () => {
  const context = await e2e.contextAs(e2e.tenant.admin.email, DESKTOP);
  const page = await context.newPage();
  await page.goto(`${e2e.url}/dashboard?lang=en`);
  const groups = page.locator('details.nav-group');
  const openGroups = () => page.locator('details.nav-group[open]').count();
  expect(await groups.count()).toBeGreaterThan(1);

  await groups.nth(0).locator('summary').click();
  expect(await openGroups()).toBe(1);
  await groups.nth(1).locator('summary').click();
  await expect(groups.nth(1).evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(true);
  await expect(groups.nth(0).evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(false);

  await page.locator('h1').first().click();
  expect(await openGroups()).toBe(0);

  await groups.nth(0).locator('summary').click();
  await groups.nth(0).locator('a').first().focus();
  await page.keyboard.press('Escape');
  expect(await openGroups()).toBe(0);
  await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('SUMMARY');
  await context.close();
});
