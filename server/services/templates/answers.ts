/**
 * validateAnswers: one respondent's answers checked against a validated template.
 * The same function serves the JSON API and the no-JavaScript HTML form, whose values
 * all arrive as strings, so unambiguous strings ("4" for a rating) are coerced.
 */
import { ValidationError } from '../../errors';
import { isShown, questionsInOrder } from './skipLogic';
import { AnswerProblem } from '../questions/questionType';
import { questionType } from '../questions/registry';
import type { AnswerValue, Answers, TemplateContent } from './types';

export { MAX_TEXT_LENGTH } from '../questions/types/text';
export { MAX_PHOTOS } from '../questions/types/photo';

/** Blank form fields and empty selections mean "skipped". */
function isBlank(raw: unknown): boolean {
  if (raw === undefined || raw === null) return true;
  if (typeof raw === 'string') return raw.trim() === '';
  return Array.isArray(raw) && raw.every((v) => typeof v === 'string' && v.trim() === '');
}

/**
 * Answers for every question the respondent saw (null when skipped); answers to questions
 * that skip logic hid are dropped unchecked, since a form without JavaScript still posts them.
 */
export function validateAnswers(content: TemplateContent, rawAnswers: unknown): Answers {
  if (typeof rawAnswers !== 'object' || rawAnswers === null || Array.isArray(rawAnswers)) {
    throw new ValidationError('answers: must be an object of question ids to answers', 'answers');
  }
  const raw = rawAnswers as Record<string, unknown>;
  const entries = questionsInOrder(content);
  const known = new Set(entries.map((e) => e.question.id));
  for (const id of Object.keys(raw)) {
    if (!known.has(id)) throw new ValidationError(`answers.${id}: unknown question`, `answers.${id}`);
  }

  const shown = new Map<string, unknown>();
  const answers: Answers = {};
  for (const { question } of entries) {
    if (!isShown(question, shown)) continue;
    const field = `answers.${question.id}`;
    const value = Object.prototype.hasOwnProperty.call(raw, question.id) ? raw[question.id] : undefined;
    let answer: AnswerValue = null;
    if (!isBlank(value)) {
      try {
        answer = questionType(question.type).coerce(question, value);
      } catch (err) {
        if (err instanceof AnswerProblem) throw new ValidationError(`${field}: ${err.message}`, field);
        throw err;
      }
    }
    if (answer === '' || (Array.isArray(answer) && answer.length === 0)) answer = null;
    if (answer === null && question.required) throw new ValidationError(`${field}: an answer is required`, field, 'required');
    answers[question.id] = answer;
    shown.set(question.id, answer);
  }
  return answers;
}
