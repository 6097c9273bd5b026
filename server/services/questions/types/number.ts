/** A number within optional bounds (e.g. wait minutes); never scored. */
import { z } from 'zod';
import { maskedCell } from '../../exports/mask';
import type { Question } from '../../templates/types';
import { oneColumn, picked, reject, type QuestionTypeModule } from '../questionType';
import { BOUNDS } from '../builderFields';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const finite = z.number().finite();

function rangeRule(q: Question): string {
  if (q.min !== undefined && q.max !== undefined) return `must be a number from ${q.min} to ${q.max}`;
  if (q.min !== undefined) return `must be a number of at least ${q.min}`;
  return q.max !== undefined ? `must be a number of at most ${q.max}` : 'must be a number';
}

export const number: QuestionTypeModule = {
  type: 'number',
  schema: { min: finite.optional(), max: finite.optional() },
  checkTemplate(q, problem) {
    if (q.min !== undefined && q.max !== undefined && q.min > q.max) problem('min', 'min is above max', 'minAboveMax');
  },
  scored: () => false,
  coerce(q, raw) {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && NUMBER.test(raw.trim()) ? Number(raw) : NaN;
    if (!Number.isFinite(n) || (q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max)) reject(rangeRule(q));
    return n;
  },
  items: () => [],
  form: (q, _locale, answer) => ({ partial: 'survey/field', control: 'number', value: picked(answer)[0], min: q.min?.toString(), max: q.max?.toString() }),
  formError: (q) =>
    q.min !== undefined && q.max !== undefined
      ? { key: 'surveyForm.error.numberRange', params: { min: q.min, max: q.max } }
      : { key: 'surveyForm.error.number' },
  words: (_q, answer) => picked(answer).join(' ') || null,
  condition: { noun: 'number', ordered: true, fits: (_q, v) => typeof v === 'number', kind: () => 'numbers' },
  columns: (_q, prompt) => oneColumn(prompt, 'number', (a) => maskedCell(a)),
  codebook: (_q, word) => ({ type: word('exports.type.number'), values: null }),
  builder: { position: 7, fields: BOUNDS, defaults: {}, roles: [], condition: { ordered: true, numeric: true, defaultValue: 0 }, scored: false },
};

export default number;
