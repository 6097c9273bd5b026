/**
 * The closed loop in Chromium with the demo data: an invited customer's low
 * answer opens one case with two reasons; it is worked (assigned, called
 * back) and resolved with a root cause; the recovery survey link arrives in
 * the outbox; the customer answers it on a phone; the case reads recovered
 * and the open dashboard's recovery rate moves without a reload.
 * Screenshots: test-output/screenshots/cases-*.png.
 */
import pino from 'pino';
import request from 'supertest';
import type { Enterprise } from '../../server/services/accounts/enterprises';
import type { FollowUpTask } from '../../server/services/alerts/types';
import { DEMO_ENTERPRISE_CODE, seedDemo } from '../../server/services/demo';
import { createJobWorker } from '../../server/services/jobs/registry';
import type { JobWorker } from '../../server/services/jobs/worker';
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { formFields } from '../helpers/campaigns';
import { type E2E, startE2E } from '../helpers/e2e';
import { waitUntil } from '../helpers/wait';
import { PASSWORD } from '../helpers/world';

let e2e: E2E;
let enterpriseId: string;
let worker: JobWorker | undefined;
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  e2e = await startE2E(async (_tenant, world) => {
    await seedDemo(world.store, PASSWORD, logger, undefined, { mail: { mailer: world.deps.mailer, baseUrl: 'https://survey.demo.test' } });
  });
  enterpriseId = (await e2e.world.store.collection<Enterprise>('enterprises').findOne({ code: DEMO_ENTERPRISE_CODE }))!._id;
  // A running worker, as in the app: the alert job of the low answer opens the case while the browser waits.
  worker = createJobWorker({ store: e2e.world.store, mailer: e2e.world.deps.mailer, logger, baseUrl: e2e.url }, { pollMs: 200 });
  worker.start();
}, 600_000);
afterAll(async () => {
  await worker?.stop();
  await e2e?.close();
});

/**
 * What `read` returns once it returns something (generous deadline; the machine may be busy). Through
 * waitUntil, which reads every 25 ms: reading again at once spun a core on store queries while the job worker slept.
 */
async function eventually<T>(read: () => Promise<T | null | undefined>, what: string): Promise<T> {
  return (await waitUntil(read, (value) => !!value, what))!;
}

/** The text of the newest outbox mail to `to` whose subject has `subject`. */
async function mailTo(to: string, subject: string): Promise<string | null> {
  const mailer = e2e.world.deps.mailer;
  const entry = (await mailer.listOutbox(enterpriseId, 500)).find((m) => m.to === to && m.subject.includes(subject));
  return entry ? (await mailer.readOutboxMessage(enterpriseId, entry.id))!.message!.text : null;
}

