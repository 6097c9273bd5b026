/** The builder edits a rating grid's rows: each row's text and its own indicator, rows added and deleted, saved as the draft. */
import { screenshot } from '../helpers/browser';
import { builderField, openBlankSurveyBuilder } from '../helpers/builder';
import { e2eForFile } from '../helpers/e2e';
import { MATRIX_INDICATORS } from '../helpers/matrixDraft';

const fixture = e2eForFile();
const q = builderField;

test('an admin adds a matrix question, gives each row a text and an indicator, deletes a row and saves the rows in the draft', async () => {
  const { e2e } = fixture;
  const { context, page, errors, templateId } = await openBlankSurveyBuilder(e2e);
  await page.fill('#f-name-zh-CN', '矩阵题');
  await page.fill('#f-name-en', 'Grid');

  await page.selectOption('#new-type-0', 'matrix');
  await page.getByRole('button', { name: '添加题目' }).click();
  await page.fill(q(1, 'prompt-zh-CN'), '请为以下方面打分');
  await page.fill(q(1, 'prompt-en'), 'Rate each of these');
  // A grid names its indicators on its rows: the question-level picker is not offered.
  await expect(page.locator(q(1, 'indicator')).count()).resolves.toBe(0);
  await page.fill(q(1, 'rows-0-prompt-zh-CN'), '上门准时');
  await page.selectOption(q(1, 'rows-0-indicator'), MATRIX_INDICATORS.REPAIR);
  for (const [i, text] of [
    [1, '临时行'],
    [2, '沟通态度'],
  ] as const) {
    await page.getByRole('button', { name: '添加行' }).click();
    await page.fill(q(1, `rows-${i}-prompt-zh-CN`), text);
  }
  await page.selectOption(q(1, 'rows-2-indicator'), MATRIX_INDICATORS.RELATIONSHIP);
  await page.getByRole('button', { name: '删除行 r2' }).click();
  await screenshot(page, 'question-matrix-builder');

  await page.getByRole('button', { name: '保存草稿' }).click();
  await page.waitForFunction(() => !document.getElementById('builder-status')!.textContent!.includes('正在保存'));
  await expect(page.locator('#builder-status').textContent()).resolves.toContain('草稿已保存');

  const admin = await e2e.apiAs(e2e.tenant.admin.email);
  const draft = (await admin.get(`/api/v1/templates/${templateId}`).expect(200)).body.template.draft;
  expect(draft.sections[0].questions[1].rows).toEqual([
    { id: 'r1', prompt: { 'zh-CN': '上门准时', en: '' }, indicator: MATRIX_INDICATORS.REPAIR },
    { id: 'r3', prompt: { 'zh-CN': '沟通态度', en: '' }, indicator: MATRIX_INDICATORS.RELATIONSHIP },
  ]);
  expect(errors).toEqual([]);
  await context.close();
});
