/**
 * The printable audit report: the page (print CSS) and the PDF that the server
 * prints with headless Chromium, turned into PNGs with pdftoppm so a person
 * (and this test) can look at it. With an audit, its projection is used.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { actorOf } from '../../server/services/accounts/users';
import { createAudit } from '../../server/services/audits/audits';
import { tenantContext } from '../../server/services/context';
import { seedDashboardSample as seedDemoDashboard } from '../helpers/dashboard-sample';
import { DESKTOP, SCREENSHOT_DIR, screenshot } from '../helpers/browser';
import { publishAll } from '../helpers/dashboard';
import { type E2E, startE2E } from '../helpers/e2e';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E(async (tenant) => {
    await publishAll(tenant);
    await seedDemoDashboard(tenant.ctx, pino({ level: 'silent' }));
  });
});
afterAll(() => e2e?.close());

/** The analyst's API session on the listening server: the PDF route has Chromium load the page back from it. */
const analyst = () => e2e.apiAs(e2e.tenant.users.analyst!.email);

function pdfToPngs(pdf: Buffer, name: string): string[] {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    execFileSync('pdftoppm', ['-png', '-r', '60', file, path.join(SCREENSHOT_DIR, name)]);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new Error('the report test needs pdftoppm: install the Debian package poppler-utils (bash scripts/install-system-deps.sh)', { cause: err });
  }
  return fs
    .readdirSync(SCREENSHOT_DIR)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))
    .sort();
}

test('the report page shows the figures, and prints on A4 without the menus', async () => {
  const agent = await analyst();
  const page = await agent.get('/reports/audit').expect(200);
  for (const text of ['售后服务评价审核报告', '顾客感知服务质量指数', '指标得分表', '计算方法', 'Σ W_c（仅计有数据的渠道）']) expect(page.text).toContain(text);
  const context = await e2e.contextAs(e2e.tenant.users.analyst!.email, DESKTOP);
  const tab = await context.newPage();
  await tab.goto(`${e2e.url}/reports/audit`);
  await screenshot(tab, 'report-audit-screen');
  await tab.emulateMedia({ media: 'print' });
  await expect(tab.locator('header.top').isVisible()).resolves.toBe(false);
  await context.close();
});

test('the PDF is printed by Chromium with the caller’s session and renders to PNG pages', async () => {
  const agent = await analyst();
  const res = await agent
    .get('/reports/audit.pdf?lang=en')
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    })
    .expect(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  const pdf = res.body as Buffer;
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const pngs = pdfToPngs(pdf, 'report-audit-pdf');
  expect(pngs.length).toBeGreaterThanOrEqual(2);
  expect(fs.statSync(path.join(SCREENSHOT_DIR, pngs[0])).size).toBeGreaterThan(20_000);
  // Without a session there is no report and no Chromium.
  await request(e2e.url).get('/reports/audit.pdf').redirects(0).expect(302);
});

test('with an audit, the report uses its projection; an unknown audit id is a 404', async () => {
  const auditor = tenantContext(e2e.world.store, actorOf(e2e.tenant.users.auditor!));
  const today = new Date().toISOString().slice(0, 10);
  const audit = await createAudit(auditor, { kind: 'stage1', plannedDate: today });
  const agent = await analyst();
  const page = await agent.get(`/reports/audit?audit=${audit._id}&lang=zh-CN`).expect(200);
  expect(page.text).toContain(`审核：一阶段审核，日期 ${today}，状态 已计划`);
  expect(page.text).toContain(`顾客数据区间 ${audit.evidenceFrom} 至 ${audit.evidenceTo}`);
  await agent.get('/reports/audit?audit=nope').expect(404);
  await agent.get('/reports/audit.pdf?audit=nope').expect(404);
  const res = await agent
    .get(`/reports/audit.pdf?audit=${audit._id}`)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    })
    .expect(200);
  expect(pdfToPngs(res.body as Buffer, 'report-audit-with-audit-pdf').length).toBeGreaterThanOrEqual(2);
}, 60_000);

test('the PDF flags one-sided indicators in words, in Chinese and in English', async () => {
  // With no audit, indicators evidenced on site and by customers have customer data only: one-sided.
  const agent = await analyst();
  const pdfText = async (lang: string, name: string) => {
    const res = await agent
      .get(`/reports/audit.pdf?lang=${lang}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `${name}.pdf`);
    fs.writeFileSync(file, res.body as Buffer);
    return execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
  };
  const zh = await pdfText('zh-CN', 'report-one-sided-zh');
  expect(zh).toContain('单方证据');
  expect(zh.replace(/\s+/g, '')).toContain('「单方证据」：指标应由现场审核和顾客数据共同证明');
  const en = await pdfText('en', 'report-one-sided-en');
  expect(en).toContain('One-sided');
  expect(en.replace(/\s+/g, ' ')).toContain('“One-sided”: the indicator should be evidenced both on site and by customers');
}, 120_000);
