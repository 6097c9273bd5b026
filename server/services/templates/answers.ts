/**
 * validateAnswers: one respondent's answers checked against a validated template.
 * The same function serves the JSON API and the no-JavaScript HTML form, whose values
 * all arrive as strings, so unambiguous strings ("4" for a rating) are coerced.
 */
import { ValidationError } from '../../errors';
import { isShown, questionsInOrder } from './skipLogic';
import type { AnswerValue, Answers, Question, TemplateContent } from './types';

export const MAX_TEXT_LENGTH = 2000;
export const MAX_PHOTOS = 20;
/** Ids the evidence store hands out; only their format is checked here. */
const EVIDENCE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

class AnswerProblem extends Error {}
const reject = (rule: string): never => {
  throw new AnswerProblem(rule);
};

/** Blank form fields and empty selections mean "skipped". */
function isBlank(raw: unknown): boolean {
  if (raw === undefined || raw === null) return true;
  if (typeof raw === 'string') return raw.trim() === '';
  return Array.isArray(raw) && raw.every((v) => typeof v === 'string' && v.trim() === '');
}

function integerIn(raw: unknown, lo: number, hi: number): number {
  const rule = `must be an integer from ${lo} to ${hi}`;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && INTEGER.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < lo || n > hi) reject(rule);
  return n;
}

function numberIn(raw: unknown, q: Question): number {
  const rule =
    q.min !== undefined && q.max !== undefined
      ? `must be a number from ${q.min} to ${q.max}`
      : q.min !== undefined
        ? `must be a number of at least ${q.min}`
        : q.max !== undefined
          ? `must be a number of at most ${q.max}`
          : 'must be a number';
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && NUMBER.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isFinite(n) || (q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max)) reject(rule);
  return n;
}

function checklist(raw: unknown, q: Question): 'yes' | 'no' | 'na' {
  const naAllowed = q.allowNa !== false;
  const rule = naAllowed ? 'must be yes, no or na' : 'must be yes or no (N/A is not allowed here)';
  // JSON clients may send booleans; true/false map to yes/no without ambiguity.
  const v = raw === true ? 'yes' : raw === false ? 'no' : typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (v === 'yes' || v === 'no' || (v === 'na' && naAllowed)) return v;
  return reject(rule);
}

function choice(raw: unknown, q: Question): string {
  const values = (q.options ?? []).map((o) => o.value);
  const v = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
  if (v === undefined || !values.includes(v)) reject(`must be one of ${values.join(', ')}`);
  return v!;
}

/** A form posts one checkbox as a string and several as an array. */
function list(raw: unknown): unknown[] {
  return (Array.isArray(raw) ? raw : [raw]).filter((v) => !(typeof v === 'string' && v.trim() === ''));
}

function choices(raw: unknown, q: Question): string[] {
  const picked = list(raw).map((v) => choice(v, q));
  const twice = picked.find((v, i) => picked.indexOf(v) !== i);
  if (twice !== undefined) reject(`lists "${twice}" twice`);
  return picked;
}

function text(raw: unknown): string {
  if (typeof raw !== 'string') reject('must be text');
  const v = (raw as string).trim();
  // Count characters, not UTF-16 units: the limit shown to a respondent is in characters.
  if ([...v].length > MAX_TEXT_LENGTH) reject(`must be at most ${MAX_TEXT_LENGTH} characters`);
  return v;
}

/** HH:MM; "9:05" and the "HH:MM:SS" some browsers post are normalised to HH:MM. */
function time(raw: unknown): string {
  const m = typeof raw === 'string' ? /^(\d{1,2}):(\d{2})(:\d{2})?$/.exec(raw.trim()) : null;
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) reject('must be a time as HH:MM');
  return `${m![1]!.padStart(2, '0')}:${m![2]}`;
}

function photos(raw: unknown): string[] {
  const ids = list(raw);
  if (ids.length > MAX_PHOTOS) reject(`must list at most ${MAX_PHOTOS} photos`);
  for (const id of ids) if (typeof id !== 'string' || !EVIDENCE_ID.test(id)) reject('must be ids of uploaded photos');
  const strings = ids as string[];
  const twice = strings.find((v, i) => strings.indexOf(v) !== i);
  if (twice !== undefined) reject(`lists photo "${twice}" twice`);
  return strings;
}

/** The stored form of one non-blank answer, or an AnswerProblem. */
function coerce(q: Question, raw: unknown): AnswerValue {
  switch (q.type) {
    case 'rating':
      return integerIn(raw, 1, q.scale ?? 5);
    case 'nps':
      return integerIn(raw, 0, 10);
    case 'checklist':
      return checklist(raw, q);
    case 'single':
      return choice(raw, q);
    case 'multiple':
      return choices(raw, q);
    case 'text':
      return text(raw);
    case 'number':
      return numberIn(raw, q);
    case 'time':
      return time(raw);
    case 'photo':
      return photos(raw);
  }
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
        answer = coerce(question, value);
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
