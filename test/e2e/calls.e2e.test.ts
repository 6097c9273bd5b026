/**
 * Follow-up calls in Chromium: an admin draws a list from the planner, an agent
 * on a phone takes the next case, records a no-answer, later takes the case
 * again and completes the call with the script's answers, and the supervisor
 * view shows the figures.
 */
import { importCases } from '../../server/services/calls/cases';
import type { CallCase } from '../../server/services/calls/types';
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { caseRows } from '../helpers/calls';
import { type E2E, startE2E, watchErrors } from '../helpers/e2e';
import { publishDefaultTemplate } from '../helpers/templates';
import { addDays, dayOf } from '../../server/services/calendar';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E(async (tenant) => {
    await publishDefaultTemplate(tenant.ctx, 'call');
    // Three recent cases at S1, inside the planner's default period (the last 90 days).
    await importCases(tenant.ctx, caseRows(3, { serviceDate: addDays(dayOf(new Date(), 480), -3), prefix: 'E2E' }), { source: 'csv' });
  });
});
afterAll(() => e2e?.close());

test('draw a list, work a case over two attempts, and read the figures', async () => {
  const { browser, tenant, url, loginAs } = e2e;
  // The admin plans the quota (figures on the page) and draws the list.
  const admin = await browser.newContext(DESKTOP);
  const adminPage = await admin.newPage();
  const adminErrors = watchErrors(adminPage);
  await loginAs(adminPage, tenant.admin.email, '/call-lists/new');
  await adminPage.selectOption('#pl-site', tenant.sites[0]._id);
  await adminPage.getByLabel('允许误差 e').fill('0.1');
  await adminPage.getByRole('button', { name: '计算配额' }).click();
  await expect(adminPage.locator('[data-figure="N"]').textContent()).resolves.toBe('3');
  // n∞ = 1.96²·0.25/0.01 = 96.04 → 97; with N = 3: 96.04/(1 + 95.04/3) = 2.94 → 3
  await expect(adminPage.locator('[data-figure="nInfinite"]').textContent()).resolves.toBe('97');
  await expect(adminPage.locator('[data-figure="nFpc"]').textContent()).resolves.toBe('3');
  await screenshot(adminPage, 'call-planner');
  await adminPage.getByRole('button', { name: '抽样并创建名单' }).click();
  await adminPage.waitForURL(/\/call-lists\/[0-9a-f-]+$/);
  await expect(adminPage.getByText('用同一种子重新抽样，结果完全一致').isVisible()).resolves.toBe(true);
  await expect(adminPage.locator('td.phone').first().textContent()).resolves.toMatch(/^139\*\*\*\*\d{4}$/);
  await screenshot(adminPage, 'call-list');

  // The agent, on a phone, takes the next case: the number is masked until "show number", then whole.
  const agent = await browser.newContext(PHONE);
  const page = await agent.newPage();
  const agentErrors = watchErrors(page);
  await loginAs(page, tenant.users.agent!.email, '/agent');
  await expect(page.locator('[data-figure="dueNow"]').textContent()).resolves.toBe('3');
  await page.getByRole('button', { name: '领取下一个工单' }).click();
  await page.waitForURL(/\/agent\/call-cases\//);
  const caseUrl = page.url();
  const caseId = caseUrl.split('/').pop()!;
  const stored = (await tenant.ctx.store.collection<CallCase>('callCases').findOne({ _id: caseId }))!;
  await expect(page.locator('[data-masked-phone]').textContent()).resolves.toBe(`${stored.phone.slice(0, 3)}****${stored.phone.slice(-4)}`);
  await page.getByRole('button', { name: '显示号码' }).click();
  await page.waitForSelector('[data-phone]');
  await expect(page.locator('[data-phone]').getAttribute('data-phone')).resolves.toBe(stored.phone);
  await expect(page.locator('[data-phone]').textContent()).resolves.toBe(`${stored.phone.slice(0, 3)} ${stored.phone.slice(3, 7)} ${stored.phone.slice(7)}`);
  await expect(page.locator('[data-phone]').getAttribute('href')).resolves.toBe(`tel:${stored.phone}`);
  await screenshot(page, 'call-agent-case');
  await page.getByLabel('备注（可选）').fill('响铃无人接');
  await page.getByRole('button', { name: '无人接听' }).click();
  await page.waitForURL(`${url}/agent`);
  await expect(page.getByRole('status').textContent()).resolves.toContain(`工单 ${stored.caseId}：无人接听。下次拨打时间`);
  await screenshot(page, 'call-agent-after-no-answer');

  // Later: time passes until the retry falls due (moved here instead of waiting for tomorrow's daypart).
  await tenant.ctx.store.collection('callCases').updateOne({ _id: caseId }, { $set: { dueAt: new Date(Date.now() - 60_000).toISOString(), priority: 0 } });
  await page.getByRole('button', { name: '领取下一个工单' }).click();
  await page.waitForURL(caseUrl);
  await expect(page.getByText('第 2 次（最多 4 次）').isVisible()).resolves.toBe(true);
  await expect(page.locator('.agent-history').textContent()).resolves.toContain('无人接听');

  // A required answer left out is marked on the page; nothing is stored.
  await page.locator('label[for="q_service_completed_0"]').click();
  await page.getByRole('button', { name: '完成回访并保存答案' }).click();
  await expect(page.locator('.survey-errors').isVisible()).resolves.toBe(true);
  await screenshot(page, 'call-agent-errors');
  // Skip logic shows "problem solved" once the service is done; the choice survived the round trip.
  await expect(page.locator('#q_service_completed_0').isChecked()).resolves.toBe(true);
  await page.locator('label[for="q_technician_attitude_4"]').click();
  await page.locator('label[for="q_timeliness_3"]').click();
  await page.locator('label[for="q_problem_solved_0"]').click();
  await page.locator('label[for="q_overall_satisfaction_4"]').click();
  await page.locator('label[for="q_recommend_9"]').click();
  await page.getByLabel(/您还有什么意见或建议吗/).fill('师傅很准时');
  await page.getByRole('button', { name: '完成回访并保存答案' }).click();
  await page.waitForURL(`${url}/agent#script`);
  await expect(page.getByRole('status').textContent()).resolves.toContain(`工单 ${stored.caseId} 回访完成，答案已保存`);
  await screenshot(page, 'call-agent-done');
  const response = await tenant.ctx.store.collection('responses').findOne({ 'refs.caseId': caseId });
  expect(response).toMatchObject({
    channel: 'call',
    source: 'call',
    answers: { technician_attitude: 5, timeliness: 4, overall_satisfaction: 5, recommend: 9, comment: '师傅很准时' },
  });

  // The supervisor view shows the figures.
  const analyst = await browser.newContext(DESKTOP);
  const sup = await analyst.newPage();
  const supErrors = watchErrors(sup);
  await loginAs(sup, tenant.users.analyst!.email, '/calls/supervisor');
  const row = sup.locator('tr[data-site="S1"]');
  // quota 3, 1 completed (33.3 %), 3 sampled; RR1 1/3; contact 1/3; refusal 0; 2 attempts on 1 case.
  await expect(row.locator('td').allTextContents()).resolves.toEqual(['3', '1', ' 33.3%', '3', '33.3%', '33.3%', '0.0%', '2.00', '2', '0', '0']);
  await expect(sup.getByText('AAPOR RR1').isVisible()).resolves.toBe(true);
  await expect(sup.locator('#agents-h + .table-wrap tbody tr').first().locator('td').first().textContent()).resolves.toBe('2');
  await screenshot(sup, 'call-supervisor');
  await sup.goto(`${url}/calls/supervisor?lang=en`);
  await expect(sup.getByRole('heading', { name: 'Call supervision' }).isVisible()).resolves.toBe(true);
  await expect(sup.getByText('completes ÷ eligible sampled cases.').isVisible()).resolves.toBe(true);
  await screenshot(sup, 'call-supervisor-en');

  expect([...adminErrors, ...agentErrors, ...supErrors]).toEqual([]);
  await Promise.all([admin.close(), agent.close(), analyst.close()]);
});
