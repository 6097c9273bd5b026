/**
 * One answer → a 0–100 item score (domain.md §3.1), or null when the answer
 * carries no score: skipped, N/A, or an unscored question type.
 * Null is never 0: callers leave null items out of every mean.
 */
import { ValidationError } from '../../errors';
import type { AnswerValue, Question } from '../templates/types';

/** Answers arrive as numbers (JSON API) or numeric strings (plain HTML forms). */
function asNumber(answer: AnswerValue | undefined): number | null {
  if (typeof answer === 'number') return answer;
  if (typeof answer === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(answer)) return Number(answer);
  return null;
}

function invalid(question: Question, message: string): never {
  throw new ValidationError(`${question.id}: ${message}`, `answers.${question.id}`);
}

function integerIn(question: Question, answer: AnswerValue, lo: number, hi: number): number {
  const x = asNumber(answer);
  if (x === null || !Number.isInteger(x) || x < lo || x > hi) invalid(question, `must be an integer ${lo}–${hi}`);
  return x;
}

/** k-point rating x ∈ 1..k → (x − 1)/(k − 1) × 100. */
function ratingScore(question: Question, answer: AnswerValue): number {
  const k = question.scale;
  if (k === undefined || !Number.isInteger(k) || k < 2) invalid(question, 'rating question has no valid scale');
  const x = integerIn(question, answer, 1, k);
  return ((x - 1) / (k - 1)) * 100;
}

function checklistScore(question: Question, answer: AnswerValue): number | null {
  if (answer === 'yes') return 100;
  if (answer === 'no') return 0;
  return invalid(question, 'must be yes, no or na');
}

/** Single choice: the chosen option's score; an option without a score carries none. */
function singleScore(question: Question, answer: AnswerValue): number | null {
  const option = (question.options ?? []).find((o) => o.value === answer);
  if (!option) return invalid(question, 'is not one of the options');
  if (option.score === undefined) return null;
  if (!(option.score >= 0 && option.score <= 100)) invalid(question, 'option score must be 0–100');
  return option.score;
}

/**
 * The item's 0–100 score, or null when it does not count: skipped (null or
 * undefined), 'na', or a question type that carries no score (multiple, text,
 * number, time, photo). An answer that breaks the question's own rules throws
 * a ValidationError naming `answers.<questionId>` rather than scoring garbage.
 */
export function itemScore(question: Question, answer: AnswerValue | undefined): number | null {
  // N/A and skipped leave the mean (domain.md §3.1): scoring them 0 would punish honesty.
  if (answer === null || answer === undefined || answer === 'na') return null;
  switch (question.type) {
    case 'rating':
      return ratingScore(question, answer);
    case 'nps':
      return integerIn(question, answer, 0, 10) * 10;
    case 'checklist':
      return checklistScore(question, answer);
    case 'single':
      return singleScore(question, answer);
    case 'multiple':
    case 'text':
    case 'number':
    case 'time':
    case 'photo':
      return null;
  }
}

/** Whether a question type can ever carry a score (for builders and reports). */
export function isScoredType(question: Question): boolean {
  if (question.type === 'single') return (question.options ?? []).some((o) => o.score !== undefined);
  return question.type === 'rating' || question.type === 'nps' || question.type === 'checklist';
}
