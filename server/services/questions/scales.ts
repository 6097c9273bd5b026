/**
 * What the numbered scales (rating 1..k, NPS 0..10) share: the lenient number reading of
 * stored answers, the words "4 / 5 · caption", the skip-logic fit and the export cell.
 */
import { t, type Locale } from '../../i18n';
import { maskedCell } from '../exports/mask';
import type { Question } from '../templates/types';
import { reject, type AnswerColumn, type ChoiceWords } from './questionType';

/**
 * N/A on a scale, when the template allows it (allowNa: true): "did not apply to me".
 * Stored as 'na', apart from a skipped answer (null); both leave every mean (domain.md §3.3).
 */
export function notApplicable(q: Question, raw: unknown): 'na' | undefined {
  return q.allowNa === true && typeof raw === 'string' && raw.trim().toLowerCase() === 'na' ? 'na' : undefined;
}

/** The N/A tile under a scale, when the question offers one. */
export const naChoice = (q: Question, locale: Locale): ChoiceWords | undefined =>
  q.allowNa === true ? { value: 'na', label: t(locale, 'questionNa.choice') } : undefined;

/** A scale's export cell: the number, or the word for N/A (a skipped answer stays empty). */
export const scaleCell: AnswerColumn['cell'] = (answer, word) => (answer === 'na' ? word('exports.answer.na') : maskedCell(answer));

/** Stored answers are numbers; older rows and plain forms may hold numeric strings. */
export function storedInteger(answer: unknown, lo: number, hi: number): number {
  const x = typeof answer === 'number' ? answer : typeof answer === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(answer) ? Number(answer) : NaN;
  if (!Number.isInteger(x) || x < lo || x > hi) reject(`must be an integer ${lo}–${hi}`);
  return x;
}

/** "4 / 5 · very satisfied": the point, out of how many, and its caption when it has one. */
export function scaleWords(choices: readonly ChoiceWords[], top: number, answer: unknown, locale: Locale): string | null {
  if (answer === undefined || answer === null || answer === '') return null;
  if (answer === 'na') return t(locale, 'questionNa.choice');
  const choice = choices.find((c) => c.value === String(answer));
  if (!choice) return String(answer); // a value the version no longer offers still shows as stored
  const of = `${choice.label} / ${top}`;
  return choice.caption ? `${of} · ${choice.caption}` : of;
}

export const integerFits = (lo: number, hi: number) => (v: string | number) => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
