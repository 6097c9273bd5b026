/**
 * Honest trends, changes and ties in Chromium, in Chinese and in English: the
 * trend draws the running month as a hollow point on a dashed line, labelled
 * partial, with CI bands on a fitted axis; the CPSQ tile of "this month" shows
 * a significant drop with its interval; the site ranking shows tie letters
 * (Holm-corrected) and whiskers on a fitted scale. Screenshots:
 * test-output/screenshots/trends-*.png.
 */
import type { Page } from 'playwright-core';
import { createSite } from '../../server/services/accounts/sites';
import { surveyAnswersFor } from '../../server/services/demo/dashboardAnswers';
import { screenshot } from '../helpers/browser';
import { publishAll, submit } from '../helpers/dashboard';
import { type E2E, startE2E } from '../helpers/e2e';
import { dayOf } from '../../server/services/calendar';
import { mulberry32 } from '../../server/services/random';

let e2e: E2E;
const CHINA = 480;
const today = dayOf(new Date(), CHINA);
const month = today.slice(0, 7);
const [y, m] = month.split('-').map(Number);
/** The local month `back` months before this one, as YYYY-MM. */
const monthBack = (back: number) => new Date(Date.UTC(y, m - 1 - back, 1)).toISOString().slice(0, 7);
const lastDayOfMonth = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
/** On a month's last day the month is over tonight, but not yet: it is partial until tomorrow. */
const monthRunning = today !== lastDayOfMonth;

beforeAll(async () => {
  e2e = await startE2E(async (tenant) => {
    const published = await publishAll(tenant);
    tenant.sites.push(await createSite(tenant.ctx, { code: 'S3', name: '武汉三店', city: '武汉' }));
    const r = mulberry32(2026);
    const monthStart = Date.parse(`${month}-01T00:00:00+08:00`);
    // S1 and S2 serve about as well as each other, S3 clearly worse; this month every site drops.
    const quality = [0.9, 0.88, 0.5];
    const drop = [0.5, 0.5, 0.3];
    for (let site = 0; site < 3; site++) {
      for (let back = 6; back >= 1; back--) {
        const n = back === 1 ? 12 : 4;
        for (let k = 0; k < n; k++)
          await submit(
            tenant,
            published,
            'survey',
            site,
            surveyAnswersFor(r, quality[site]),
            `${monthBack(back)}-10T04:${String(10 + k).padStart(2, '0')}:00.000Z`,
          );
      }
      for (let k = 0; k < 12; k++) {
        const at = new Date(monthStart + (Date.now() - monthStart) * (0.1 + 0.07 * k)).toISOString();
        await submit(tenant, published, 'survey', site, surveyAnswersFor(r, drop[site]), at);
      }
    }
  });
});
afterAll(() => e2e?.close());

interface TrendChart {
  data: { labels: string[]; datasets: Array<{ data: Array<number | null>; backgroundColor: unknown; segment?: unknown }> };
  scales: { y: { min: number; max: number } };
}

async function trendChart(page: Page): Promise<TrendChart> {
  await page.waitForFunction(() => (window as unknown as { Chart?: { getChart(id: string): unknown } }).Chart?.getChart('chart-trend'));
  return page.evaluate(() => {
    const c = (window as unknown as { Chart: { getChart(id: string): TrendChart } }).Chart.getChart('chart-trend');
    return {
      data: { labels: c.data.labels, datasets: c.data.datasets.map((d) => ({ data: d.data, backgroundColor: d.backgroundColor })) },
      scales: { y: { min: c.scales.y.min, max: c.scales.y.max } },
    };
  });
}

test('the trend draws the running month hollow and labelled partial, with CI bands on a fitted axis', async () => {
  const context = await e2e.contextAs(e2e.tenant.users.analyst!.email);
  const page = await context.newPage();
  for (const lang of ['zh-CN', 'en'] as const) {
    await page.goto(`${e2e.url}/dashboard?lang=${lang}`);
    const chart = await trendChart(page);
    const last = chart.data.labels.length - 1;
    const [high, low, cpsq] = chart.data.datasets;
    const colours = cpsq.backgroundColor as string[];
    if (monthRunning) {
      expect(chart.data.labels[last]).toBe(`${month}${lang === 'zh-CN' ? '（未完）' : ' (partial)'}`);
      expect(colours[last]).toBe('#ffffff');
    } else {
      expect(chart.data.labels[last]).toBe(month);
    }
    // Every finished month is filled.
    expect(colours.slice(0, last).every((c) => c !== '#ffffff')).toBe(true);
    // A band (upper and lower bound) for each of the seven months with data, each with n ≥ 2.
    const banded = high.data.map((v, i) => v !== null && low.data[i] !== null && (low.data[i] as number) < (v as number));
    expect(banded.filter(Boolean)).toHaveLength(7);
    // The axis is fitted to the points and bands, not fixed to 0–100.
    const drawn = [...high.data, ...low.data].filter((v): v is number => v !== null);
    expect(chart.scales.y.min).toBeLessThanOrEqual(Math.min(...drawn));
    expect(chart.scales.y.max).toBeGreaterThanOrEqual(Math.max(...drawn));
    expect(chart.scales.y.max - chart.scales.y.min).toBeLessThan(100);
    await page.locator('#h-trend').scrollIntoViewIfNeeded();
    await screenshot(page, `trends-overview-${lang}`);
  }
  await context.close();
});

