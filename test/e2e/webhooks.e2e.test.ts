/**
 * The webhook pages and the operator's job page in Chromium, in zh-CN and
 * English: an admin sends a test event and reads the delivery log; a test
 * event to an address nobody answers fails and the operator sees it with its
 * error. Screenshots: test-output/screenshots/webhook-*.png, operator-jobs-*.png.
 */
import { insertUser } from '../../server/services/accounts/users';
import { createEndpoint } from '../../server/services/webhooks/endpoints';
import { DESKTOP, screenshot } from '../helpers/browser';
import { type E2E, startE2E, watchErrors } from '../helpers/e2e';
import { closedPort, startReceiver, type Receiver } from '../helpers/webhookReceiver';
import { PASSWORD } from '../helpers/world';

let e2e: E2E;
let receiver: Receiver;
let liveId = '';
let deadId = '';

beforeAll(async () => {
  receiver = await startReceiver();
  const dead = `http://127.0.0.1:${await closedPort()}/gone`;
  e2e = await startE2E(async (tenant, world) => {
    // Addresses on 127.0.0.1 need the installation's permission; the service is told it directly here.
    const policy = { allowLoopbackHttp: true };
    liveId = (
      await createEndpoint(tenant.ctx, { url: receiver.url, description: '客户关系系统', events: ['response.counted', 'case.opened', 'case.resolved'] }, policy)
    )._id;
    deadId = (await createEndpoint(tenant.ctx, { url: dead, description: '已下线的系统', events: ['visit.approved'] }, policy))._id;
    await insertUser(world.store, { enterpriseId: null, email: 'ops@platform.test', name: 'Ops', role: 'operator', password: PASSWORD });
  });
});
afterAll(async () => {
  await e2e?.close();
  await receiver?.stop();
});

test('an admin sends a test event and reads its delivery in the log, in Chinese and English', async () => {
  const context = await e2e.contextAs(e2e.tenant.admin.email, DESKTOP);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${e2e.url}/admin/webhooks`);
  await expect(page.locator('h1').textContent()).resolves.toBe('Webhook 推送');
  await screenshot(page, 'webhook-list-zh');
  await page.click(`a[href="/admin/webhooks/${liveId}"]`);
  await page.selectOption('select#type', 'case.opened');
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("发送测试事件")')]);
  await expect(page.locator('.flash').textContent()).resolves.toContain('测试事件已排队发送');
  expect(await e2e.world.drain()).toBeGreaterThanOrEqual(1);
  expect(receiver.accepted().map((r) => r.event)).toEqual([expect.objectContaining({ type: 'case.opened', test: true })]);
  await page.reload();
  await expect(page.locator('.webhook-status').first().textContent()).resolves.toBe('200');
  await screenshot(page, 'webhook-endpoint-zh');
  await page.goto(`${e2e.url}/admin/webhooks/${liveId}?lang=en`);
  await expect(page.locator('h2', { hasText: 'Delivery log' }).isVisible()).resolves.toBe(true);
  await screenshot(page, 'webhook-endpoint-en');
  await page.goto(`${e2e.url}/admin/webhooks?lang=zh-CN`);
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test('a delivery nobody answers ends on the operator page with its error, in Chinese and English', async () => {
  const admin = await e2e.apiAs(e2e.tenant.admin.email);
  expect((await admin.post(`/api/v1/webhooks/${deadId}/test`).send({ type: 'visit.approved' })).status).toBe(202);
  await e2e.world.drain();
  const context = await e2e.contextAs('ops@platform.test', DESKTOP);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${e2e.url}/operator/jobs`);
  await expect(page.locator('#jobs-failed').textContent()).resolves.toBe('1');
  await expect(page.locator('.jobs-failed .job-error').first().textContent()).resolves.toMatch(/^no answer from the endpoint: connect ECONNREFUSED/);
  await expect(page.locator('.jobs-failed td').first().textContent()).resolves.toBe('Webhook 推送');
  await screenshot(page, 'operator-jobs-zh');
  await page.goto(`${e2e.url}/operator/jobs?lang=en`);
  await expect(page.locator('h2', { hasText: 'Failed jobs' }).isVisible()).resolves.toBe(true);
  await expect(page.locator('.jobs-failed td').first().textContent()).resolves.toBe('Webhook delivery');
  await screenshot(page, 'operator-jobs-en');
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);
