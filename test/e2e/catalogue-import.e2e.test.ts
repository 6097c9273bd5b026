/**
 * A catalogue brought by a certification body, end to end in Chromium: the
 * operator uploads a CSV with errors and sees it refused row by row (Chinese
 * and English), uploads a valid XLSX and imports it; a scheme on it is pinned
 * on the project page; a new template maps its questions to the imported
 * indicators, a campaign's site link is answered in the browser, and the
 * audit projection scores the imported indicators from that answer; its PDF
 * names the scheme version, the blocking site, the one-sided indicator and an
 * undefined interval.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { insertUser } from '../../server/services/accounts/users';
import { siteLinksOfCampaign } from '../../server/services/campaigns/campaigns';
import { createAudit } from '../../server/services/audits/audits';
import { saveSiteResults } from '../../server/services/audits/entries';
import type { ResponseDoc } from '../../server/services/responses/types';
import { SCREENSHOT_DIR, screenshot } from '../helpers/browser';
import { auditorOf, dayFromNow } from '../helpers/audits';
import { isoDay } from '../helpers/campaigns';
import { BROKEN, brokenRows, csvOf, surveyOnCatalogue, validRows, xlsxOf } from '../helpers/catalogueFiles';
import { type E2E, startE2E } from '../helpers/e2e';
import { strictScheme } from '../helpers/schemes';
import { PASSWORD } from '../helpers/world';

const OPERATOR_EMAIL = 'op@catalogue-import.test';
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E(async (_tenant, world) => {
    await insertUser(world.store, { enterpriseId: null, email: OPERATOR_EMAIL, name: 'Op', role: 'operator', password: PASSWORD });
  });
});
afterAll(() => e2e?.close());

async function upload(page: import('playwright-core').Page, file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.goto(`${e2e.url}/operator/catalogues`);
  await page.locator('#code').fill('e2e-cat');
  await page.locator('#nameZh').fill('认证机构目录');
  await page.locator('#nameEn').fill('Certification body catalogue');
  await page.locator('#file').setInputFiles(file);
  await page.getByRole('button', { name: '预览' }).click();
  await page.waitForURL(/\/operator\/catalogues\/previews\//);
}

test('an imported catalogue with errors is refused row by row; a valid one serves a new template, a campaign and an audit', async () => {
  const operatorContext = await e2e.contextAs(OPERATOR_EMAIL);
  const page = await operatorContext.newPage();

  await upload(page, { name: 'broken.csv', mimeType: 'text/csv', buffer: csvOf(brokenRows()) });
  await expect(page.locator('.preview-refused').isVisible()).resolves.toBe(true);
  const errorsOn = (row: number) => page.locator(`tr[data-row="${row}"] .row-error`).allTextContents();
  await expect(errorsOn(BROKEN.pointsSum)).resolves.toContain('下级分值之和为 30，应为 60');
  await expect(errorsOn(BROKEN.duplicate)).resolves.toEqual(['代码重复（第 4 行已使用）']);
  await expect(errorsOn(BROKEN.unknownEvidence)).resolves.toContain('未知的证据类型「telepathy」（可用 onsite、perceived）');
  for (const row of BROKEN.cycle) await expect(errorsOn(row)).resolves.toEqual(['上级关系成环']);
  await expect(errorsOn(BROKEN.unknownParent)).resolves.toEqual(['上级「nowhere」不存在']);
  await expect(page.getByRole('button', { name: /导入为/ }).count()).resolves.toBe(0);
  await screenshot(page, 'catalogue-import-1-refused-zh');
  await page.goto(`${page.url()}?lang=en`);
  await expect(errorsOn(BROKEN.duplicate)).resolves.toEqual(['duplicate code (already used on row 4)']);
  await screenshot(page, 'catalogue-import-2-refused-en');

  await page.goto(`${e2e.url}/operator/catalogues?lang=zh-CN`);
  await upload(page, {
    name: 'catalogue.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await xlsxOf(validRows()),
  });
  await expect(page.locator('.preview-ok').textContent()).resolves.toContain('e2e-cat@1.0.0');
  await screenshot(page, 'catalogue-import-3-preview');
  await page.getByRole('button', { name: '导入为 e2e-cat@1.0.0' }).click();
  await page.waitForURL(`${e2e.url}/operator/catalogues`);
  await expect(page.locator('.flash').textContent()).resolves.toContain('已导入 e2e-cat@1.0.0');
  await expect(page.locator('table.catalogues').textContent()).resolves.toContain('e2e-cat@1.0.0');

  // A scheme written for the imported catalogue, which the enterprise admin pins on the project page.
  const operatorApi = await e2e.apiAs(OPERATOR_EMAIL);
  await operatorApi
    .post('/api/v1/schemes')
    .send({ ...strictScheme('e2e-scheme'), catalogue: { code: 'e2e-cat', version: '1.0.0' } })
    .expect(201);
  await operatorContext.close();

  const { tenant } = e2e;
  const adminContext = await e2e.contextAs(tenant.admin.email);
  const adminPage = await adminContext.newPage();
  await adminPage.goto(`${e2e.url}/project/scheme`);
  await adminPage.locator('#scheme').selectOption('e2e-scheme@1');
  await adminPage.getByRole('button', { name: '采用此版本' }).click();
  await expect(adminPage.locator('.flash').textContent()).resolves.toContain('e2e-scheme@1');
  await expect(adminPage.locator('.scheme-detail').textContent()).resolves.toContain('e2e-cat@1.0.0');

  // A new template on the imported catalogue, published, and a campaign with it.
  const admin = await e2e.apiAs(tenant.admin.email);
  const template = (await admin.post('/api/v1/templates').send(surveyOnCatalogue('e2e-cat', '1.0.0')).expect(201)).body.template;
  const version = (await admin.post(`/api/v1/templates/${template._id}/publish`).expect(201)).body.version;
  const campaign = (
    await admin
      .post('/api/v1/campaigns')
      .send({
        name: '导入目录问卷',
        templateId: template._id,
        templateVersion: version.version,
        siteIds: [tenant.sites[0]._id],
        startsOn: isoDay(-1),
        endsOn: isoDay(30),
        reminders: { afterDays: 3, maxCount: 0 },
        privacyContact: 'privacy@test.local',
      })
      .expect(201)
  ).body.campaign;
  const [link] = await siteLinksOfCampaign(tenant.ctx, campaign._id);

  // A customer answers through the site link.
  const choose = (questionId: string, index: number) => adminPage.locator(`label[for="q_${questionId}_${index}"]`).click();
  await adminPage.goto(`${e2e.url}/f/${link!._id}`);
  await choose('service_type', 1);
  await adminPage.getByRole('button', { name: '下一页' }).click();
  await choose('repair_speed', 3);
  await choose('problem_solved', 0);
  await choose('explanation', 4);
  await adminPage.getByRole('button', { name: '下一页' }).click();
  await choose('staff_attitude', 4);
  await choose('effort', 3);
  await choose('raised_complaint', 1);
  await adminPage.getByRole('button', { name: '下一页' }).click();
  await choose('overall_satisfaction', 4);
  await choose('recommend', 9);
  await adminPage.getByRole('button', { name: '提交评价' }).click();
  await expect(adminPage.getByRole('heading', { name: '感谢您的评价！' }).isVisible()).resolves.toBe(true);
  const [response] = await e2e.world.store.collection<ResponseDoc>('responses').find({ enterpriseId: tenant.enterpriseId, source: 'site-link' });
  expect(response!.catalogue).toEqual({ code: 'e2e-cat', version: '1.0.0' });
  await adminContext.close();

  // The audit scores the imported indicators: on-site entries plus the customer's answer.
  const auditor = auditorOf(e2e.world, tenant);
  const audit = await createAudit(auditor, { kind: 'stage1', plannedDate: dayFromNow(1) });
  expect(audit.catalogue).toEqual({ code: 'e2e-cat', version: '1.0.0' });
  await saveSiteResults(auditor, audit._id, tenant.sites[0]._id, [
    { code: 'fix.tools', entry: { status: 'met' } },
    { code: 'svc.desk.records', entry: { status: 'met' } },
  ]);
  const auditorContext = await e2e.contextAs(tenant.users.auditor!.email);
  const projection = await auditorContext.newPage();
  await projection.goto(`${e2e.url}/audits/${audit._id}/projection`);
  const body = (await projection.locator('main').textContent())!;
  expect(body).toContain('认证机构目录（1.0.0 版）');
  expect(body).toContain('认证方案 e2e-scheme@1');
  for (const name of ['接待', '记录', '维修速度', '工具']) expect(body).toContain(name);
  await screenshot(projection, 'catalogue-import-4-projection');
  await auditorContext.close();

  // The PDF names the scheme version, the blocking site, the one-sided indicator and why the n = 1 interval is missing.
  const res = await admin
    .get(`/reports/audit.pdf?audit=${audit._id}&lang=en`)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    })
    .expect(200);
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, 'catalogue-import-5-report.pdf');
  fs.writeFileSync(file, res.body as Buffer);
  // Reading order, not layout (table cells wrap); a line broken after a hyphen is joined again.
  const pdfText = execFileSync('pdftotext', ['-raw', file, '-']).toString('utf8').replace(/\s+/g, ' ').replace(/- /g, '-');
  expect(pdfText).toContain('Certification scheme e2e-scheme@1');
  expect(pdfText).toContain('Multi-site rule: S2 (below Pass (60)) block the enterprise certificate until corrected.');
  expect(pdfText).toContain('One-sided');
  expect(pdfText).toMatch(/— \(undefined: the sample, or a part of it, has n = 1/);
});