test("this month's CPSQ tile shows a significant drop against last month with the interval of the change", async () => {
  const context = await e2e.contextAs(e2e.tenant.users.analyst!.email);
  const page = await context.newPage();
  await page.goto(`${e2e.url}/dashboard?period=month&lang=zh-CN`);
  const previous = page.locator('.gauge-card .changes li').first();
  await expect(previous.getAttribute('class')).resolves.toBe('chg chg-down');
  await expect(previous.textContent()).resolves.toMatch(/^较上期 −\d+\.\d（区间 −\d+\.\d 至 −\d+\.\d） · 显著下降$/);
  // Last year has no data: said as such, never as a change.
  await expect(page.locator('.gauge-card .changes li').nth(1).textContent()).resolves.toBe('较去年同期 · 对比期无数据');
  await screenshot(page, 'trends-tile-zh-CN');
  await page.goto(`${e2e.url}/dashboard?period=month&lang=en`);
  await expect(page.locator('.gauge-card .changes li').first().textContent()).resolves.toMatch(
    /^vs previous period −\d+\.\d \(interval −\d+\.\d to −\d+\.\d\) · significant drop$/,
  );
  await screenshot(page, 'trends-tile-en');
  await context.close();
});

test('the site ranking groups tied sites by letter, says how, and draws whiskers on a fitted scale', async () => {
  const context = await e2e.contextAs(e2e.tenant.users.analyst!.email);
  const page = await context.newPage();
  for (const lang of ['zh-CN', 'en'] as const) {
    await page.goto(`${e2e.url}/dashboard/sites?lang=${lang}`);
    // The script rebuilds the ranking on load: read what it drew.
    await page.waitForFunction(() => document.getElementById('dashboard')?.dataset.refreshes !== undefined);
    const groups = Object.fromEntries(
      await page
        .locator('#ranking-rows tr')
        .evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-site'), r.querySelector('.group-letters')?.textContent])),
    );
    expect(groups).toEqual({ S1: 'a', S2: 'a', S3: 'b' });
    await expect(page.locator('#ties-hint').textContent()).resolves.toContain(
      lang === 'zh-CN' ? 'Holm 方法校正多重比较' : "Holm's correction for multiple comparisons",
    );
    await expect(page.locator('#ties-hint').textContent()).resolves.toContain('3');
    // Whiskers span a readable share of the strip: the scale is fitted, not 0–100.
    const widths = await page
      .locator('#ranking-rows line.wk-ci')
      .evaluateAll((lines) => lines.map((l) => Math.abs(Number(l.getAttribute('x2')) - Number(l.getAttribute('x1')))));
    expect(widths).toHaveLength(3);
    for (const w of widths) expect(w).toBeGreaterThan(20);
    await screenshot(page, `trends-sites-${lang}`);
  }
  await context.close();
});

test("the indicator table shows every indicator's change in words, in Chinese and in English", async () => {
  const context = await e2e.contextAs(e2e.tenant.users.analyst!.email);
  const page = await context.newPage();
  for (const lang of ['zh-CN', 'en'] as const) {
    await page.goto(`${e2e.url}/dashboard/indicators?period=month&lang=${lang}`);
    const lines = await page.locator('table.tree .changes-cell .chg').allTextContents();
    expect(lines.length).toBeGreaterThan(0);
    const verdicts =
      lang === 'zh-CN'
        ? /· (显著上升|显著下降|变化不显著|样本太少，无法判断|对比期无数据)$/
        : /· (significant rise|significant drop|not significant|too few responses to tell|no data to compare with)$/;
    for (const line of lines) expect(line).toMatch(verdicts);
    // Every indicator dropped this month: at least one drop is significant.
    expect(lines.some((l) => l.endsWith(lang === 'zh-CN' ? '显著下降' : 'significant drop'))).toBe(true);
    await page.locator('table.tree').scrollIntoViewIfNeeded();
    await screenshot(page, `trends-indicators-${lang}`);
  }
  await context.close();
});
