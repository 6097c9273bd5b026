/**
 * A real installation from the first start, as a person does it: the built server
 * started with SEED_DEMO=never on an empty DATA_DIR prints a setup URL; in Chromium
 * that page creates the operator (on a phone, in Chinese, one refused try first),
 * who lands on the enterprises page and creates the first enterprise.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../../scripts/prove/server';
import { DESKTOP, launchBrowser, PHONE, screenshot } from '../helpers/browser';
import { watchErrors } from '../helpers/e2e';
import { waitForOutput } from '../helpers/processes';
import { startSmtp, type TestSmtp } from '../helpers/smtp';
import { waitUntil } from '../helpers/wait';

jest.setTimeout(240_000);

const PASSWORD = 'river willow 2026';
let dir: string;
let server: ServerProcess;
let browser: Browser;
let smtp: TestSmtp;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicestar-setup-e2e-'));
  // The mail goes to a real SMTP server here, as an installation with SMTP_URL sends it.
  smtp = await startSmtp();
  // `SEED_DEMO=never npm start`: NODE_ENV unset, the rest as the README has it.
  server = await startServerProcess(dir, { SEED_DEMO: 'never', NODE_ENV: '', LOG_LEVEL: 'warn', SMTP_URL: smtp.url });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.kill('SIGTERM');
  await smtp?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The set-password link of a mail to `to`, as the person reads it (waited for: the mail leaves through the job queue after the answer). */
async function invitationLinkTo(to: string): Promise<string> {
  const link = (): string | null => {
    for (const { to: rcpt, mail } of smtp.received) {
      const match = rcpt.includes(to) ? /https?:\/\/[^\s"]+?\/set-password\/[\w-]+/.exec(mail.text ?? '') : null;
      if (match) return match[0];
    }
    return null;
  };
  return (await waitUntil(link, (found) => found !== null, `a set-password mail to ${to} at the test SMTP server`))!;
}

test('setup URL → operator → enterprise → the invited admin sets a password and logs in, with the URL gone afterwards', async () => {
  const [, setupUrl] = await waitForOutput(server, /^ {2}(http:\/\/localhost:\d+\/setup\/[A-Za-z0-9_-]+)$/m);
  const origin = new URL(setupUrl).origin;

  const phone = await browser.newContext(PHONE);
  const page = await phone.newPage();
  const errors = watchErrors(page);
  await page.goto(setupUrl);
  await expect(page.getByRole('heading', { name: '创建平台运营账号' }).isVisible()).resolves.toBe(true);
  // Phone-friendly: nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, 'setup-phone-zh');

  await page.getByLabel('邮箱', { exact: true }).fill('ops@example.com');
  await page.getByLabel('姓名（可选）').fill('王敏');
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByLabel('再次输入密码').fill(`${PASSWORD}.`);
  await page.getByRole('button', { name: '创建并登录' }).click();
  await expect(page.getByRole('alert').textContent()).resolves.toContain('两次输入的密码不一致');
  await expect(page.getByLabel('邮箱', { exact: true }).inputValue()).resolves.toBe('ops@example.com');
  await screenshot(page, 'setup-phone-zh-mismatch');

  await page.getByRole('link', { name: 'English' }).click();
  // The click starts a navigation: wait for the English page rather than look once.
  await page.getByRole('heading', { name: 'Create the platform operator' }).waitFor();
  await screenshot(page, 'setup-phone-en');
  await page.getByLabel('Email', { exact: true }).fill('ops@example.com');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Password again').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create and log in' }).click();
  await page.waitForURL(`${origin}/operator/enterprises`);
  await expect(page.getByRole('status').textContent()).resolves.toContain('The platform operator account is ready');
  await phone.close();

  // The operator goes on at a desk: log in and create the first enterprise.
  const desk = await browser.newContext(DESKTOP);
  const deskPage = await desk.newPage();
  const deskErrors = watchErrors(deskPage);
  await deskPage.goto(`${origin}/login?next=${encodeURIComponent('/operator/enterprises')}`);
  await deskPage.getByLabel('邮箱').fill('ops@example.com');
  await deskPage.getByLabel('密码').fill(PASSWORD);
  await deskPage.getByRole('button', { name: '登录' }).click();
  await deskPage.waitForURL(`${origin}/operator/enterprises`);
  expect(await deskPage.content()).not.toContain('demo.test');
  await deskPage.getByLabel('编码').fill('acme');
  await deskPage.getByLabel('名称', { exact: true }).fill('艾克米家电服务');
  await deskPage.getByLabel('管理员邮箱').fill('admin@acme.example');
  await deskPage.getByLabel('管理员姓名').fill('李华');
  await deskPage.getByRole('button', { name: '保存' }).click();
  await expect(deskPage.getByRole('cell', { name: '艾克米家电服务' }).isVisible()).resolves.toBe(true);
  await screenshot(deskPage, 'setup-operator-enterprise-created');

  // The first admin is invited by email (no one types another person's password): the link arrives at
  // the test SMTP server, the admin sets a password and logs in to their enterprise.
  const link = await invitationLinkTo('admin@acme.example');
  const admin = await browser.newContext(DESKTOP);
  const adminPage = await admin.newPage();
  const adminErrors = watchErrors(adminPage);
  await adminPage.goto(link.replace(/^https?:\/\/[^/]+/, origin));
  await expect(adminPage.getByRole('heading', { name: '设置密码，开始使用' }).isVisible()).resolves.toBe(true);
  await adminPage.getByLabel('新密码').fill('acme admin river 2026');
  await adminPage.getByRole('button', { name: '设置密码' }).click();
  await adminPage.waitForURL(/\/login/);
  await adminPage.getByLabel('邮箱').fill('admin@acme.example');
  await adminPage.getByLabel('密码').fill('acme admin river 2026');
  await adminPage.getByRole('button', { name: '登录' }).click();
  await adminPage.waitForURL(`${origin}/dashboard`);
  await screenshot(adminPage, 'setup-invited-admin-dashboard');
  expect(adminErrors).toEqual([]);
  await admin.close();

  const gone = await deskPage.goto(setupUrl);
  expect(gone?.status()).toBe(404);
  expect([...errors, ...deskErrors]).toEqual([]);
  await desk.close();
});
