/** Multiple choice: several options, never scored. */
import { z } from 'zod';
import { maskPhones, maskedCell } from '../../exports/mask';
import { choiceOptionSchema } from '../../templates/schemaParts';
import { checkOptions, optionFits, optionsInWords, optionsText, optionValue, optionWords } from '../choices';
import { oneColumn, reject, type QuestionTypeModule } from '../questionType';
import { optionList, twoOptions } from '../builderFields';

/** A form posts one checkbox as a string and several as an array. */
function list(raw: unknown): unknown[] {
  return (Array.isArray(raw) ? raw : [raw]).filter((v) => !(typeof v === 'string' && v.trim() === ''));
}

export const multiple: QuestionTypeModule = {
  type: 'multiple',
  schema: { options: z.array(choiceOptionSchema).optional() },
  checkTemplate(q, problem) {
    checkOptions(q, problem);
    if ((q.options ?? []).some((o) => o.score !== undefined)) problem('options', 'multiple-choice options are not scored', 'multipleNotScored');
  },
  scored: () => false,
  coerce(q, raw) {
    const picked = list(raw).map((v) => optionValue(q, v));
    const twice = picked.find((v, i) => picked.indexOf(v) !== i);
    if (twice !== undefined) reject(`lists "${twice}" twice`);
    return picked;
  },
  items: () => [],
  form: (q, locale) => ({ partial: 'survey/choices', inputType: 'checkbox', choices: optionWords(q, locale) }),
  formError: () => ({ key: 'surveyForm.error.choice' }),
  words: optionsInWords,
  condition: { noun: 'choice', ordered: false, fits: optionFits, kind: (q) => `option values of ${q.id}` },
  columns: (q, prompt) =>
    oneColumn(prompt, 'text', (a, _word, locale) =>
      Array.isArray(a) ? a.map((v) => q.options?.find((o) => o.value === v)?.label[locale] ?? maskPhones(v)).join('; ') : maskedCell(a),
    ),
  codebook: (q, word, locale) => ({ type: word('exports.type.multiple'), values: optionsText(q, locale) }),
  builder: {
    position: 5,
    fields: [optionList(false)],
    defaults: twoOptions(),
    roles: [],
    condition: { ordered: false, numeric: false, defaultValue: '' },
    scored: false,
  },
};

export default multiple;
