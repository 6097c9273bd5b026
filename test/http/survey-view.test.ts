/** The respondent form's view model: localized text, kept answers, errors, skip conditions. */
import { answerErrors, answerInWords, formAnswers, surveyViewModel } from '../../server/http/survey-view';
import type { Question } from '../../server/services/templates/types';
import { loadDefaultTemplates } from '../../server/services/templates/defaults';
import { smallSurvey } from '../helpers/templateDrafts';

const content = smallSurvey();
const questions = (view: ReturnType<typeof surveyViewModel>) => view.sections.flatMap((s) => s.questions);

test('renders each type with its partial, in the chosen language', () => {
  const [q1, q2, q3] = questions(surveyViewModel(content, 'en'));
  expect(q1).toMatchObject({ partial: 'survey/choices', inputType: 'radio', name: 'a_q1', prompt: 'Had a repair?' });
  expect(q2).toMatchObject({ partial: 'survey/scale', wide: false, showIf: JSON.stringify({ questionId: 'q1', op: 'eq', value: 'yes' }) });
  expect(q2!.choices!.map((c) => c.value)).toEqual(['1', '2', '3', '4', '5']);
  expect(q3).toMatchObject({ partial: 'survey/scale', wide: true, lowLabel: 'Not at all likely', highLabel: 'Extremely likely' });
  expect(questions(surveyViewModel(content, 'zh-CN'))[0]!.prompt).toBe('维修过吗？');
});

test('every default template renders: checklists offer N/A, numbers keep their bounds, photos take images', () => {
  const mystery = loadDefaultTemplates().find((c) => c.channel === 'mystery')!;
  const all = questions(surveyViewModel(mystery, 'zh-CN'));
  expect(all.find((q) => q.type === 'checklist')!.choices!.map((c) => c.label)).toEqual(['是', '否', '不适用']);
  expect(all.find((q) => q.type === 'number')).toMatchObject({ control: 'number', min: '0' });
  expect(all.find((q) => q.type === 'photo')).toMatchObject({ control: 'file', partial: 'survey/field' });
});

test('keeps posted answers and shows the errors of every shown question at once', () => {
  const raw = formAnswers(content, { a_q1: 'yes', a_q3: '11', a_zz: 'ignored', _csrf: 'x' });
  expect(raw).toEqual({ q1: 'yes', q3: '11' });
  const errors = answerErrors(content, raw, 'zh-CN');
  expect(errors).toEqual({ q2: '请回答此题', q3: '请从列出的选项中选择' });
  const view = surveyViewModel(content, 'zh-CN', raw, errors);
  const [q1, q2] = questions(view);
  expect(q1!.choices!.find((c) => c.value === 'yes')!.checked).toBe(true);
  expect(q2).toMatchObject({ error: '请回答此题', describedBy: 'q_q2_err' });
  expect(view.errorList.map((e) => e.domId)).toEqual(['q_q2', 'q_q3']);
});

test('a question hidden by skip logic is not checked', () => {
  expect(answerErrors(content, { q1: 'no' }, 'en')).toEqual({});
});

test('a stored answer reads in words: choice labels joined, scale points with their labels, skipped as null', () => {
  const pick: Question = {
    id: 'm',
    type: 'multiple',
    required: false,
    prompt: { 'zh-CN': '哪些?', en: 'Which?' },
    options: [
      { value: 'a', label: { 'zh-CN': '送货', en: 'Delivery' } },
      { value: 'b', label: { 'zh-CN': '安装', en: 'Installation' } },
    ],
  };
  expect(answerInWords(pick, ['a', 'b'], 'en')).toBe('Delivery and Installation');
  expect(answerInWords(pick, ['a', 'b'], 'zh-CN')).toBe('送货和安装');
  expect(answerInWords(pick, ['gone'], 'en')).toBe('gone');
  const npsQuestion: Question = { id: 'n', type: 'nps', required: false, prompt: { 'zh-CN': '推荐?', en: 'Recommend?' } };
  expect(answerInWords(npsQuestion, 0, 'en')).toBe('0 / 10 · Not at all likely');
  expect(answerInWords(npsQuestion, 6, 'zh-CN')).toBe('6 / 10');
  expect(answerInWords(npsQuestion, null, 'en')).toBeNull();
  const check: Question = { id: 'c', type: 'checklist', required: true, prompt: { 'zh-CN': '整洁', en: 'Clean' } };
  expect(answerInWords(check, 'na', 'zh-CN')).toBe('不适用');
});
