/**
 * Each role's common day in Chromium (issue 23), from the login form to the
 * work done: the first page after logging in is the role's work page and `/`
 * never appears among the main-frame navigations. The work is done through the
 * page (clicks and form fills), its visible outcome is checked, and every day
 * keeps screenshots, one of them at phone size. Chinese and English alternate
 * across roles. Screenshots: test-output/screenshots/day-*.png.
 */
import pino from 'pino';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { insertUser, type User } from '../../server/services/accounts/users';
import { handleCountedResponse } from '../../server/services/alerts/listener';
import type { FollowUpTask } from '../../server/services/alerts/types';
import { seedDemoAudit } from '../../server/services/demo/audits';
import { acceptVisit, assignVisit } from '../../server/services/visits/assignment';
import { setPlanBrief } from '../../server/services/visits/brief';
import { submitReport } from '../../server/services/visits/report';
import { updateProfile } from '../../server/services/visits/shoppers';
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { listWithCases } from '../helpers/calls';
import { buildCampaign } from '../helpers/campaigns';
import { seedDashboardSample } from '../helpers/dashboard-sample';
import { publishAll, submit } from '../helpers/dashboard';
import { type E2E, startE2E, submitLogin, watchErrors } from '../helpers/e2e';
import { surveyAnswers } from '../helpers/templates';
import { addShopper, checklistAnswers, jpegBytes, mysteryPlan, recentTimes, reportInput, today } from '../helpers/visits';
import { addDays } from '../../server/services/calendar';
import { PASSWORD } from '../helpers/world';

let e2e: E2E;
let manager: User;
let task: FollowUpTask;
let campaignName: string;

beforeAll(async () => {
  e2e = await startE2E(async (tenant, world) => {
    const published = await publishAll(tenant);
    await seedDashboardSample(tenant.ctx, pino({ level: 'silent' }));

    campaignName = (await buildCampaign(tenant)).campaign.name;

    manager = await insertUser(world.store, {
      enterpriseId: tenant.enterpriseId,
      email: 'day.manager@t.test',
      name: '网点负责人 孙丽',
      role: 'siteManager',
      password: PASSWORD,
      siteIds: [tenant.sites[0]._id],
    });
    const { response } = await submit(tenant, published, 'survey', 0, surveyAnswers({ overall_satisfaction: 1, recommend: 9, comment: '等了三天没人来' }));
    const deps = { store: world.store, mailer: world.deps.mailer, logger: pino({ level: 'silent' }), baseUrl: 'http://localhost' };
    [task] = await handleCountedResponse(deps, {
      enterpriseId: tenant.enterpriseId,
      siteId: response.siteId,
      channel: 'survey',
      responseId: response._id,
      at: response.respondedAt,
    });

    await listWithCases(tenant, 3, { prefix: 'DAY' });

    // The shopper's assignment at S1, with its brief; a report from another shopper at S2 waits for review.
    const shopper = tenant.users.shopper!;
    await updateProfile(tenant.ctx, shopper._id, { regions: ['北京'], availability: ['weekday-morning'] });
    const mine = await mysteryPlan(tenant, { from: addDays(today(), -10), to: today() });
    await setPlanBrief(tenant.ctx, mine.plan._id, {
      feeFen: 12000,
      scenarios: [{ type: 'repair', ask: { 'zh-CN': '说明洗衣机漏水，询问上门检测费', en: 'Say the washer leaks; ask the call-out fee' } }],
    });
    await assignVisit(tenant.ctx, mine.visits[0]._id, shopper._id);
    const other = await addShopper(tenant, ['上海']);
    const theirs = await mysteryPlan(tenant, { siteId: tenant.sites[1]._id, from: addDays(today(), -10), to: today() });
    await assignVisit(tenant.ctx, theirs.visits[0]._id, other.user._id);
    await acceptVisit(other.ctx, theirs.visits[0]._id);
    await submitReport(other.ctx, theirs.visits[0]._id, { ...reportInput(0), ...recentTimes() });

    await seedDemoAudit(tenant.ctx, pino({ level: 'silent' }));
  });
}, 300_000);
afterAll(() => e2e?.close());

