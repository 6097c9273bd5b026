/**
 * axe-core in Chromium over every page each role's menu offers (plus the account
 * page), the login page and the respondent form, in zh-CN and English: no serious
 * or critical violation. Then the survey answered with the keyboard alone.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { ResponseDoc } from '../../server/services/responses/types';
import { blockingViolations, describeViolations, loadAxeInEveryPage } from '../helpers/axe';
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { buildCampaign } from '../helpers/campaigns';
import { type E2E, startE2E } from '../helpers/e2e';
import { HEAVY_MS } from '../helpers/timeouts';

let e2e: E2E;
let built: Awaited<ReturnType<typeof buildCampaign>>;

beforeAll(async () => {
  e2e = await startE2E(async (tenant) => {
    built = await buildCampaign(tenant);
  });
});
afterAll(() => e2e?.close());

const ROLES = ['admin', 'analyst', 'agent', 'shopper', 'reviewer', 'auditor'] as const;
const LANGUAGES = ['zh-CN', 'en'] as const;

/** The pages the signed-in menu links to, read from the header menu's markup (closed groups included: their links are in the page). */
async function menuPages(page: Page): Promise<string[]> {
  const hrefs = await page.locator('header .site-nav a[href^="/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
  return [...new Set(hrefs)].filter((href) => href !== '/');
}

async function check(page: Page, path: string, language: string, where: string, covered: string[]): Promise<string[]> {
  const sep = path.includes('?') ? '&' : '?';
  const response = await page.goto(`${e2e.url}${path}${sep}lang=${language}`);
  expect(response?.status()).toBeLessThan(400);
  covered.push(`${where} ${path} [${language}]`);
  return describeViolations(`${where} ${path} [${language}]`, await blockingViolations(page));
}

test(
  'every page of every role, the login page and the respondent form have no serious or critical axe violation, in zh-CN and English',
  async () => {
    const { browser, tenant, url } = e2e;
    const problems: string[] = [];
    const covered: string[] = [];
    for (const role of ROLES) {
      const context: BrowserContext = await e2e.contextAs(tenant.users[role]!.email, DESKTOP);
      await loadAxeInEveryPage(context);
      const page = await context.newPage();
      await page.goto(`${url}/account/password`);
      const pages = [...(await menuPages(page)), `/campaigns/${built.campaign._id}`].filter((p, i, all) => all.indexOf(p) === i);
      for (const language of LANGUAGES) {
        for (const path of pages) {
          if (path.startsWith('/campaigns/') && role !== 'admin') continue;
          problems.push(...(await check(page, path, language, role, covered)));
        }
      }
      await context.close();
    }
    const visitor = await browser.newContext(PHONE);
    await loadAxeInEveryPage(visitor);
    const page = await visitor.newPage();
    const siteLink = built.siteLinks[0]!;
    for (const language of LANGUAGES) {
      problems.push(...(await check(page, '/login', language, 'visitor', covered)));
      problems.push(...(await check(page, `/f/${siteLink._id}`, language, 'respondent', covered)));
    }
    await visitor.close();
    console.log(`axe checked ${covered.length} pages × languages:\n${covered.join('\n')}`);
    expect(covered.length).toBeGreaterThanOrEqual(40);
    expect(problems).toEqual([]);
    // About a hundred page loads, each checked by axe: longer than one browser test on a loaded machine.
  },
  HEAVY_MS,
);

const UNLABELLED = '<!doctype html><html lang="en"><title>t</title><main><h1>t</h1><input type="text"><img src="data:,"></main></html>';

test('the check finds a serious violation when a page has one (an unlabelled field and an image without text)', async () => {
  const context = await e2e.browser.newContext(DESKTOP);
  const page = await context.newPage();
  await page.setContent(UNLABELLED);
  const rules = (await blockingViolations(page)).map((v) => v.rule).sort();
  expect(rules).toEqual(expect.arrayContaining(['image-alt', 'label']));
  await context.close();
});

test('with axe-core loaded once for the context, a page it opens already has axe and the check still finds the violations', async () => {
  const context = await e2e.browser.newContext(DESKTOP);
  await loadAxeInEveryPage(context);
  await context.route(`${e2e.url}/unlabelled`, (route) => route.fulfill({ contentType: 'text/html', body: UNLABELLED }));
  const page = await context.newPage();
  await page.goto(`${e2e.url}/unlabelled`);
  await expect(page.evaluate(() => 'axe' in window)).resolves.toBe(true);
  const rules = (await blockingViolations(page)).map((v) => v.rule).sort();
  expect(rules).toEqual(expect.arrayContaining(['image-alt', 'label']));
  await context.close();
});

interface Focused {
  tag: string;
  type: string;
  nav: string;
  groupAnswered: boolean;
}

const focused = (page: Page) =>
  page.evaluate((): Focused => {
    const el = document.activeElement as HTMLInputElement | HTMLButtonElement | null;
    const input = el instanceof HTMLInputElement ? el : null;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      type: input?.type ?? (el as HTMLButtonElement | null)?.type ?? '',
      nav: el instanceof HTMLButtonElement ? el.value : '',
      groupAnswered: !!input && !!input.form?.querySelector(`input[name="${CSS.escape(input.name)}"]:checked`),
    };
  });

test('a customer completes the survey with the keyboard alone (Tab, Space, arrows, Enter) and reaches the thank-you page', async () => {
  const { browser, url } = e2e;
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  await page.goto(`${url}/f/${built.siteLinks[1]!._id}`);
  const pagesSubmitted: string[] = [];
  // Bounded: four survey pages of a dozen questions need far fewer key presses.
  for (let step = 0; step < 400 && !pagesSubmitted.includes('submit'); step++) {
    const now = await focused(page);
    if (now.tag === 'input' && now.type === 'radio' && !now.groupAnswered) {
      await page.keyboard.press('Space');
      // Arrow moves to (and picks) the next choice: "no" on yes/no, one step up a scale.
      await page.keyboard.press('ArrowRight');
    } else if (now.tag === 'button' && (now.nav === 'next' || now.nav === 'submit')) {
      pagesSubmitted.push(now.nav);
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      continue;
    }
    await page.keyboard.press('Tab');
  }
  await screenshot(page, 'a11y-keyboard-thanks-zh');
  await expect(page.getByRole('heading', { name: '感谢您的评价！' }).isVisible()).resolves.toBe(true);
  expect(pagesSubmitted.filter((nav) => nav === 'next').length).toBeGreaterThanOrEqual(2);
  const [stored] = await e2e.world.store.collection<ResponseDoc>('responses').find({ source: 'site-link' });
  expect(stored?.siteId).toBe(built.siteLinks[1]!.siteId);
  await context.close();
});
