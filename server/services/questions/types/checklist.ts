/** Checklist: yes (100) / no (0) / N/A (no score; allowed unless the template says not). A critical "no" can fail a mystery visit. */
import { z } from 'zod';
import { t, type Locale } from '../../../i18n';
import { maskedCell } from '../../exports/mask';
import type { Question } from '../../templates/types';
import { oneColumn, reject, type ChoiceWords, type QuestionTypeModule } from '../questionType';
import { CRITICAL, ALLOW_NA } from '../builderFields';

const ANSWERS = ['yes', 'no', 'na'] as const;

function choices(q: Question, locale: Locale): ChoiceWords[] {
  const values = q.allowNa === false ? ['yes', 'no'] : ANSWERS;
  return values.map((v) => ({ value: v, label: t(locale, `surveyForm.checklist.${v}`) }));
}

export const checklist: QuestionTypeModule = {
  type: 'checklist',
  schema: { critical: z.boolean().optional(), allowNa: z.boolean().optional() },
  scored: () => true,
  coerce(q, raw) {
    const naAllowed = q.allowNa !== false;
    // JSON clients may send booleans; true/false map to yes/no without ambiguity.
    const v = raw === true ? 'yes' : raw === false ? 'no' : typeof raw === 'string' ? raw.trim().toLowerCase() : '';
    if (v === 'yes' || v === 'no' || (v === 'na' && naAllowed)) return v;
    return reject(naAllowed ? 'must be yes, no or na' : 'must be yes or no (N/A is not allowed here)');
  },
  items(q, answer) {
    if (answer !== 'yes' && answer !== 'no') reject('must be yes, no or na');
    return [{ indicator: q.indicator, weight: q.weight ?? 1, score: answer === 'yes' ? 100 : 0 }];
  },
  form: (q, locale) => ({ partial: 'survey/choices', inputType: 'radio', choices: choices(q, locale), row: true }),
  formError: () => ({ key: 'surveyForm.error.choice' }),
  words(q, answer, locale) {
    if (answer === undefined || answer === null || answer === '') return null;
    return choices({ ...q, allowNa: true }, locale).find((c) => c.value === String(answer))?.label ?? String(answer);
  },
  condition: { noun: 'checklist', ordered: false, fits: (_q, v) => v === 'yes' || v === 'no' || v === 'na', kind: () => 'yes, no or na' },
  columns: (_q, prompt) =>
    oneColumn(prompt, 'text', (a, word) => (typeof a === 'string' && (ANSWERS as readonly string[]).includes(a) ? word(`exports.answer.${a}`) : maskedCell(a))),
  codebook: (_q, word) => ({ type: word('exports.type.checklist'), values: ANSWERS.map((v) => `${v} = ${word(`exports.answer.${v}`)}`).join('; ') }),
  display: (_q, answer) => (answer === 'yes' || answer === 'no' || answer === 'na' ? answer : 'value'),
  builder: {
    position: 3,
    fields: [CRITICAL, ALLOW_NA],
    defaults: {},
    roles: [],
    condition: { ordered: false, numeric: false, defaultValue: 'no', values: ANSWERS, valueLabels: 'builder.checklist.' },
    scored: true,
  },
};

export default checklist;