type Lang = 'zh-CN' | 'en';

interface Day {
  page: Page;
  /** Every main-frame path the browser was at, in order. */
  visited: string[];
  errors: string[];
  close(): Promise<void>;
}

/**
 * Opens /login in a browser of that language, logs in through the form and
 * waits for `work`; the first page after the login form must be the work page.
 */
async function startDay(email: string, lang: Lang, work: string, options: BrowserContextOptions = DESKTOP): Promise<Day> {
  const context = await e2e.browser.newContext({ ...options, locale: lang === 'en' ? 'en-US' : 'zh-CN' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const visited: string[] = [];
  page.on('framenavigated', (frame) => frame === page.mainFrame() && visited.push(new URL(frame.url()).pathname));
  await page.goto(`${e2e.url}/login`);
  if (lang === 'en') {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
  } else {
    await submitLogin(page, email);
  }
  await page.waitForURL(`${e2e.url}${work}`);
  expect(visited[0]).toBe('/login');
  expect(visited[1]).toBe(new URL(work, e2e.url).pathname);
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
  return { page, visited, errors, close: () => context.close() };
}

/** The same page at phone width (the layout reflows; the session stays). */
async function atPhoneSize(page: Page, name: string): Promise<void> {
  await page.setViewportSize(PHONE.viewport);
  await screenshot(page, name);
}

test('(zh-CN) an enterprise admin lands on the dashboard, opens the campaign and confirms sending its invitations', async () => {
  const day = await startDay(e2e.tenant.admin.email, 'zh-CN', '/dashboard');
  const { page } = day;
  await screenshot(page, 'day-admin-1-landing-zh');
  // Campaigns sit in the 「采集」 menu of the header.
  await page.locator('.nav-group summary', { hasText: '采集' }).click();
  await Promise.all([page.waitForURL(`${e2e.url}/campaigns`), page.getByRole('link', { name: '问卷活动', exact: true }).first().click()]);
  await Promise.all([page.waitForURL(/\/campaigns\/[^/]+$/), page.getByRole('link', { name: campaignName }).click()]);
  await Promise.all([page.waitForURL(/\/invitations\/confirm$/), page.getByRole('link', { name: '发送邀请邮件' }).click()]);
  await expect(page.getByRole('heading', { name: '向 2 位收件人发送邀请？' }).isVisible()).resolves.toBe(true);
  await screenshot(page, 'day-admin-2-confirm-zh');
  await Promise.all([page.waitForURL(/\/campaigns\/[^/]+$/), page.getByRole('button', { name: '确认发送' }).click()]);
  await expect(page.getByText('已安排 2 封邀请邮件，正在发送。').first().isVisible()).resolves.toBe(true);
  await screenshot(page, 'day-admin-3-sent-zh');
  await atPhoneSize(page, 'day-admin-4-sent-phone-zh');
  expect(day.visited).not.toContain('/');
  expect(day.errors).toEqual([]);
  await day.close();
});

test('(en) an analyst lands on the dashboard, reads the CPSQ and opens the site ranking', async () => {
  const day = await startDay(e2e.tenant.users.analyst!.email, 'en', '/dashboard');
  const { page } = day;
  await expect(page.getByRole('heading', { name: 'CPSQ (customer-perceived service quality)' }).isVisible()).resolves.toBe(true);
  await expect(page.locator('[data-figure="cpsq.score"]').first().textContent()).resolves.toMatch(/^\d+\.\d$/);
  await screenshot(page, 'day-analyst-1-dashboard-en');
  await Promise.all([page.waitForURL(`${e2e.url}/dashboard/sites`), page.getByRole('link', { name: 'Sites', exact: true }).click()]);
  await expect(page.locator('#ranking-rows tr').count()).resolves.toBe(2);
  await expect(page.locator('#ranking-rows').textContent()).resolves.toContain(e2e.tenant.sites[0].name);
  await screenshot(page, 'day-analyst-2-ranking-en');
  await atPhoneSize(page, 'day-analyst-3-ranking-phone-en');
  expect(day.visited).not.toContain('/');
  expect(day.errors).toEqual([]);
  await day.close();
});

test('(zh-CN) a site manager lands on their site’s dashboard and resolves the site’s follow-up task', async () => {
  const site = e2e.tenant.sites[0];
  const day = await startDay(manager.email, 'zh-CN', `/dashboard?site=${site.code}`);
  const { page } = day;
  await expect(page.getByText(site.name).first().isVisible()).resolves.toBe(true);
  await screenshot(page, 'day-manager-1-dashboard-zh');
  await Promise.all([page.waitForURL(`${e2e.url}/follow-ups`), page.getByRole('link', { name: '跟进任务' }).first().click()]);
  await Promise.all([page.waitForURL(`${e2e.url}/follow-ups/${task._id}`), page.locator(`a[href="/follow-ups/${task._id}"]`).first().click()]);
  await page.getByLabel('负责人').selectOption(manager._id);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '分派' }).click()]);
  await page.getByLabel('结果').selectOption('reached');
  await page.locator('#cb-note').fill('已致电顾客，约定明早上门');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '保存回访记录' }).click()]);
  await page.locator('#res-cause').selectOption({ label: '维修质量' });
  await page.locator('#res-action').fill('重新上门更换进水阀');
  await page.locator('#res-note').fill('已上门修好，顾客满意');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '标记为已解决' }).click()]);
  await expect(page.locator('.task-status').first().textContent()).resolves.toContain('已解决');
  await expect(page.getByText('已上门修好，顾客满意').isVisible()).resolves.toBe(true);
  await screenshot(page, 'day-manager-2-resolved-zh');
  await atPhoneSize(page, 'day-manager-3-resolved-phone-zh');
  expect(day.visited).not.toContain('/');
  expect(day.errors).toEqual([]);
  await day.close();
});

