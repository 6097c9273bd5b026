/**
 * The auditor in Chromium: enters a site's on-site results on the entry page
 * (radios, fraction, reason, a nonconformity, a bonus), saves, and opens the
 * projection page, which also prints without the page chrome.
 */
import pino from 'pino';
import { seedDemoAudit } from '../../server/services/demo/audits';
import { submitResponse } from '../../server/services/responses/submit';
import { DESKTOP, screenshot } from '../helpers/browser';
import { type E2E, startE2E, submitLogin } from '../helpers/e2e';
import { publishDefaultTemplate, surveyAnswers } from '../helpers/templates';
import type { Tenant } from '../helpers/world';

let e2e: E2E;

/** Customer data and the demo audit that the projection reads. */
async function seed(tenant: Tenant): Promise<void> {
  // Customer data from the last days, so perceived indicators and the CPSQ have numbers.
  const { templateId, version } = await publishDefaultTemplate(tenant.ctx, 'survey');
  const yesterday = new Date(Date.now() - 36 * 3600_000).toISOString();
  const moods = [{}, { staff_attitude: 4, overall_satisfaction: 5 }, { repair_speed: 3, recommend: 7 }, { problem_solved: 'partly', effort: 3 }];
  for (const [i, site] of tenant.sites.entries()) {
    for (let n = 0; n < 6 + 4 * i; n++) {
      await submitResponse(tenant.ctx, {
        templateId,
        templateVersion: version,
        siteId: site._id,
        channel: 'survey',
        answers: surveyAnswers(moods[n % moods.length]),
        source: 'api',
        respondedAt: yesterday,
      });
    }
  }
  await seedDemoAudit(tenant.ctx, pino({ level: 'silent' }));
}

beforeAll(async () => {
  e2e = await startE2E(seed);
});
afterAll(() => e2e?.close());

test('the auditor enters a site’s results and opens the projection', async () => {
  const { browser, tenant, url } = e2e;
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  // The protected page sends the auditor to the login form and back.
  await page.goto(`${url}/audits`);
  await submitLogin(page, tenant.users.auditor!.email);
  await page.waitForURL(`${url}/audits`);
  await expect(page.getByRole('heading', { name: '认证进程' }).isVisible()).resolves.toBe(true);
  await screenshot(page, 'audits-list');

  await page.getByRole('link', { name: '录入结果' }).first().click();
  await page.getByRole('link', { name: /S2/ }).click();
  const goals = page.getByRole('group', { name: /服务目标/ });
  await goals.getByText('部分符合').click();
  await goals.getByLabel('符合比例（0–1）').fill('0.65');
  await goals.getByLabel('理由').fill('年度目标只分解到部门，未到班组');
  const records = page.getByRole('group', { name: /投诉记录/ });
  await records.getByText('不符合', { exact: true }).click();
  await records.getByText('不符合项').click();
  await records.getByLabel('不符合描述').fill('投诉登记缺少处理结果');
  await records.getByLabel('客观证据').fill('抽查 2026 年 10 月投诉登记表 15 份，4 份无处理结果');
  await records.getByLabel('整改期限').fill('2027-01-31');
  await page.getByRole('group', { name: /包装/ }).getByText('不适用').click();
  await page.getByRole('group', { name: /包装/ }).getByLabel('理由').fill('本中心不承担配送');
  await page.getByLabel(/加分（/).fill('0.5');
  await page.getByLabel('加分理由').fill('获得市级服务标兵称号');
  await page.getByRole('button', { name: '保存 S2 的结果' }).click();
  await expect(page.getByRole('status').textContent()).resolves.toContain('已保存 S2');
  await expect(
    page
      .getByRole('group', { name: /服务目标/ })
      .getByLabel('符合比例（0–1）')
      .inputValue(),
  ).resolves.toBe('0.65');
  await screenshot(page, 'audit-entry');

  await page.getByRole('link', { name: '评分预测' }).click();
  await expect(page.getByRole('heading', { name: /审核评分预测/ }).isVisible()).resolves.toBe(true);
  const summary = page.locator('section.summary');
  await expect(summary.textContent()).resolves.toMatch(/\d+\.\d/);
  await expect(page.getByText('投诉登记缺少处理结果').isVisible()).resolves.toBe(true);
  await expect(page.getByRole('heading', { name: '计分方法' }).isVisible()).resolves.toBe(true);
  await screenshot(page, 'audit-projection');

  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('header.top').isVisible()).resolves.toBe(false);
  await screenshot(page, 'audit-projection-print');
  await context.close();
});
