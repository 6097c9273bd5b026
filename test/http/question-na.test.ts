/**
 * N/A on rating and NPS questions, end to end: the builder's API saves "allow N/A", the
 * phone form (no JavaScript) offers it, it is stored as 'na' apart from a skipped answer,
 * it leaves the indicator's mean like a checklist N/A, and the export says it in words
 * while a skipped answer stays an empty cell.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import request from 'supertest';
import { answerInWords } from '../../server/http/survey-view';
import type { ResponseDoc } from '../../server/services/responses/types';
import { siteLinkFor } from '../helpers/campaigns';
import { NA_INDICATORS, naSurvey, t } from '../helpers/templateDrafts';
import { worldForFile } from '../helpers/fileWorld';

const { REPAIR, RELATIONSHIP } = NA_INDICATORS;

let linkId: string;

const fixture = worldForFile({ adminAgent: true });

const stored = async (id: string) => (await fixture.world.store.collection<ResponseDoc>('responses').find({ _id: id }))[0]!;

test('the builder API keeps "allow N/A" on rating and NPS and refuses it on a text question', async () => {
  const created = await fixture.admin.post('/api/v1/templates').send(naSurvey()).expect(201);
  const id = created.body.template._id as string;
  expect(created.body.template.draft.sections[0].questions.map((q: { allowNa?: boolean }) => q.allowNa)).toEqual([true, true, undefined]);
  const version = (await fixture.admin.post(`/api/v1/templates/${id}/publish`).expect(201)).body.version.version as number;

  const wrong = naSurvey();
  wrong.sections[0].questions.push({ id: 'q4', type: 'text', allowNa: true, prompt: t('备注', 'Notes'), required: false });
  const refused = await fixture.admin.post('/api/v1/templates').send(wrong);
  expect(refused.status).toBe(400);
  expect(refused.body.error.field).toBe('sections.0.questions.3.allowNa');

  linkId = await siteLinkFor(fixture.tenant, id, version);
});

test('a phone without JavaScript answers N/A on both scales; it is stored apart from a skip, leaves the mean, and exports as words', async () => {
  const first = request.agent(fixture.world.app);
  const form = await first.get(`/f/${linkId}`).expect(200);
  expect(form.text).toMatch(/name="a_q1" value="na"/);
  expect(form.text).toMatch(/name="a_q2" value="na"/);
  expect(form.text).not.toMatch(/name="a_q3" value="na"/);
  expect(form.text).toContain('不适用');
  await first.post(`/f/${linkId}`).type('form').send({ a_q1: 'na', a_q2: 'na', a_q3: '4' }).expect(200);

  const second = request.agent(fixture.world.app);
  await second.get(`/f/${linkId}`);
  await second.post(`/f/${linkId}`).type('form').send({ a_q1: '', a_q2: '8', a_q3: '2' }).expect(200);

  const third = request.agent(fixture.world.app);
  await third.get(`/f/${linkId}`);
  const refused = await third.post(`/f/${linkId}`).type('form').send({ a_q3: 'na' });
  expect(refused.text).toContain('aria-invalid="true"');

  const rows = await fixture.world.store.collection<ResponseDoc>('responses').find({ 'refs.siteLinkId': linkId }, { sort: { submittedAt: 1 } });
  expect(rows).toHaveLength(2);
  const [withNa, withSkip] = [await stored(rows[0]!._id), await stored(rows[1]!._id)];
  expect(withNa.answers).toEqual({ q1: 'na', q2: 'na', q3: 4 });
  expect(withSkip.answers).toEqual({ q1: null, q2: 8, q3: 2 });
  // N/A leaves the denominator: only q3 (4 of 5 → 75) counts for the repair indicator, nothing for the relationship one.
  expect(Object.fromEntries(withNa.contribution.indicators)).toEqual({ [REPAIR]: 75 });
  expect(Object.fromEntries(withSkip.contribution.indicators)).toEqual({ [REPAIR]: 25, [RELATIONSHIP]: 80 });
  expect(withNa.contribution.npsRaw).toBeUndefined();

  const csv = await fixture.admin.get('/api/v1/exports/responses?format=csv&language=zh-CN').expect(200);
  const [, codes, ...data] = parseCsv(csv.text.slice(1)) as string[][];
  const byId = new Map(data.map((cells) => [cells[codes!.indexOf('response_id')], Object.fromEntries(codes!.map((c, i) => [c, cells[i]]))]));
  expect(byId.get(withNa._id)).toMatchObject({ 'q.q1': '不适用', 'q.q2': '不适用', 'q.q3': '4' });
  expect(byId.get(withSkip._id)).toMatchObject({ 'q.q1': '', 'q.q2': '8', 'q.q3': '2' });
  const english = await fixture.admin.get('/api/v1/exports/responses?format=csv&language=en').expect(200);
  expect(english.text).toContain('N/A');
});

test('review and case pages say N/A in words, apart from a skipped answer', () => {
  const [q1, q2] = naSurvey().sections[0].questions;
  expect(answerInWords(q1, 'na', 'zh-CN')).toBe('不适用');
  expect(answerInWords(q2, 'na', 'en')).toBe('Does not apply');
  expect(answerInWords(q1, null, 'en')).toBeNull();
  expect(answerInWords(q1, 4, 'en')).toBe('4 / 5');
});
