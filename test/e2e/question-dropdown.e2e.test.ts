/**
 * A dropdown question from the builder to a phone: an admin adds it in the builder (options
 * with scores and an indicator, drawn from what the type's module describes), and a customer
 * on a phone with JavaScript off picks from the native select in Chinese and in English; the
 * choice scores into its indicator. Screenshots: test-output/screenshots/question-dropdown-*.png.
 */
import type { ResponseDoc } from '../../server/services/responses/types';
import { PHONE, screenshot } from '../helpers/browser';
import { siteLinkOfDraft } from '../helpers/campaigns';
import { dropdownSurvey } from '../helpers/dropdownDraft';
import { builderField, openBlankSurveyBuilder } from '../helpers/builder';
import { e2eForFile } from '../helpers/e2e';
import { NA_INDICATORS } from '../helpers/templateDrafts';

const fixture = e2eForFile();
const q = builderField;

test('an admin builds a scored dropdown; a phone without JavaScript answers it in Chinese and English and each choice scores', async () => {
  const { e2e } = fixture;
  const { browser, tenant, url, world } = e2e;
  const { context: desk, page, errors, templateId } = await openBlankSurveyBuilder(e2e);
  await page.selectOption('#new-type-0', 'dropdown');
  await page.getByRole('button', { name: '添加题目' }).click();
  await page.fill(q(1, 'prompt-zh-CN'), '报修后多久有人上门？');
  await page.fill(q(1, 'prompt-en'), 'How soon did an engineer come?');
  for (const [i, zh, en, score] of [
    [0, '当天', 'Same day', '100'],
    [1, '次日', 'Next day', '60'],
    [2, '两天以上', 'Two days or more', '0'],
  ] as const) {
    if (i === 2) await page.locator('[data-anchor="sections.0.questions.1.options"]').getByRole('button', { name: '添加选项' }).click();
    await page.fill(q(1, `options-${i}-label-zh-CN`), zh);
    await page.fill(q(1, `options-${i}-label-en`), en);
    await page.fill(q(1, `options-${i}-score`), score);
  }
  await page.selectOption(q(1, 'indicator'), NA_INDICATORS.REPAIR);
  await screenshot(page, 'question-dropdown-builder');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await page.waitForFunction(() => !document.getElementById('builder-status')!.textContent!.includes('正在保存'));
  await expect(page.locator('#builder-error').textContent()).resolves.toBe('');
  await expect(page.locator('#builder-status').textContent()).resolves.toContain('草稿已保存');
  const admin = await e2e.apiAs(tenant.admin.email);
  const built = (await admin.get(`/api/v1/templates/${templateId}`).expect(200)).body.template.draft.sections[0].questions[1];
  expect(built).toMatchObject({ type: 'dropdown', indicator: NA_INDICATORS.REPAIR });
  expect(built.options.map((o: { value: string; score: number }) => [o.value, o.score])).toEqual([
    ['a', 100],
    ['b', 60],
    ['o3', 0],
  ]);
  expect(errors).toEqual([]);
  await desk.close();

  const linkId = await siteLinkOfDraft(admin, tenant, dropdownSurvey());
  for (const [lang, choice, submit, thanks] of [
    ['zh-CN', '次日', '提交评价', /感谢您的评价/],
    ['en', 'Two days or more', 'Submit', /Thank you/],
  ] as const) {
    const phone = await browser.newContext({ ...PHONE, locale: lang, javaScriptEnabled: false });
    const form = await phone.newPage();
    await form.goto(`${url}/f/${linkId}${lang === 'en' ? '?lang=en' : ''}`);
    const select = form.getByLabel(lang === 'en' ? 'How soon did an engineer come?' : '报修后多久有人上门？');
    await select.selectOption({ label: choice });
    await screenshot(form, `question-dropdown-phone-nojs-${lang}`);
    await form.getByRole('button', { name: submit }).click();
    await form.getByRole('heading', { name: thanks }).waitFor();
    await phone.close();
  }
  const stored = await world.store.collection<ResponseDoc>('responses').find({ 'refs.siteLinkId': linkId }, { sort: { submittedAt: 1 } });
  expect(stored.map((r) => r.answers.d1)).toEqual(['next_day', 'later']);
  expect(stored.map((r) => Object.fromEntries(r.contribution.indicators))).toEqual([{ [NA_INDICATORS.REPAIR]: 60 }, { [NA_INDICATORS.REPAIR]: 0 }]);
});