test('(en) an agent on a phone lands on the workspace, completes a case and is taken to the next', async () => {
  const day = await startDay(e2e.tenant.users.agent!.email, 'en', '/agent', PHONE);
  const { page } = day;
  await screenshot(page, 'day-agent-1-workspace-phone-en');
  await Promise.all([page.waitForURL(/\/agent\/call-cases\//), page.getByRole('button', { name: 'Take the next case' }).click()]);
  const firstCase = new URL(page.url()).pathname;
  await page.locator('label[for="q_service_completed_0"]').click();
  await page.locator('label[for="q_technician_attitude_4"]').click();
  await page.locator('label[for="q_timeliness_3"]').click();
  await page.locator('label[for="q_problem_solved_0"]').click();
  await page.locator('label[for="q_overall_satisfaction_4"]').click();
  await page.locator('label[for="q_recommend_9"]').click();
  await screenshot(page, 'day-agent-2-case-phone-en');
  await page.getByRole('button', { name: 'Complete and take next' }).click();
  await page.waitForURL((u) => u.pathname.startsWith('/agent/call-cases/') && u.pathname !== firstCase);
  await expect(page.getByRole('status').textContent()).resolves.toMatch(/Now on case DAY-\d{4}/);
  await screenshot(page, 'day-agent-3-next-case-phone-en');
  expect(day.visited).not.toContain('/');
  expect(day.errors).toEqual([]);
  await day.close();
});

test('(zh-CN) a shopper on a phone lands on my visits, reads the brief, accepts and files the report', async () => {
  const day = await startDay(e2e.tenant.users.shopper!.email, 'zh-CN', '/my-visits', PHONE);
  const { page } = day;
  await screenshot(page, 'day-shopper-1-visits-phone-zh');
  await page.getByRole('link', { name: /待接受/ }).click();
  await expect(page.locator('.visit-brief').textContent()).resolves.toContain('说明洗衣机漏水，询问上门检测费');
  await expect(page.locator('.brief-fee').textContent()).resolves.toBe('¥120.00');
  await screenshot(page, 'day-shopper-2-brief-phone-zh');
  await page.getByRole('button', { name: '接受任务' }).click();
  await expect(page.getByRole('status').textContent()).resolves.toContain('已接受任务');
  const when = recentTimes();
  await page.fill('#visitDate', when.visitDate!);
  await page.fill('#startTime', when.startTime!);
  await page.fill('#endTime', when.endTime!);
  for (const [id, answer] of Object.entries(checklistAnswers())) if (answer === 'yes') await page.click(`label[for="q_${id}_0"]`);
  await page.fill('#q_wait_minutes_in', '5');
  await page.fill('#q_staff_description_in', '男，约40岁，工牌 B207');
  await page.setInputFiles('#q_evidence_photos_in', { name: '收据.jpg', mimeType: 'image/jpeg', buffer: await jpegBytes(true) });
  await page.getByRole('button', { name: '提交报告' }).click();
  await expect(page.getByRole('status').textContent()).resolves.toContain('报告已提交');
  await screenshot(page, 'day-shopper-3-submitted-phone-zh');
  expect(day.visited).not.toContain('/');
  expect(day.errors).toEqual([]);
  await day.close();
});

test('(en) a QA reviewer lands on the review queue and approves a submitted visit', async () => {
  const day = await startDay(e2e.tenant.users.reviewer!.email, 'en', '/review');
  const { page } = day;
  await screenshot(page, 'day-reviewer-1-queue-en');
  await Promise.all([page.waitForURL(/\/review\/visits\//), page.getByRole('link', { name: /S2/ }).first().click()]);
  await page.getByRole('button', { name: 'Approve (counts in scores)' }).click();
  await expect(page.getByRole('status').textContent()).resolves.toContain('QA approved. Visit result:');
  await expect(page.locator('#visit-score').textContent()).resolves.toMatch(/^\d+\.\d$/);
  await screenshot(page, 'day-reviewer-2-approved-en');
  await atPhoneSize(page, 'day-reviewer-3-approved-phone-en');
  expect(day.visited).not.toContain('/');
  expect(day.errors).toEqual([]);
  await day.close();
});

test('(zh-CN) an auditor lands on the audits, enters a site’s result and opens the projection', async () => {
  const day = await startDay(e2e.tenant.users.auditor!.email, 'zh-CN', '/audits');
  const { page } = day;
  await expect(page.getByRole('heading', { name: '认证进程' }).isVisible()).resolves.toBe(true);
  await screenshot(page, 'day-auditor-1-audits-zh');
  await page.getByRole('link', { name: '录入结果' }).first().click();
  await page.getByRole('link', { name: /S2/ }).click();
  const goals = page.getByRole('group', { name: /服务目标/ });
  await goals.getByText('部分符合').click();
  await goals.getByLabel('符合比例（0–1）').fill('0.7');
  await goals.getByLabel('理由').fill('年度目标未分解到班组');
  await page.getByRole('button', { name: '保存 S2 的结果' }).click();
  await expect(page.getByRole('status').textContent()).resolves.toContain('已保存 S2');
  await screenshot(page, 'day-auditor-2-entry-zh');
  await page.getByRole('link', { name: '评分预测' }).click();
  await expect(page.getByRole('heading', { name: /审核评分预测/ }).isVisible()).resolves.toBe(true);
  await expect(page.locator('section.summary').textContent()).resolves.toMatch(/\d+\.\d/);
  await screenshot(page, 'day-auditor-3-projection-zh');
  await atPhoneSize(page, 'day-auditor-4-projection-phone-zh');
  expect(day.visited).not.toContain('/');
  expect(day.errors).toEqual([]);
  await day.close();
});
