/**
 * The builder's indicator picker in Chromium: the catalogue's tree (level › item
 * optgroups) with names in the page language, offering only the indicators the
 * template's channel can evidence; and a part's error named by its title.
 */
import { getCatalogue } from '../../server/services/catalogues';
import { loadDefaultTemplates } from '../../server/services/templates/defaults';
import { createTemplate } from '../../server/services/templates/versions';
import path from 'node:path';
import { DESKTOP, SCREENSHOT_DIR, screenshot } from '../helpers/browser';
import { type E2E, startE2E, watchErrors } from '../helpers/e2e';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

const catalogue = getCatalogue('sbt10401-27');
const perceived = catalogue.indicators.filter((n) => n.evidence?.includes('perceived'));
const siteOnly = catalogue.indicators.filter((n) => !n.evidence?.includes('perceived'));

test('the indicator picker offers the channel’s indicators as a tree in the page language, in Chinese and English', async () => {
  const { browser, tenant, url } = e2e;
  const ids: Record<string, string> = {};
  for (const content of loadDefaultTemplates()) ids[content.channel] = (await createTemplate(tenant.ctx, content))._id;
  expect(siteOnly.length).toBeGreaterThan(0);

  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await e2e.loginAs(page, tenant.admin.email, `/templates/${ids.mystery}?lang=zh-CN`);

  for (const [channel, locale] of [
    ['mystery', 'zh-CN'],
    ['survey', 'en'],
  ] as const) {
    await page.goto(`${url}/templates/${ids[channel]}?lang=${locale}`);
    const picker = page.locator('select[id$="-indicator"]').first();
    const offered = await picker.locator('optgroup option').evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value));
    expect(offered).toEqual(perceived.map((n) => n.code));
    for (const n of siteOnly) expect(offered).not.toContain(n.code);
    // Names in the page language only, never a code in the visible text.
    const labels = await picker.locator('optgroup option').allTextContents();
    const groups = await picker.locator('optgroup').evaluateAll((els) => els.map((el) => (el as HTMLOptGroupElement).label));
    const repair = catalogue.byCode.get('execution.repair.repair')!;
    const repairItem = catalogue.byCode.get('execution.repair')!;
    const level = catalogue.byCode.get('execution')!;
    const other = locale === 'en' ? 'zh-CN' : 'en';
    expect(labels).toContain(`${repair.name[locale]} · ${locale === 'en' ? '5.84 pts' : '5.84 分'}`);
    expect(groups.some((g) => g.startsWith(`${level.name[locale]} › ${repairItem.name[locale]}`))).toBe(true);
    for (const text of [...labels, ...groups]) {
      expect(text).not.toMatch(/[a-z]+\.[a-z_]+\.[a-z_]+/);
      expect(text).not.toContain(' / '); // one language, not "name / 名称"
      expect(text).not.toContain(repair.name[other]);
    }
    if (locale === 'en') for (const text of [...labels, ...groups]) expect(text).not.toMatch(/[\u4e00-\u9fff]/);
    // Drawn open as a list, so the screenshot shows the tree.
    await picker.evaluate((el) => {
      (el as HTMLSelectElement).size = 16;
      el.scrollIntoView();
    });
    // The question's card alone: the whole builder page is too tall to read.
    await picker.locator('xpath=ancestor::article[1]').screenshot({ path: path.join(SCREENSHOT_DIR, `indicator-picker-${channel}-${locale}.png`) });
  }

  // A part's rule, in English, names the part by its title next to the field.
  await page.goto(`${url}/templates/${ids.survey}?lang=en`);
  await page.fill('#f-sections-1-title-en', '');
  await page.getByRole('button', { name: 'Save draft' }).click();
  const fieldError = page.locator('.field-error');
  await fieldError.waitFor();
  await expect(fieldError.textContent()).resolves.toBe('Part “送货与安装”: a text lacks its English translation.');
  await fieldError.locator('xpath=ancestor::section[1]').screenshot({ path: path.join(SCREENSHOT_DIR, 'builder-part-error-en.png') });
  await screenshot(page, 'builder-part-error-en-page');
  expect(errors).toEqual([]);
  await context.close();
});