test('a low answer opens one case with two reasons; resolved with a root cause, the recovery answer moves the dashboard live', async () => {
  const mailer = e2e.world.deps.mailer;
  // An invited demo customer opens the link in their invitation and answers low: overall 1 of 5, recommend 2 of 10.
  const invitation = (await mailer.listOutbox(enterpriseId, 500)).find((m) => m.subject.includes('邀请您评价'))!;
  const customerEmail = invitation.to;
  const text = (await mailer.readOutboxMessage(enterpriseId, invitation.id))!.message!.text;
  const surveyPath = /https:\/\/survey\.demo\.test(\/s\/[A-Za-z0-9_-]+)/.exec(text)![1]!;
  await request(e2e.url)
    .post(surveyPath)
    .type('form')
    .send(formFields({ page: '4', a_overall_satisfaction: '1', a_recommend: '2', a_comment: '上门晚了两天，还多收了费' }))
    .expect(200);

  const cases = e2e.world.store.collection<FollowUpTask>('followUpTasks');
  const opened = await eventually(
    async () =>
      (await cases.find({ enterpriseId, createdAt: { $gt: new Date(Date.now() - 600_000).toISOString() }, 'has.lowNps': true, 'has.lowOverall': true }))[0],
    'the case',
  );
  expect(opened.reasons!.map((r) => r.rule)).toEqual(['lowOverall', 'lowNps']);
  expect(await cases.count({ enterpriseId, responseId: opened.responseId })).toBe(1);

  const context = await e2e.contextAs('admin@demo.test', DESKTOP);
  const dashboard = await context.newPage();
  await dashboard.goto(`${e2e.url}/dashboard`);
  await dashboard.locator('#live-state.live').waitFor();
  const answeredBefore = Number(await dashboard.locator('#recovery-n').textContent());
  const rateBefore = await dashboard.locator('#recovery-rate').textContent();
  await screenshot(dashboard, 'cases-dashboard-before');

  const page = await context.newPage();
  await page.goto(`${e2e.url}/follow-ups?sort=newest&rule=lowNps`);
  await screenshot(page, 'cases-list');
  await page.locator(`a[href="/follow-ups/${opened._id}"]`).first().click();
  await page.waitForURL(`${e2e.url}/follow-ups/${opened._id}`);
  await expect(page.locator('ul.reasons li').count()).resolves.toBe(2);
  await expect(page.locator('ul.reasons').textContent()).resolves.toMatch(/总体满意度 1\/5[\s\S]*推荐意愿 2\/10/);
  if (opened.status === 'open') {
    await page.selectOption('#assigneeId', { label: `管理员 李华 (admin@demo.test)` });
    await page.click('form[action$="/assign"] button[type=submit]');
    await page.locator('.flash').waitFor();
  }
  await page.selectOption('#outcome', 'reached');
  await page.fill('#cb-note', '已致电顾客致歉，约定明天复修');
  await page.click('form[action$="/callback"] button[type=submit]');
  await page.locator('.flash:has-text("回访已记录")').waitFor();
  await page.selectOption('#res-cause', 'lateVisit');
  await page.fill('#res-action', '改约次日上门并退还上门费');
  await screenshot(page, 'cases-resolve-form');
  await page.click('form[action$="/resolve"] button[type=submit]');
  await page.locator('.task-status.status-resolved').waitFor();
  await expect(page.locator('dl.figures:not(.contact)').textContent()).resolves.toContain('上门超时');

  // The recovery survey goes to the customer through the outbox.
  const recoveryMail = await eventually(() => mailTo(customerEmail, '问题解决了吗'), 'the recovery mail');
  const recoveryPath = /(\/r\/[A-Za-z0-9_-]+)/.exec(recoveryMail)![1]!;
  const phone = await (await e2e.browser.newContext(PHONE)).newPage();
  await phone.goto(`${e2e.url}${recoveryPath}`);
  await expect(phone.locator('h1').textContent()).resolves.toBe('问题解决了吗？');
  await phone.check('#solved-yes');
  await phone.check('#rating-5');
  await screenshot(phone, 'cases-recovery-phone');
  await phone.click('button[type=submit]');
  await phone.locator('.r-done').waitFor();

  // The open dashboard hears the change and shows one more answered recovery survey.
  await dashboard.waitForFunction((n) => Number(document.getElementById('recovery-n')?.textContent) === n, answeredBefore + 1, { timeout: 60_000 });
  const rateAfter = await dashboard.locator('#recovery-rate').textContent();
  expect(rateAfter).not.toBe('—');
  if (rateBefore !== '100.0') expect(rateAfter).not.toBe(rateBefore);
  await screenshot(dashboard, 'cases-dashboard-after');
  await page.reload();
  await expect(page.locator('[data-recovery]').getAttribute('data-recovery')).resolves.toBe('recovered');
  await screenshot(page, 'cases-case-recovered');
  await page.goto(`${e2e.url}/follow-ups/${opened._id}?lang=en`);
  await screenshot(page, 'cases-case-recovered-en');
  await context.close();
}, 300_000);
