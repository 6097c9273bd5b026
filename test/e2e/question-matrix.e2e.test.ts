/**
 * A customer on a phone with JavaScript off rates every row of a grid question (one radio
 * group per row, no table) and says one row did not apply; each row scores into its own
 * indicator. Screenshot: test-output/screenshots/question-matrix-phone-nojs.png.
 */
import type { ResponseDoc } from '../../server/services/responses/types';
import { PHONE, screenshot } from '../helpers/browser';
import { siteLinkOfDraft } from '../helpers/campaigns';
import { e2eForFile } from '../helpers/e2e';
import { MATRIX_INDICATORS, matrixSurvey } from '../helpers/matrixDraft';

const fixture = e2eForFile();

test('on a phone without JavaScript, each matrix row is its own radio group and scores into its own indicator', async () => {
  const { e2e } = fixture;
  const { browser, tenant, url, world } = e2e;
  const admin = await e2e.apiAs(tenant.admin.email);
  const link = { _id: await siteLinkOfDraft(admin, tenant, matrixSurvey()) };

  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${url}/f/${link._id}`);
  // Rows are fieldsets named by their legend, so a screen reader announces the row with its points.
  await page.getByRole('group', { name: '上门准时' }).getByText('2', { exact: true }).click();
  await page.getByRole('group', { name: '沟通态度' }).getByText('不适用').click();
  // The top point carries its end label for screen readers ("5 很满意"); its tile is clicked by its label.
  await expect(page.getByRole('group', { name: '维修质量' }).getByRole('radio', { name: '5 很满意' }).count()).resolves.toBe(1);
  await page.locator('label[for="q_m1_r3_4"]').click();
  await expect(page.locator('table').count()).resolves.toBe(0);
  await screenshot(page, 'question-matrix-phone-nojs');
  await page.getByRole('button', { name: '提交评价' }).click();
  await page.getByRole('heading', { name: /感谢您的评价/ }).waitFor();

  const [stored] = await world.store.collection<ResponseDoc>('responses').find({ 'refs.siteLinkId': link._id });
  expect(stored!.answers).toEqual({ m1: { r1: 2, r2: 'na', r3: 5 }, q2: null });
  // r1: 2 of 5 → 25, r3: 5 of 5 → 100, mean 62.5; r2 said N/A, so relationship has no score.
  expect(Object.fromEntries(stored!.contribution.indicators)).toEqual({ [MATRIX_INDICATORS.REPAIR]: 62.5 });
  await context.close();
});
