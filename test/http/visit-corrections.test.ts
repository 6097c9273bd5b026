/**
 * A reviewer corrects a visit answer with the question's own control (the
 * shopper's 是/否/不适用 buttons), not a free-text box; a refused correction
 * comes back in the page language with the reviewer's choice and reason kept.
 */
import { acceptVisit, assignVisit } from '../../server/services/visits/assignment';
import { getVisit } from '../../server/services/visits/access';
import { visitHistory } from '../../server/services/visits/history';
import { submitReport } from '../../server/services/visits/report';
import { actingAs, addShopper, mysteryPlan, reportInput } from '../helpers/visits';
import { buildTenant, buildWorld, csrfTokenOf, loginAgent, type World } from '../helpers/world';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 60_000);
afterAll(() => world.close());

/** A submitted visit (every item "yes") and its reviewer, logged in. */
async function submittedVisit() {
  const tenant = await buildTenant(world.store);
  const { visits } = await mysteryPlan(tenant);
  const shopper = await addShopper(tenant, ['北京']);
  await assignVisit(tenant.ctx, visits[0]._id, shopper.user._id);
  await acceptVisit(shopper.ctx, visits[0]._id);
  await submitReport(shopper.ctx, visits[0]._id, reportInput(2));
  const reviewer = await loginAgent(world.app, tenant.users.reviewer!.email);
  const page = `/review/visits/${visits[0]._id}`;
  return { tenant, qa: actingAs(tenant, tenant.users.reviewer!), visitId: visits[0]._id, reviewer, page, csrf: await csrfTokenOf(reviewer, page) };
}

/** The correction form of one question: from its <details> to the next. */
function correctionOf(html: string, questionId: string): string {
  const start = html.indexOf(`id="fix_${questionId}"`);
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</details>', start));
}

test('the correction form offers the checklist item as 是/否/不适用 buttons, not a box to type in', async () => {
  const { reviewer, page } = await submittedVisit();
  const html = (await reviewer.get(page)).text;
  expect(html).not.toContain('yes / no / na');
  const form = correctionOf(html, 'sign_visible');
  const radios = [...form.matchAll(/<input type="radio"[^>]*name="a_sign_visible" value="(\w+)"[^>]*>\s*<span>([^<]+)<\/span>/g)].map((m) => [m[1], m[2]]);
  expect(radios).toEqual([
    ['yes', '是'],
    ['no', '否'],
    ['na', '不适用'],
  ]);
  expect(form).toMatch(/value="yes" checked/); // the stored answer is chosen to start with
  expect(form).toContain('当前答案: 是');
});

test('a reviewer corrects an item to 否: stored, re-scored, in the history, and said once in Chinese', async () => {
  const { qa, visitId, reviewer, page, csrf } = await submittedVisit();
  const before = await getVisit(qa, visitId, 'review');
  const res = await reviewer
    .post(`${page}/correct`)
    .type('form')
    .send({ _csrf: csrf, questionId: 'sign_visible', a_sign_visible: 'no', reason: '照片显示门头灯箱未亮' });
  expect(res.status).toBe(303);
  const after = await getVisit(qa, visitId, 'review');
  expect(after.report!.answers.sign_visible).toBe('no');
  expect(after.revision).toBe(before.revision + 1);
  expect(after.score!.score!).toBeLessThan(before.score!.score!);
  const corrected = (await visitHistory(qa, visitId)).filter((h) => h.action === 'corrected');
  expect(corrected).toHaveLength(1);
  expect(corrected[0].detail).toMatchObject({ questionId: 'sign_visible', before: 'yes', after: 'no', reason: '照片显示门头灯箱未亮' });
  const shown = await reviewer.get(page);
  const flash = /role="status">([^<]*)</.exec(shown.text)![1];
  expect(flash).toMatch(/^已更正「.+」：否$/);
  expect(correctionOf(shown.text, 'sign_visible')).toMatch(/value="no" checked/);
});

test('a typed 否 or an empty reason is refused in Chinese, keeping the choice and the reason, and nothing changes', async () => {
  const { qa, visitId, reviewer, page, csrf } = await submittedVisit();
  const typed = await reviewer.post(`${page}/correct`).type('form').send({ _csrf: csrf, questionId: 'sign_visible', a_sign_visible: '否', reason: '门头不亮' });
  expect(typed.status).toBe(400);
  expect(typed.text).not.toMatch(/answers\.|must be|yes, no or na/);
  const form = correctionOf(typed.text, 'sign_visible');
  expect(form).toMatch(/^id="fix_sign_visible" open/);
  expect(form).toContain('请从列出的选项中选择');
  expect(form).toContain('value="门头不亮"');

  const noReason = await reviewer.post(`${page}/correct`).type('form').send({ _csrf: csrf, questionId: 'sign_visible', a_sign_visible: 'no', reason: '  ' });
  expect(noReason.status).toBe(400);
  const kept = correctionOf(noReason.text, 'sign_visible');
  expect(kept).toMatch(/value="no" checked/);
  expect(kept).toContain('请填写更正原因（最多 2000 字）。');

  const same = await reviewer.post(`${page}/correct`).type('form').send({ _csrf: csrf, questionId: 'sign_visible', a_sign_visible: 'yes', reason: '复核' });
  expect(same.status).toBe(400);
  expect(correctionOf(same.text, 'sign_visible')).toContain('新答案与当前答案相同');
  expect((await getVisit(qa, visitId, 'review')).report!.answers.sign_visible).toBe('yes');
});

test('on an English page the controls and the refusal are in English', async () => {
  const { reviewer, page, csrf } = await submittedVisit();
  await reviewer.get(`${page}?lang=en`);
  const res = await reviewer.post(`${page}/correct`).type('form').send({ _csrf: csrf, questionId: 'sign_visible', a_sign_visible: 'no', reason: '' });
  expect(res.status).toBe(400);
  const form = correctionOf(res.text, 'sign_visible');
  expect(form).toMatch(/value="no" checked[^>]*>\s*<span>No<\/span>/);
  expect(form).toContain('Give a reason for the correction (at most 2000 characters).');
  expect(form).not.toContain('请填写');
});
