/**
 * The builder in Chromium: an admin builds a survey from a blank template, maps a
 * rating to an indicator, adds a skip condition, reorders by keyboard, saves, sees a
 * validation error where it belongs, publishes, and previews the form on a phone.
 */
import { loadDefaultTemplates } from '../../server/services/templates/defaults';
import { createTemplate, publish } from '../../server/services/templates/versions';
import { DESKTOP, PHONE, screenshot } from '../helpers/browser';
import { builderField, openBlankSurveyBuilder } from '../helpers/builder';
import { e2eForFile, watchErrors } from '../helpers/e2e';
import { loginAgent } from '../helpers/world';

const fixture = e2eForFile();
const q = builderField;

test('an admin builds, saves, publishes and previews a survey template', async () => {
  const { e2e } = fixture;
  const { browser, tenant, url, world } = e2e;
  const { context: desktop, page, errors, templateId } = await openBlankSurveyBuilder(e2e);

  await page.fill('#f-name-zh-CN', '维修满意度回访');
  await page.fill('#f-name-en', 'Repair satisfaction survey');

  // A rating mapped to an indicator picked from the catalogue tree.
  await page.selectOption('#new-type-0', 'rating');
  await page.getByRole('button', { name: '添加题目' }).click();
  await expect(page.locator(q(1, 'prompt-zh-CN')).evaluate((el) => el === document.activeElement)).resolves.toBe(true);
  await page.fill(q(1, 'prompt-zh-CN'), '您对维修速度满意吗？');
  const indicator = page.locator(q(1, 'indicator'));
  await expect(indicator.locator('optgroup').count()).resolves.toBe(8);
  // On-site-only indicators are not offered: a survey cannot evidence them.
  await expect(indicator.locator('option[value="internal.culture.philosophy"]').count()).resolves.toBe(0);
  await indicator.selectOption('execution.repair.repair');

  // Saving without the English prompt: the server's error shows next to that field, in Chinese, naming the prompt.
  await page.getByRole('button', { name: '保存草稿' }).click();
  const fieldError = page.locator('.field-error');
  await expect(fieldError.textContent()).resolves.toBe('问题「您对维修速度满意吗？」：有文本缺少英文翻译。');
  await expect(page.locator(q(1, 'prompt-en')).getAttribute('aria-invalid')).resolves.toBe('true');
  await screenshot(page, 'builder-error');
  await page.fill(q(1, 'prompt-en'), 'How satisfied are you with the repair speed?');
  // Help text is optional but, once begun, wanted in both languages.
  await page.fill(q(1, 'help-zh-CN'), '从报修到修好的整体用时');
  await page.fill(q(1, 'help-en'), 'From reporting the fault to the repair being done');

  // A follow-up shown only for low ratings.
  await page.selectOption('#new-type-0', 'text');
  await page.getByRole('button', { name: '添加题目' }).click();
  await page.fill(q(2, 'prompt-zh-CN'), '请告诉我们哪里做得不好');
  await page.fill(q(2, 'prompt-en'), 'Please tell us what went wrong');
  await page.locator(q(2, 'required')).uncheck();
  await page.locator(q(2, 'showIf')).check();
  await expect(page.locator(q(2, 'showIf-questionId')).inputValue()).resolves.toBe('q2');
  await page.selectOption(q(2, 'showIf-op'), 'lte');
  await page.fill(q(2, 'showIf-value'), '2');

  // The blank template's comment question goes to the end, by keyboard.
  await page.locator('button[data-action="move-down"][data-qid="q1"]').focus();
  await page.keyboard.press('Enter');
  await expect(page.evaluate(() => (document.activeElement as HTMLElement).dataset.qid)).resolves.toBe('q1');
  await page.keyboard.press('Enter');
  await expect(page.locator('.question-card .q-kind').allTextContents()).resolves.toEqual(['q2 · 评分（量表）', 'q3 · 文本', 'q1 · 文本']);

  await page.getByRole('button', { name: '保存草稿' }).click();
  // The status reads "正在保存…" until the server answers: wait for the answer, then check it.
  await page.waitForFunction(() => !document.getElementById('builder-status')!.textContent!.includes('正在保存'));
  await expect(page.locator('#builder-status').textContent()).resolves.toContain('草稿已保存');
  await expect(page.locator('.field-error').count()).resolves.toBe(0);
  // The new rating had no end labels: the saved defaults show in the builder at once.
  await expect(page.locator('input[data-kind="scaleLabel"][lang="zh-CN"]').first().inputValue()).resolves.toBe('非常不满意');
  await expect(page.locator('input[data-kind="scaleLabel"][lang="en"]').nth(1).inputValue()).resolves.toBe('Very satisfied');
  await screenshot(page, 'builder-saved');

  await page.getByRole('button', { name: '发布' }).click();
  await page.waitForURL(`${url}/templates/${templateId}`);
  await expect(page.getByRole('status').first().textContent()).resolves.toContain('已发布第 1 版');
  await screenshot(page, 'builder-published');
  expect(errors).toEqual([]);

  const api = await loginAgent(world.app, tenant.admin.email);
  const v1 = (await api.get(`/api/v1/templates/${templateId}?version=1`)).body.version.content;
  const published = v1.sections[0].questions;
  expect(published.map((x: { id: string }) => x.id)).toEqual(['q2', 'q3', 'q1']);
  expect(published[0]).toMatchObject({
    type: 'rating',
    scale: 5,
    indicator: 'execution.repair.repair',
    prompt: { en: 'How satisfied are you with the repair speed?' },
  });
  expect(published[0].help).toEqual({ 'zh-CN': '从报修到修好的整体用时', en: 'From reporting the fault to the repair being done' });
  expect(published[1].help).toBeUndefined();
  expect(published[1].showIf).toEqual({ questionId: 'q2', op: 'lte', value: 2 });

  // The phone preview, in Chinese, with skip logic running in the browser.
  const phone = await browser.newContext({ ...PHONE, storageState: await desktop.storageState() });
  const preview = await phone.newPage();
  const previewErrors = watchErrors(preview);
  await preview.goto(`${url}/templates/${templateId}/preview?version=1&lang=zh-CN`);
  await expect(preview.getByRole('heading', { name: '维修满意度回访' }).isVisible()).resolves.toBe(true);
  await expect(preview.getByText('您对维修速度满意吗？').isVisible()).resolves.toBe(true);
  await expect(preview.getByText('从报修到修好的整体用时').isVisible()).resolves.toBe(true);
  await expect(preview.getByText('您还有什么意见或建议？').isVisible()).resolves.toBe(true);
  await expect(preview.getByText('请告诉我们哪里做得不好').isVisible()).resolves.toBe(false);
  await preview.locator('label[for="q_q2_1"]').click(); // rating 2
  await expect(preview.getByText('请告诉我们哪里做得不好').isVisible()).resolves.toBe(true);
  const overflow = await preview.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const target = await preview.locator('label[for="q_q2_0"] > span').boundingBox();
  expect(target!.height).toBeGreaterThanOrEqual(44);
  expect(target!.width).toBeGreaterThanOrEqual(44);
  await screenshot(preview, 'preview-phone-zh');
  expect(previewErrors).toEqual([]);

  await phone.close();
  await desktop.close();
});

