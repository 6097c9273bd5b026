/** Free text, at most MAX_TEXT_LENGTH characters; never scored, masked in exports. */
import { maskedCell } from '../../exports/mask';
import { oneColumn, picked, reject, type QuestionTypeModule } from '../questionType';

export const MAX_TEXT_LENGTH = 2000;

export const text: QuestionTypeModule = {
  type: 'text',
  schema: {},
  scored: () => false,
  coerce(_q, raw) {
    if (typeof raw !== 'string') reject('must be text');
    const v = (raw as string).trim();
    // Count characters, not UTF-16 units: the limit shown to a respondent is in characters.
    if ([...v].length > MAX_TEXT_LENGTH) reject(`must be at most ${MAX_TEXT_LENGTH} characters`);
    return v;
  },
  items: () => [],
  form: (_q, _locale, answer) => ({ partial: 'survey/field', control: 'textarea', value: picked(answer)[0], maxLength: MAX_TEXT_LENGTH }),
  formError: () => ({ key: 'surveyForm.error.text', params: { max: MAX_TEXT_LENGTH } }),
  words: (_q, answer) => picked(answer).join(' ') || null,
  columns: (_q, prompt) => oneColumn(prompt, 'text', (a) => maskedCell(a)),
  codebook: (_q, word) => ({ type: word('exports.type.text'), values: null }),
  display: () => 'text',
  builder: { position: 6, fields: [], defaults: {}, roles: [], scored: false },
};

export default text;
