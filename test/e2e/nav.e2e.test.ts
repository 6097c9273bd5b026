/**
 * The header menu in Chromium. On a phone with JavaScript switched off, the
 * menu is one 「菜单」 button that the keyboard opens, its groups open the same
 * way, and the page reached is marked current in the menu and the breadcrumbs.
 * On a desktop the entries stand in one row. Screenshots in zh-CN and English.
 */
import type { Page } from 'playwright-core';
import path from 'node:path';
import { DESKTOP, PHONE, SCREENSHOT_DIR, screenshot } from '../helpers/browser';
import { type E2E, startE2E } from '../helpers/e2e';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

const WORDS = {
  'zh-CN': { menu: '菜单', settings: '设置', users: '用户', dashboard: '满意度看板', crumbs: '当前位置' },
  en: { menu: 'Menu', settings: 'Settings', users: 'Users', dashboard: 'Dashboard', crumbs: 'You are here' },
} as const;

/** What the phone's screen shows (a full-page shot of a long page shrinks the header out of sight). */
const screen = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });

/** Presses Tab until the focused element has this accessible text (bounded: the header has few stops). */
async function tabTo(page: Page, text: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    if (focused === text) return;
  }
  throw new Error(`Tab never reached "${text}"`);
}

test.each(Object.keys(WORDS) as Array<keyof typeof WORDS>)(
  'on a phone without JavaScript (%s) the keyboard opens 「菜单」 and 设置, reaches 用户, which is then current in menu and breadcrumbs',
  async (language) => {
    const words = WORDS[language];
    const context = await e2e.contextAs(e2e.tenant.admin.email, { ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${e2e.url}/dashboard?lang=${language}`);
    const menuButton = page.locator('summary', { hasText: words.menu });
    await expect(menuButton.isVisible()).resolves.toBe(true);
    // Closed: the entries take no room on the phone.
    await expect(page.getByRole('link', { name: words.dashboard, exact: true }).first().isVisible()).resolves.toBe(false);
    await screen(page, `nav-phone-closed-${language}`);

    await tabTo(page, words.menu);
    await page.keyboard.press('Enter');
    await expect(page.locator('ul.nav-bar').isVisible()).resolves.toBe(true);
    await tabTo(page, words.settings);
    await page.keyboard.press('Enter');
    await screen(page, `nav-phone-open-${language}`);
    await tabTo(page, words.users);
    await Promise.all([page.waitForURL(/\/admin\/users/), page.keyboard.press('Enter')]);

    const crumbs = page.getByRole('navigation', { name: words.crumbs });
    await expect(crumbs.locator('[aria-current="page"]').textContent()).resolves.toBe(words.users);
    await expect(crumbs.locator('li').first().textContent()).resolves.toBe(words.settings);
    await expect(page.locator('.nav-bar a[aria-current="page"]').getAttribute('href')).resolves.toBe('/admin/users');
    await screen(page, `nav-phone-users-${language}`);
    await context.close();
  },
);

test('on a desktop the entries stand in one row without opening anything, and 设置 drops down its pages', async () => {
  for (const language of Object.keys(WORDS) as Array<keyof typeof WORDS>) {
    const words = WORDS[language];
    const context = await e2e.contextAs(e2e.tenant.admin.email, { ...DESKTOP, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${e2e.url}/dashboard?lang=${language}`);
    await expect(page.locator('summary', { hasText: words.menu }).isVisible()).resolves.toBe(false);
    const dashboardLink = page.locator('.nav-bar a[aria-current="page"]');
    await expect(dashboardLink.isVisible()).resolves.toBe(true);
    await expect(dashboardLink.getAttribute('href')).resolves.toBe('/dashboard');
    const settings = page.locator('.nav-group summary', { hasText: words.settings });
    const header = await page.locator('header.top').boundingBox();
    // One row: the header is no taller than a couple of lines of text.
    expect(header!.height).toBeLessThan(80);
    await settings.click();
    await expect(page.locator('.nav-group[open] a', { hasText: words.users }).isVisible()).resolves.toBe(true);
    await screenshot(page, `nav-desktop-settings-${language}`);
    await context.close();
  }
});