test('the shipped templates: list, desktop phone frame, English builder, errors on a phone', async () => {
  const { e2e } = fixture;
  const { browser, tenant, url } = e2e;
  const ids: Record<string, string> = {};
  for (const content of loadDefaultTemplates()) {
    const template = await createTemplate(tenant.ctx, content);
    await publish(tenant.ctx, template._id);
    ids[content.channel] = template._id;
  }
  const desktop = await browser.newContext(DESKTOP);
  const page = await desktop.newPage();
  const errors = watchErrors(page);
  await e2e.loginAs(page, tenant.admin.email, '/templates');
  await screenshot(page, 'builder-list');

  await page.goto(`${url}/templates/${ids.survey}/preview`);
  const frame = await page.locator('.phone-frame').evaluate((el) => el.clientWidth);
  expect(frame).toBe(390);
  await screenshot(page, 'preview-desktop-frame');

  await page.goto(`${url}/templates/${ids.survey}?lang=en`);
  await expect(page.locator('.question-card').count()).resolves.toBeGreaterThan(10);
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(/templates\.\w+/); // an untranslated key shows as itself
  expect(await page.locator('select[id$="-indicator"] option:checked').allTextContents()).toContain('Repair · 5.84 pts');
  await screenshot(page, 'builder-en');
  await page.goto(`${url}/templates?lang=zh-CN`);
  expect(errors).toEqual([]);

  const phone = await browser.newContext({ ...PHONE, storageState: await desktop.storageState() });
  const preview = await phone.newPage();
  await preview.goto(`${url}/templates/${ids.mystery}/preview`);
  await preview.getByRole('button', { name: '检查答案' }).click();
  await expect(preview.getByRole('alert').first().textContent()).resolves.toContain('请修改以下问题后再提交');
  const overflow = await preview.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(preview, 'preview-phone-errors');
  await preview.goto(`${url}/templates/${ids.survey}/preview`);
  await preview.locator('label[for="q_service_type_0"]').click();
  await screenshot(preview, 'preview-phone-survey');
  await phone.close();
  await desktop.close();
});
