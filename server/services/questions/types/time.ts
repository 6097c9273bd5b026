/** A time of day as HH:MM; never scored. */
import { maskedCell } from '../../exports/mask';
import { oneColumn, picked, reject, type QuestionTypeModule } from '../questionType';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export const time: QuestionTypeModule = {
  type: 'time',
  schema: {},
  scored: () => false,
  /** "9:05" and the "HH:MM:SS" some browsers post are normalised to HH:MM. */
  coerce(_q, raw) {
    const m = typeof raw === 'string' ? /^(\d{1,2}):(\d{2})(:\d{2})?$/.exec(raw.trim()) : null;
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) reject('must be a time as HH:MM');
    return `${m![1]!.padStart(2, '0')}:${m![2]}`;
  },
  items: () => [],
  form: (_q, _locale, answer) => ({ partial: 'survey/field', control: 'time', value: picked(answer)[0] }),
  formError: () => ({ key: 'surveyForm.error.time' }),
  words: (_q, answer) => picked(answer).join(' ') || null,
  condition: { noun: 'time', ordered: true, fits: (_q, v) => typeof v === 'string' && TIME.test(v), kind: () => 'times as HH:MM' },
  columns: (_q, prompt) => oneColumn(prompt, 'text', (a) => maskedCell(a)),
  codebook: (_q, word) => ({ type: word('exports.type.time'), values: null }),
  builder: {
    position: 8,
    fields: [],
    defaults: {},
    roles: [],
    condition: { ordered: true, numeric: false, defaultValue: '12:00', input: 'time' },
    scored: false,
  },
};

export default time;
