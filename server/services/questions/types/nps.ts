/** NPS: likelihood to recommend, 0..10. x → 10x. */
import { z } from 'zod';
import { t, type Locale } from '../../../i18n';
import { integerIn, oneColumn, type ChoiceWords, type QuestionTypeModule } from '../questionType';
import { integerFits, naChoice, notApplicable, scaleCell, scaleWords, storedInteger } from '../scales';
import { ALLOW_NA_OPT_IN } from '../builderFields';

function choices(locale: Locale): ChoiceWords[] {
  return Array.from({ length: 11 }, (_, i) => ({
    value: String(i),
    label: String(i),
    caption: i === 0 ? t(locale, 'surveyForm.nps.low') : i === 10 ? t(locale, 'surveyForm.nps.high') : undefined,
  }));
}

export const nps: QuestionTypeModule = {
  type: 'nps',
  schema: { allowNa: z.boolean().optional() },
  scored: () => true,
  coerce: (q, raw) => notApplicable(q, raw) ?? integerIn(raw, 0, 10),
  items: (q, answer) => {
    const x = storedInteger(answer, 0, 10);
    return [{ indicator: q.indicator, weight: q.weight ?? 1, score: x * 10 }];
  },
  form(q, locale) {
    const all = choices(locale);
    return {
      partial: 'survey/scale',
      inputType: 'radio',
      choices: all,
      na: naChoice(q, locale),
      lowLabel: all[0]!.caption,
      highLabel: all[10]!.caption,
      wide: true,
    };
  },
  formError: () => ({ key: 'surveyForm.error.choice' }),
  words: (_q, answer, locale) => scaleWords(choices(locale), 10, answer, locale),
  condition: { noun: 'NPS', ordered: true, fits: (_q, v) => integerFits(0, 10)(v), kind: () => 'integers from 0 to 10' },
  columns: (_q, prompt) => oneColumn(prompt, 'number', scaleCell),
  codebook: (_q, word) => ({ type: word('exports.type.nps'), values: '0–10' }),
  builder: {
    position: 2,
    fields: [ALLOW_NA_OPT_IN],
    defaults: {},
    roles: ['recommend'],
    condition: { ordered: true, numeric: true, defaultValue: 6 },
    scored: true,
  },
};

export default nps;
