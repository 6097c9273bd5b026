/**
 * The dropdown question end to end through the type registry alone: the template API refuses
 * options scored only in part (naming the field), the phone form without JavaScript draws one
 * native select, the chosen option scores into its indicator, a blank or unknown choice is sent
 * back with nothing stored, skip logic can hang on it, and exports and read-only pages show its label.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import request from 'supertest';
import { answerInWords } from '../../server/http/survey-view';
import { questionType } from '../../server/services/questions/registry';
import type { ResponseDoc } from '../../server/services/responses/types';
import { siteLinkFor } from '../helpers/campaigns';
import { dropdownSurvey } from '../helpers/dropdownDraft';
import { NA_INDICATORS, smallSurvey } from '../helpers/templateDrafts';
import { worldForFile } from '../helpers/fileWorld';

const { REPAIR } = NA_INDICATORS;

let linkId: string;

const fixture = worldForFile({ adminAgent: true });

const responsesOfLink = () => fixture.world.store.collection<ResponseDoc>('responses').find({ 'refs.siteLinkId': linkId }, { sort: { submittedAt: 1 } });

test('the template API refuses a dropdown whose options are scored only in part, naming the options field', async () => {
  const partly = dropdownSurvey();
  delete partly.sections[0].questions[0].options[2].score;
  const refused = await fixture.admin.post('/api/v1/templates').send(partly);
  expect(refused.status).toBe(400);
  expect(refused.body.error.field).toBe('sections.0.questions.0.options');
  expect(refused.body.error.message).toMatch(/score either every option or none/);
});

test('a dropdown template saved as the builder sends it publishes, and the phone form draws one select without JavaScript', async () => {
  const created = await fixture.admin.post('/api/v1/templates').send(smallSurvey()).expect(201);
  const id = created.body.template._id as string;
  await fixture.admin.put(`/api/v1/templates/${id}`).send(dropdownSurvey()).expect(200);
  const version = (await fixture.admin.post(`/api/v1/templates/${id}/publish`).expect(201)).body.version.version as number;
  linkId = await siteLinkFor(fixture.tenant, id, version);

  const form = await request(fixture.world.app).get(`/f/${linkId}`).expect(200);
  expect(form.text).toMatch(/<label class="q-prompt" for="q_d1_in">报修后多久有人上门？/);
  expect(form.text).toMatch(/<select id="q_d1_in" name="a_d1"[^>]*>\s*<option value="">请选择…<\/option>\s*<option value="same_day">当天<\/option>/);
  expect(form.text).not.toMatch(/type="radio"[^>]*name="a_d1"/);
  const english = await request(fixture.world.app).get(`/f/${linkId}?lang=en`).expect(200);
  expect(english.text).toMatch(/<option value="">Choose…<\/option>\s*<option value="same_day">Same day<\/option>/);
});

test('the chosen option scores into its indicator; a blank or unknown choice comes back marked and nothing is stored', async () => {
  const post = async (body: Record<string, string>, status = 200) => {
    const agent = request.agent(fixture.world.app);
    await agent.get(`/f/${linkId}`);
    return agent.post(`/f/${linkId}`).type('form').send(body).expect(status);
  };
  await post({ a_d1: 'next_day' });
  await post({ a_d1: 'later', a_q2: '师傅说配件缺货' });

  // A form sent back with errors answers 400, the page with the question marked.
  const blank = await post({ a_d1: '' }, 400);
  expect(blank.text).toMatch(/<select id="q_d1_in" name="a_d1"[^>]*aria-invalid="true"/);
  expect(blank.text).toContain('请回答此题');
  const unknown = await post({ a_d1: 'tomorrow' }, 400);
  expect(unknown.text).toMatch(/<select id="q_d1_in" name="a_d1"[^>]*aria-invalid="true"/);

  const [waited, late] = await responsesOfLink();
  expect(await responsesOfLink()).toHaveLength(2);
  // q2 hangs on "later": hidden here, so it is not part of the answers.
  expect(waited!.answers).toEqual({ d1: 'next_day' });
  expect(Object.fromEntries(waited!.contribution.indicators)).toEqual({ [REPAIR]: 60 });
  expect(late!.answers).toEqual({ d1: 'later', q2: '师傅说配件缺货' });
  expect(Object.fromEntries(late!.contribution.indicators)).toEqual({ [REPAIR]: 0 });
});

test('exports carry the option label in the reader language; read-only pages and the codebook name the answer in words', async () => {
  const csv = await fixture.admin.get('/api/v1/exports/responses?format=csv&language=zh-CN').expect(200);
  const [labels, codes, ...data] = parseCsv(csv.text.slice(1)) as string[][];
  expect(labels![codes!.indexOf('q.d1')]).toBe('报修后多久有人上门？');
  expect(data.map((cells) => cells[codes!.indexOf('q.d1')]).filter(Boolean)).toEqual(expect.arrayContaining(['次日', '两天以上']));
  const en = await fixture.admin.get('/api/v1/exports/responses?format=csv&language=en').expect(200);
  const [, enCodes, ...enData] = parseCsv(en.text.slice(1)) as string[][];
  expect(enData.map((cells) => cells[enCodes!.indexOf('q.d1')]).filter(Boolean)).toEqual(expect.arrayContaining(['Next day', 'Two days or more']));

  const [q] = dropdownSurvey().sections[0].questions;
  expect(answerInWords(q, 'next_day', 'zh-CN')).toBe('次日');
  expect(answerInWords(q, 'later', 'en')).toBe('Two days or more');
  expect(answerInWords(q, null, 'en')).toBeNull();
  const word = (key: string) => ({ 'questionDropdown.exportType': '下拉单选' })[key] ?? key;
  expect(questionType('dropdown').codebook(q, word, 'zh-CN')).toEqual({ type: '下拉单选', values: 'same_day = 当天; next_day = 次日; later = 两天以上' });
});
