/**
 * A site manager's day in Chromium (issue 16): logs in on the login page and
 * lands on their site's dashboard, opens their site's follow-up task from the
 * list, takes it, records the call-back and resolves it; another site's task,
 * opened by URL, is a 404. Screenshots: test-output/screenshots/site-manager-*.png.
 */
import pino from 'pino';
import { handleCountedResponse } from '../../server/services/alerts/listener';
import type { FollowUpTask } from '../../server/services/alerts/types';
import { insertUser, type User } from '../../server/services/accounts/users';
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { publishAll } from '../helpers/dashboard';
import { submit } from '../helpers/dashboard';
import { type E2E, startE2E, submitLogin, watchErrors } from '../helpers/e2e';
import { surveyAnswers } from '../helpers/templates';
import { PASSWORD } from '../helpers/world';

let e2e: E2E;
let manager: User;
const tasks: Record<'mine' | 'theirs', FollowUpTask | undefined> = { mine: undefined, theirs: undefined };

beforeAll(async () => {
  e2e = await startE2E(async (tenant, world) => {
    const published = await publishAll(tenant);
    manager = await insertUser(world.store, {
      enterpriseId: tenant.enterpriseId,
      email: 'bj.manager@t.test',
      name: '网点负责人 孙丽',
      role: 'siteManager',
      password: PASSWORD,
      siteIds: [tenant.sites[0]._id],
    });
    const deps = { store: world.store, mailer: world.deps.mailer, logger: pino({ level: 'silent' }), baseUrl: 'http://localhost' };
    for (const [key, siteIndex] of [
      ['mine', 0],
      ['theirs', 1],
    ] as const) {
      const { response } = await submit(
        tenant,
        published,
        'survey',
        siteIndex,
        surveyAnswers({ overall_satisfaction: 1, recommend: 9, comment: '等了三天没人来' }),
      );
      [tasks[key]] = await handleCountedResponse(deps, {
        enterpriseId: tenant.enterpriseId,
        siteId: response.siteId,
        channel: 'survey',
        responseId: response._id,
        at: response.respondedAt,
      });
    }
  });
}, 120_000);
afterAll(() => e2e?.close());

test('a site manager logs in to their site’s dashboard, resolves their site’s task, and cannot open another site’s', async () => {
  const { browser, url, tenant } = e2e;
  const site = tenant.sites[0];
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  const errors = watchErrors(page);

  await page.goto(`${url}/login`);
  await submitLogin(page, manager.email);
  await page.waitForURL(`${url}/dashboard?site=${site.code}`);
  await expect(page.locator('h1').first().isVisible()).resolves.toBe(true);
  await expect(page.getByText(site.name).first().isVisible()).resolves.toBe(true);
  await screenshot(page, 'site-manager-1-dashboard-zh');

  await page.getByRole('link', { name: '跟进任务' }).first().click();
  await page.waitForURL(`${url}/follow-ups`);
  await expect(page.locator(`a[href="/follow-ups/${tasks.mine!._id}"]`).count()).resolves.toBe(1);
  await expect(page.locator(`a[href="/follow-ups/${tasks.theirs!._id}"]`).count()).resolves.toBe(0);
  await screenshot(page, 'site-manager-2-tasks-zh');
  await page.locator(`a[href="/follow-ups/${tasks.mine!._id}"]`).first().click();
  await page.waitForURL(`${url}/follow-ups/${tasks.mine!._id}`);

  // Takes the task, calls the customer back, resolves it.
  await page.getByLabel('负责人').selectOption(manager._id);
  await page.getByRole('button', { name: '分派' }).click();
  await page.waitForURL(`${url}/follow-ups/${tasks.mine!._id}`);
  await page.getByLabel('结果').selectOption('reached');
  await page.locator('#cb-note').fill('已致电顾客，约定明早上门');
  await page.getByRole('button', { name: '保存回访记录' }).click();
  await page.waitForURL(`${url}/follow-ups/${tasks.mine!._id}`);
  // A resolution names its root cause and the action taken.
  await page.locator('#res-cause').selectOption({ label: '维修质量' });
  await page.locator('#res-action').fill('重新上门更换压缩机');
  await page.locator('#res-note').fill('已上门修好，顾客满意');
  await page.getByRole('button', { name: '标记为已解决' }).click();
  await page.waitForURL(`${url}/follow-ups/${tasks.mine!._id}`);
  await expect(page.locator('.task-status').first().textContent()).resolves.toContain('已解决');
  await expect(page.getByText('已上门修好，顾客满意').isVisible()).resolves.toBe(true);
  await screenshot(page, 'site-manager-3-resolved-zh');

  // Another site's task by URL: not found, as if it did not exist.
  const other = await page.goto(`${url}/follow-ups/${tasks.theirs!._id}`);
  expect(other!.status()).toBe(404);
  await screenshot(page, 'site-manager-4-other-site-404-zh');
  expect(errors).toEqual([]);
  await context.close();
});

test('the site manager’s dashboard and task list read in English on a phone', async () => {
  const { url, tenant } = e2e;
  const context = await e2e.contextAs(manager.email, PHONE);
  const page = await context.newPage();
  await page.goto(`${url}/?lang=en`);
  await page.waitForURL(`${url}/dashboard?site=${tenant.sites[0].code}`);
  await screenshot(page, 'site-manager-5-dashboard-phone-en');
  await page.goto(`${url}/follow-ups`);
  await expect(page.locator('h1').first().textContent()).resolves.toMatch(/[A-Za-z]/);
  await screenshot(page, 'site-manager-6-tasks-phone-en');
  await context.close();
});
