/** Single choice: one option; scored when every option carries a score 0–100 (the chosen one's score). */
import { z } from 'zod';
import { maskedCell } from '../../exports/mask';
import { choiceOptionSchema } from '../../templates/schemaParts';
import { checkOptions, optionFits, optionsInWords, optionsText, optionValue, optionWords } from '../choices';
import { oneColumn, reject, type QuestionTypeModule } from '../questionType';
import { optionList, twoOptions } from '../builderFields';

export const single: QuestionTypeModule = {
  type: 'single',
  schema: { options: z.array(choiceOptionSchema).optional() },
  checkTemplate(q, problem) {
    checkOptions(q, problem);
    const options = q.options ?? [];
    const scored = options.filter((o) => o.score !== undefined).length;
    if (scored > 0 && scored < options.length) problem('options', 'score either every option or none', 'scoreAllOrNone');
  },
  scored: (q) => (q.options ?? []).some((o) => o.score !== undefined),
  coerce: optionValue,
  items(q, answer) {
    const option = (q.options ?? []).find((o) => o.value === answer);
    if (!option) return reject('is not one of the options');
    // An option without a score carries none.
    if (option.score === undefined) return [];
    if (!(option.score >= 0 && option.score <= 100)) reject('option score must be 0–100');
    return [{ indicator: q.indicator, weight: q.weight ?? 1, score: option.score }];
  },
  form: (q, locale) => ({ partial: 'survey/choices', inputType: 'radio', choices: optionWords(q, locale) }),
  formError: () => ({ key: 'surveyForm.error.choice' }),
  words: optionsInWords,
  condition: { noun: 'choice', ordered: false, fits: optionFits, kind: (q) => `option values of ${q.id}` },
  columns: (q, prompt) =>
    oneColumn(prompt, 'text', (a, _word, locale) =>
      typeof a === 'string' ? (q.options?.find((o) => o.value === a)?.label[locale] ?? maskedCell(a)) : maskedCell(a),
    ),
  codebook: (q, word, locale) => ({ type: word('exports.type.single'), values: optionsText(q, locale) }),
  builder: {
    position: 4,
    fields: [optionList(true)],
    defaults: twoOptions(),
    roles: [],
    condition: { ordered: false, numeric: false, defaultValue: '' },
    scored: true,
  },
};

export default single;
