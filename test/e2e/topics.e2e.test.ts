/**
 * The customer voice page in Chromium, in zh-CN and English (screenshots kept
 * under test-output/screenshots/topics-*.png): topics with sentiment bars and
 * effect whiskers, the trend chart drawn, and a topic leading to its comments,
 * filtered further by sentiment with the page's own form.
 */
import pino from 'pino';
import { seedDashboardSample } from '../helpers/dashboard-sample';
import { DESKTOP, screenshot } from '../helpers/browser';
import { publishAll } from '../helpers/dashboard';
import { type E2E, startE2E, watchErrors } from '../helpers/e2e';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E(async (tenant) => {
    await publishAll(tenant);
    await seedDashboardSample(tenant.ctx, pino({ level: 'silent' }));
  });
});
afterAll(() => e2e?.close());

test('the topic page shows Chinese topics with sentiment, effect and trend, and leads to their comments', async () => {
  const context = await e2e.contextAs(e2e.tenant.users.analyst!.email, DESKTOP);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${e2e.url}/topics`);
  await expect(page.locator('h1').textContent()).resolves.toBe('客户在说什么');
  await page.waitForFunction(() => !!(window as unknown as { Chart: { getChart(id: string): unknown } }).Chart?.getChart('topic-trend-chart'));
  const rows = page.locator('#topic-table tbody tr');
  expect(await rows.count()).toBe(11);
  const first = rows.first();
  const label = (await first.locator('th a').textContent())!;
  expect(label).toMatch(/^[\u4e00-\u9fff]+$/);
  await expect(first.locator('.senti-bar rect').count()).resolves.toBe(4);
  await expect(page.locator('#topic-table .effect-text').first().textContent()).resolves.toMatch(/[+−]?\d+\.\d \[.+, .+\] (显著拉低|显著拉高|不显著)/);
  await screenshot(page, 'topics-zh');

  await first.locator('th a').click();
  await page.waitForURL(/\/dashboard\/comments\?topic=/);
  await expect(page.locator('#f-topic option:checked').textContent()).resolves.toBe(label);
  const tags = await page
    .locator('#comment-list .comment')
    .evaluateAll((items) => items.map((li) => Array.from(li.querySelectorAll('.topic-tag'), (t) => t.textContent)));
  expect(tags.length).toBeGreaterThan(0);
  for (const names of tags) expect(names).toContain(label);

  await page.selectOption('#f-sentiment', 'negative');
  await page.locator('form.filters button[type=submit]').click();
  await page.waitForURL(/sentiment=negative/);
  const tones = await page.locator('#comment-list .senti-tag').allTextContents();
  expect(new Set(tones)).toEqual(tones.length ? new Set(['负面']) : new Set());
  await screenshot(page, 'topics-comments-zh');
  expect(errors).toEqual([]);
  await context.close();
});

test('the topic page reads in English, labels and figures alike', async () => {
  const context = await e2e.contextAs(e2e.tenant.users.analyst!.email, { ...DESKTOP, locale: 'en-US' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${e2e.url}/topics?lang=en`);
  await expect(page.locator('h1').textContent()).resolves.toBe('What customers write');
  await page.waitForFunction(() => !!(window as unknown as { Chart: { getChart(id: string): unknown } }).Chart?.getChart('topic-trend-chart'));
  const labels = await page.locator('#topic-table tbody th a').allTextContents();
  expect(labels).toEqual(expect.arrayContaining(['Charges', 'On-time arrival', 'Waiting time']));
  expect(labels.join(' ')).not.toMatch(/[\u4e00-\u9fff]/);
  await expect(page.locator('#topic-table .effect-text').first().textContent()).resolves.toMatch(/(significantly lower|significantly higher|not significant)/);
  await screenshot(page, 'topics-en');
  expect(errors).toEqual([]);
  await context.close();
});

test('an admin renames a topic and edits its keywords on the settings page, and the topic page shows the new name', async () => {
  const context = await e2e.contextAs(e2e.tenant.admin.email, DESKTOP);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${e2e.url}/topics/settings`);
  await expect(page.locator('h1').textContent()).resolves.toBe('评论主题设置');
  const form = page.locator('#topic-charges form');
  await form.locator('input[name=zh]').fill('收费与价格');
  await form.locator('textarea[name=keywords]').fill('收费\n价格\n工本费');
  await form.locator('button[type=submit]').click();
  await expect(page.locator('.flash-ok').textContent()).resolves.toBe('已保存主题「收费与价格」');
  await screenshot(page, 'topics-settings-zh');
  await page.goto(`${e2e.url}/topics`);
  await expect(page.locator('#topic-table tr[data-topic="charges"] th a').textContent()).resolves.toBe('收费与价格');
  expect(errors).toEqual([]);
  await context.close();
});
