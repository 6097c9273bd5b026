/** Rating: a k-point scale 1..k (2 ≤ k ≤ 11), end labels or one label per point. x → (x − 1)/(k − 1) × 100. */
import { z } from 'zod';
import type { Locale } from '../../../i18n';
import { localizedTextSchema } from '../../templates/schemaParts';
import type { Question } from '../../templates/types';
import { integerIn, oneColumn, reject, textIn, type ChoiceWords, type QuestionTypeModule } from '../questionType';
import { integerFits, naChoice, notApplicable, scaleCell, scaleWords, storedInteger } from '../scales';
import { SCALE, ALLOW_NA_OPT_IN } from '../builderFields';

function choices(q: Question, locale: Locale): ChoiceWords[] {
  const k = q.scale ?? 5;
  const labels = q.scaleLabels ?? [];
  const perPoint = labels.length === k;
  return Array.from({ length: k }, (_, i) => {
    const caption = perPoint ? labels[i] : i === 0 ? labels[0] : i === k - 1 ? labels[1] : undefined;
    return { value: String(i + 1), label: String(i + 1), caption: textIn(caption, locale) };
  });
}

export const rating: QuestionTypeModule = {
  type: 'rating',
  schema: { scale: z.number().int().optional(), scaleLabels: z.array(localizedTextSchema).optional(), allowNa: z.boolean().optional() },
  checkTemplate(q, problem) {
    if (q.scale === undefined || q.scale < 2 || q.scale > 11) problem('scale', 'a rating needs a scale of 2 to 11 points', 'scaleRange');
    const n = q.scaleLabels?.length;
    if (n !== undefined && n !== 2 && n !== q.scale) {
      problem('scaleLabels', `give 2 scale labels (lowest, highest) or one per point (${q.scale})`, 'scaleLabelCount', { scale: q.scale! });
    }
  },
  scored: () => true,
  coerce: (q, raw) => notApplicable(q, raw) ?? integerIn(raw, 1, q.scale ?? 5),
  items(q, answer) {
    const k = q.scale;
    if (k === undefined || !Number.isInteger(k) || k < 2) return reject('rating question has no valid scale');
    const x = storedInteger(answer, 1, k);
    return [{ indicator: q.indicator, weight: q.weight ?? 1, score: ((x - 1) / (k - 1)) * 100 }];
  },
  form(q, locale) {
    const all = choices(q, locale);
    // A label on every point reads best as a list; bare numbers as a row of tiles.
    if ((q.scaleLabels?.length ?? 0) === q.scale)
      return { partial: 'survey/choices', inputType: 'radio', choices: [...all, ...(q.allowNa ? [naChoice(q, locale)!] : [])] };
    return {
      partial: 'survey/scale',
      inputType: 'radio',
      choices: all,
      na: naChoice(q, locale),
      lowLabel: all[0]?.caption,
      highLabel: all[all.length - 1]?.caption,
      wide: all.length > 7,
    };
  },
  formError: () => ({ key: 'surveyForm.error.choice' }),
  words: (q, answer, locale) => scaleWords(choices(q, locale), q.scale ?? 5, answer, locale),
  condition: { noun: 'rating', ordered: true, fits: (q, v) => integerFits(1, q.scale ?? 0)(v), kind: (q) => `integers from 1 to ${q.scale}` },
  columns: (_q, prompt) => oneColumn(prompt, 'number', scaleCell),
  codebook: (q, word) => ({ type: word('exports.type.rating').replace('{scale}', String(q.scale ?? '')), values: q.scale ? `1–${q.scale}` : null }),
  builder: {
    position: 1,
    fields: [SCALE, ALLOW_NA_OPT_IN],
    defaults: { scale: 5 },
    roles: ['overall', 'effort'],
    condition: { ordered: true, numeric: true, defaultValue: 2 },
    scored: true,
  },
};

export default rating;
