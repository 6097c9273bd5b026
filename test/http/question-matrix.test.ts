/**
 * The rating grid (matrix) end to end: the template API refuses a row without an indicator
 * or tied to one the channel cannot evidence (400 naming the row's field), the phone form
 * posts one radio group per row without JavaScript, each row scores like a rating into its
 * own indicator, and the export carries one column per row.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import request from 'supertest';
import type { ValidationError } from '../../server/errors';
import { answerInWords } from '../../server/http/survey-view';
import { validateAnswers } from '../../server/services/templates/answers';
import { validateTemplate } from '../../server/services/templates/validate';
import type { ResponseDoc } from '../../server/services/responses/types';
import { siteLinkFor } from '../helpers/campaigns';
import { MATRIX_INDICATORS, matrixSurvey } from '../helpers/matrixDraft';
import { binary, readXlsx, sheetRows } from '../helpers/xlsx';
import { worldForFile } from '../helpers/fileWorld';

const { REPAIR, RELATIONSHIP } = MATRIX_INDICATORS;

let linkId: string;

const fixture = worldForFile({ adminAgent: true });

const responsesOfLink = () => fixture.world.store.collection<ResponseDoc>('responses').find({ 'refs.siteLinkId': linkId }, { sort: { submittedAt: 1 } });

test('the template API refuses a matrix row without an indicator or tied to a site-only indicator, naming the row field', async () => {
  const noIndicator = matrixSurvey();
  delete noIndicator.sections[0].questions[0].rows[1].indicator;
  const missing = await fixture.admin.post('/api/v1/templates').send(noIndicator);
  expect(missing.status).toBe(400);
  expect(missing.body.error.field).toBe('sections.0.questions.0.rows.1.indicator');
  expect(missing.body.error.message).toMatch(/must name an indicator/);

  const siteOnly = matrixSurvey();
  siteOnly.sections[0].questions[0].rows[2].indicator = 'internal.culture.philosophy';
  const refused = await fixture.admin.post('/api/v1/templates').send(siteOnly);
  expect(refused.status).toBe(400);
  expect(refused.body.error.field).toBe('sections.0.questions.0.rows.2.indicator');
  expect(refused.body.error.message).toMatch(/evidenced on site only/);

  const onQuestion = matrixSurvey();
  onQuestion.sections[0].questions[0].indicator = REPAIR;
  const wrongPlace = await fixture.admin.post('/api/v1/templates').send(onQuestion);
  expect(wrongPlace.status).toBe(400);
  expect(wrongPlace.body.error.field).toBe('sections.0.questions.0.indicator');
});

test('a matrix template saves its rows and publishes', async () => {
  const created = await fixture.admin.post('/api/v1/templates').send(matrixSurvey()).expect(201);
  const id = created.body.template._id as string;
  expect(created.body.template.draft.sections[0].questions[0].rows.map((r: { id: string; indicator: string }) => [r.id, r.indicator])).toEqual([
    ['r1', REPAIR],
    ['r2', RELATIONSHIP],
    ['r3', REPAIR],
  ]);
  const version = (await fixture.admin.post(`/api/v1/templates/${id}/publish`).expect(201)).body.version.version as number;
  linkId = await siteLinkFor(fixture.tenant, id, version);
});

test('a phone without JavaScript answers every row; each row scores into its own indicator and exports in its own column', async () => {
  const first = request.agent(fixture.world.app);
  const form = await first.get(`/f/${linkId}`).expect(200);
  for (const row of ['r1', 'r2', 'r3']) expect(form.text).toMatch(new RegExp(`<legend class="q-prompt">[^<]*</legend>[\\s\\S]*name="a_m1\\.${row}" value="5"`));
  expect(form.text).toContain('上门准时');
  expect(form.text).toMatch(/name="a_m1\.r2" value="na"/);
  expect(form.text).not.toContain('<table');
  await first.post(`/f/${linkId}`).type('form').send({ 'a_m1.r1': '4', 'a_m1.r2': '2', 'a_m1.r3': '5' }).expect(200);

  const second = request.agent(fixture.world.app);
  await second.get(`/f/${linkId}`);
  await second.post(`/f/${linkId}`).type('form').send({ 'a_m1.r1': 'na', 'a_m1.r2': '5', 'a_m1.r3': '3', a_q2: '' }).expect(200);

  // A half-filled grid is sent back with the question marked, and nothing is stored.
  const third = request.agent(fixture.world.app);
  await third.get(`/f/${linkId}`);
  const half = await third.post(`/f/${linkId}`).type('form').send({ 'a_m1.r1': '3' });
  expect(half.text).toContain('aria-invalid="true"');
  expect(half.text).toContain('请为每一行选择一个分值');
  expect(half.text).toMatch(/name="a_m1\.r1" value="3" checked/);

  const rows = await responsesOfLink();
  expect(rows).toHaveLength(2);
  const [full, withNa] = rows;
  expect(full!.answers).toEqual({ m1: { r1: 4, r2: 2, r3: 5 }, q2: null });
  expect(withNa!.answers).toEqual({ m1: { r1: 'na', r2: 5, r3: 3 }, q2: null });
  // Rows on 1..5 score (x − 1)/4 × 100: repair is the mean of r1 (75) and r3 (100); relationship is r2 alone (25).
  expect(Object.fromEntries(full!.contribution.indicators)).toEqual({ [REPAIR]: 87.5, [RELATIONSHIP]: 25 });
  // N/A on r1 leaves the repair mean to r3 (3 → 50).
  expect(Object.fromEntries(withNa!.contribution.indicators)).toEqual({ [REPAIR]: 50, [RELATIONSHIP]: 100 });

  // The response page reads the grid one line per row, in a note that keeps the lines.
  const page = await fixture.admin.get(`/responses/${full!._id}`).expect(200);
  expect(page.text).toContain('<p class="item-note">上门准时: 4 / 5\n沟通态度: 2 / 5\n维修质量: 5 / 5 · 很满意</p>');

  const csv = await fixture.admin.get('/api/v1/exports/responses?format=csv&language=zh-CN').expect(200);
  const [labels, codes, ...data] = parseCsv(csv.text.slice(1)) as string[][];
  expect(codes!.filter((c) => c.startsWith('q.m1'))).toEqual(['q.m1.r1', 'q.m1.r2', 'q.m1.r3']);
  expect(labels![codes!.indexOf('q.m1.r2')]).toBe('请为以下方面打分 · 沟通态度');
  const byId = new Map(data.map((cells) => [cells[codes!.indexOf('response_id')], Object.fromEntries(codes!.map((c, i) => [c, cells[i]]))]));
  expect(byId.get(full!._id)).toMatchObject({ 'q.m1.r1': '4', 'q.m1.r2': '2', 'q.m1.r3': '5' });
  expect(byId.get(withNa!._id)).toMatchObject({ 'q.m1.r1': '不适用', 'q.m1.r2': '5', 'q.m1.r3': '3' });
});

test("the codebook names each matrix row column with that row's own indicator and the question weight", async () => {
  const res = await fixture.admin.get('/api/v1/exports/responses?format=xlsx&language=zh-CN').buffer(true).parse(binary).expect(200);
  const codebook = sheetRows((await readXlsx(res.body as Buffer)).getWorksheet('编码表')!);
  const row = (code: string) => codebook.find((r) => r['代码'] === code)!;
  expect(row('q.m1.r1')).toMatchObject({ 指标代码: REPAIR, 权重: 1 });
  expect(row('q.m1.r2')).toMatchObject({ 指标代码: RELATIONSHIP, 权重: 1 });
  expect(row('q.m1.r3')).toMatchObject({ 指标代码: REPAIR, 权重: 1 });
  expect(typeof row('q.m1.r2')['指标']).toBe('string');
});

test('review and case pages read a matrix answer one line per row, N/A in words, an empty English row prompt in Chinese', () => {
  const [q] = matrixSurvey().sections[0].questions;
  expect(answerInWords(q, { r1: 4, r2: 'na', r3: 1 }, 'zh-CN')).toBe('上门准时: 4 / 5\n沟通态度: 不适用\n维修质量: 1 / 5 · 很不满意');
  expect(answerInWords(q, { r1: 5, r2: 2, r3: 3 }, 'en')).toBe('On time: 5 / 5 · Very happy\nManner: 2 / 5\n维修质量: 3 / 5');
  expect(answerInWords(q, null, 'en')).toBeNull();
});

test('JSON answers to a matrix are refused for an unknown row, a missing row, a point off the scale and N/A where not allowed, naming the answer', () => {
  const content = validateTemplate(matrixSurvey());
  const refusal = (m1: unknown) => {
    try {
      validateAnswers(content, { m1 });
    } catch (err) {
      return { field: (err as ValidationError).field, message: (err as Error).message };
    }
    return undefined;
  };
  expect(refusal({ r1: 4, r2: 4, r3: 4, r9: 1 })).toEqual({ field: 'answers.m1', message: 'answers.m1: row "r9" is not a row of this question' });
  expect(refusal({ r1: 4, r2: 4 })).toEqual({ field: 'answers.m1', message: 'answers.m1: row r3: every row needs a point once one is answered' });
  expect(refusal({ r1: 4, r2: 6, r3: 1 })).toEqual({ field: 'answers.m1', message: 'answers.m1: row r2: must be an integer from 1 to 5' });
  expect(refusal(4)).toEqual({ field: 'answers.m1', message: 'answers.m1: must be an object of row ids to points' });
  expect(validateAnswers(content, { m1: { r1: 1, r2: 'NA', r3: '5' } })).toEqual({ m1: { r1: 1, r2: 'na', r3: 5 }, q2: null });

  const noNa = matrixSurvey();
  delete noNa.sections[0].questions[0].allowNa;
  expect(() => validateAnswers(validateTemplate(noNa), { m1: { r1: 'na', r2: 1, r3: 1 } })).toThrow('row r1: must be an integer from 1 to 5');
});
