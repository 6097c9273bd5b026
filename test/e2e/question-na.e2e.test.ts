/**
 * A customer on a phone with JavaScript off says a rating and an NPS question "did not
 * apply" (the template allows it); the answers are stored as N/A and leave the score.
 * Screenshot: test-output/screenshots/question-na-phone-nojs.png.
 */
import type { ResponseDoc } from '../../server/services/responses/types';
import { PHONE, screenshot } from '../helpers/browser';
import { siteLinkOfDraft } from '../helpers/campaigns';
import { e2eForFile } from '../helpers/e2e';
import { NA_INDICATORS, naSurvey } from '../helpers/templateDrafts';

const fixture = e2eForFile();

test('on a phone without JavaScript, N/A tiles under a rating and an NPS scale are stored as N/A and leave the indicator mean', async () => {
  const { e2e } = fixture;
  const { browser, tenant, url, world } = e2e;
  const admin = await e2e.apiAs(tenant.admin.email);
  const link = { _id: await siteLinkOfDraft(admin, tenant, naSurvey()) };

  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${url}/f/${link._id}`);
  // The N/A tile is a real radio of the same field, reachable by its label: no script needed.
  await page.locator('label[for="q_q1_na_0"]').click();
  await page.locator('label[for="q_q2_na_0"]').click();
  await page.locator('label[for="q_q3_3"]').click();
  await expect(page.locator('#q_q3 input[value="na"]').count()).resolves.toBe(0);
  await screenshot(page, 'question-na-phone-nojs');
  await page.getByRole('button', { name: '提交评价' }).click();
  await page.getByRole('heading', { name: /感谢您的评价/ }).waitFor();

  const [stored] = await world.store.collection<ResponseDoc>('responses').find({ 'refs.siteLinkId': link._id });
  expect(stored!.answers).toEqual({ q1: 'na', q2: 'na', q3: 4 });
  expect(Object.fromEntries(stored!.contribution.indicators)).toEqual({ [NA_INDICATORS.REPAIR]: 75 });
  await context.close();
});
