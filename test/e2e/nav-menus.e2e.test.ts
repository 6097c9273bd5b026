/**
 * The header's menus behave as menus: on a desktop the drop-down groups are
 * one open at a time, closed by a click elsewhere, and by Escape with focus
 * back on the group's button; on a phone the menu panel closes on a tap
 * outside it, so a menu never lingers over the page.
 */
import { DESKTOP, PHONE } from '../helpers/browser';
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

test('on a phone the menu panel closes on a tap outside it, stays open for taps inside it, and Escape closes the inner group first', async () => {
  const context = await e2e.contextAs(e2e.tenant.admin.email, PHONE);
  const page = await context.newPage();
  await page.goto(`${e2e.url}/dashboard`);
  const panel = page.locator('details.nav-compact');
  const isOpen = (locator: typeof panel) => locator.evaluate((d) => (d as HTMLDetailsElement).open);

  await panel.locator('> summary').tap();
  await expect(isOpen(panel)).resolves.toBe(true);
  const group = panel.locator('details.nav-group').first();
  await group.locator('summary').tap();
  await expect(isOpen(group)).resolves.toBe(true);
  await expect(isOpen(panel)).resolves.toBe(true);

  await group.locator('a').first().focus();
  await page.keyboard.press('Escape');
  await expect(isOpen(group)).resolves.toBe(false);
  await expect(isOpen(panel)).resolves.toBe(true);

  // The panel reaches at most 80% of the screen down from the header: the bottom edge is page, not menu.
  await page.touchscreen.tap(PHONE.viewport.width / 2, PHONE.viewport.height - 10);
  await expect(isOpen(panel)).resolves.toBe(false);
  await context.close();
});
