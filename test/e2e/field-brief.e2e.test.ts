/**
 * Chromium: a shopper on a phone reads the brief (scenario, fee, address with
 * map links) before accepting, in Chinese and English; an agent takes a case
 * and sees the customer's earlier calls, answers and cases, in both languages.
 * Screenshots: test-output/screenshots/field-*.png.
 */
import { updateSite } from '../../server/services/accounts/sites';
import { assignVisit } from '../../server/services/visits/assignment';
import { setPlanBrief } from '../../server/services/visits/brief';
import { updateProfile } from '../../server/services/visits/shoppers';
import { addDays } from '../../server/services/calendar';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { customerWithHistory } from '../helpers/customerHistory';
import { type E2E, startE2E, watchErrors } from '../helpers/e2e';
import { mysteryPlan, today } from '../helpers/visits';

let e2e: E2E;
let visitId: string;

beforeAll(async () => {
  e2e = await startE2E(async (tenant, world) => {
    const shopper = tenant.users.shopper!;
    await updateProfile(tenant.ctx, shopper._id, { regions: ['北京'], availability: ['weekday-morning'] });
    await updateSite(tenant.ctx, tenant.sites[0]._id, { address: '朝阳区建国路88号 SOHO 现代城 A 座 1 层' });
    const { plan, visits } = await mysteryPlan(tenant, { from: addDays(today(), -10), to: today() });
    await setPlanBrief(tenant.ctx, plan._id, {
      feeFen: 15050,
      scenarios: [
        {
          type: 'repair',
          ask: { 'zh-CN': '说明空调不制冷，询问上门检测费和维修报价', en: 'Say the air conditioner does not cool; ask the call-out fee and the repair quote' },
          buy: { 'zh-CN': '要求书面报价单' },
          observe: { 'zh-CN': '是否先报价后维修、是否出示收费标准', en: 'Whether they quote before working and show the price list' },
        },
      ],
    });
    visitId = visits[0]._id;
    await assignVisit(tenant.ctx, visitId, shopper._id);
    await customerWithHistory(world, tenant);
  });
});
afterAll(() => e2e?.close());

/** Nothing wider than the screen: a phone never scrolls sideways. */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

test('a shopper on a phone reads the brief before accepting, in Chinese and in English', async () => {
  const { browser, tenant, url, loginAs } = e2e;
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await loginAs(page, tenant.users.shopper!.email, `/my-visits/${visitId}`);
  const brief = page.locator('.visit-brief');
  await expect(brief.textContent()).resolves.toContain('询问上门检测费和维修报价');
  await expect(page.locator('.brief-fee').textContent()).resolves.toBe('¥150.50');
  await expect(page.locator('.brief-type').textContent()).resolves.toBe('报修');
  const amap = page.getByRole('link', { name: '在高德地图中打开' });
  expect(await amap.getAttribute('href')).toBe(`https://uri.amap.com/search?keyword=${encodeURIComponent('北京朝阳区建国路88号 SOHO 现代城 A 座 1 层')}`);
  // The brief comes before the accept button on the page.
  const briefTop = (await brief.boundingBox())!.y;
  const acceptTop = (await page.getByRole('button', { name: '接受任务' }).boundingBox())!.y;
  expect(briefTop).toBeLessThan(acceptTop);
  expect(await fitsWidth(page)).toBe(true);
  await screenshot(page, 'field-1-shopper-brief-zh');

  await page.goto(`${url}/my-visits/${visitId}?lang=en`);
  await expect(brief.textContent()).resolves.toContain('ask the call-out fee and the repair quote');
  // A part with no English falls back to the Chinese.
  await expect(brief.textContent()).resolves.toContain('要求书面报价单');
  await expect(page.locator('.brief-fee').textContent()).resolves.toBe('CNY 150.50');
  expect(await page.locator('.brief-maps a').first().getAttribute('href')).toMatch(/^https:\/\/www\.openstreetmap\.org\/search\?query=/);
  expect(await fitsWidth(page)).toBe(true);
  await screenshot(page, 'field-2-shopper-brief-en');
  await page.getByRole('button', { name: 'Accept' }).click();
  await page.waitForURL(`${url}/my-visits/${visitId}`);
  await expect(page.locator('.visit-brief').textContent()).resolves.toContain('Repair request');
  expect(errors).toEqual([]);
  await context.close();
});

test("an agent takes a case and sees the customer's earlier calls, answers and cases, in Chinese and in English", async () => {
  const { browser, tenant, loginAs } = e2e;
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await loginAs(page, tenant.users.agent!.email, '/agent');
  await page.getByRole('button', { name: '领取下一个工单' }).click();
  await page.waitForURL(/\/agent\/call-cases\//);
  const history = page.locator('.customer-history');
  await expect(history.locator('h2').textContent()).resolves.toBe('客户既往记录');
  const text = (await history.textContent())!;
  for (const expected of ['OLD-S1', 'OLD-S2', '王回访', '138****5678', '得分 42.5', '低分 S1']) expect(text).toContain(expected);
  expect(text).not.toContain('13812345678');
  await screenshot(page, 'field-3-agent-case-zh');

  await page.goto(`${page.url()}?lang=en`);
  await expect(history.locator('h2').textContent()).resolves.toBe("Customer's earlier contacts");
  await expect(history.textContent()).resolves.toContain('score 42.5');
  await screenshot(page, 'field-4-agent-case-en');

  // On a phone the history stays within the screen.
  const phone = await browser.newContext({ ...PHONE, storageState: await context.storageState() });
  const small = await phone.newPage();
  await small.goto(`${page.url()}`);
  expect(await fitsWidth(small)).toBe(true);
  await screenshot(small, 'field-5-agent-case-phone-en');
  expect(errors).toEqual([]);
  await phone.close();
  await context.close();
});
