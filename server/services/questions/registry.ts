/**
 * The question types by name. Scoring, answer checks, template rules, forms, words,
 * skip logic, exports and the builder ask here; a new type is one module under types/
 * and one line below.
 */
import { ValidationError } from '../../errors';
import type { AnswerValue, Question, QuestionType } from '../templates/types';
import { AnswerProblem, type QuestionTypeModule, type ScoredItem } from './questionType';
import { checklist } from './types/checklist';
import { matrix } from './types/matrix';
import { multiple } from './types/multiple';
import { nps } from './types/nps';
import { number } from './types/number';
import { photo } from './types/photo';
import { rating } from './types/rating';
import { single } from './types/single';
import { text } from './types/text';
import { time } from './types/time';

const MODULES: readonly QuestionTypeModule[] = [rating, nps, checklist, single, multiple, text, number, time, photo, matrix];

const byType = new Map(MODULES.map((m) => [m.type, m]));

/** Type names in the order the builder offers them. */
export const QUESTION_TYPES = MODULES.map((m) => m.type) as [QuestionType, ...QuestionType[]];

export function questionType(type: QuestionType | string): QuestionTypeModule {
  const found = byType.get(type);
  if (!found) throw new ValidationError(`type: unknown question type "${type}"`, 'type');
  return found;
}

export const allQuestionTypes = (): readonly QuestionTypeModule[] => MODULES;

/** Whether the question, as configured, can carry a score. */
export const isScored = (q: Question): boolean => questionType(q.type).scored(q);

/**
 * The indicator items one stored answer adds: none when skipped or N/A, since N/A and
 * skipped leave the mean (domain.md §3.1): scoring them 0 would punish honesty.
 * A stored answer that breaks its question's rules throws a ValidationError naming `answers.<id>`.
 */
export function scoredItems(q: Question, answer: AnswerValue | undefined): ScoredItem[] {
  if (answer === null || answer === undefined || answer === 'na') return [];
  try {
    return questionType(q.type).items(q, answer);
  } catch (err) {
    if (err instanceof AnswerProblem) throw new ValidationError(`${q.id}: ${err.message}`, `answers.${q.id}`);
    throw err;
  }
}

/** The answer's 0–100 score (the weighted mean of its items when it has several), or null when it carries none. */
export function itemScore(q: Question, answer: AnswerValue | undefined): number | null {
  const items = scoredItems(q, answer);
  if (items.length <= 1) return items[0]?.score ?? null;
  const weights = items.reduce((n, i) => n + i.weight, 0);
  return weights > 0 ? items.reduce((n, i) => n + i.weight * i.score, 0) / weights : null;
}

/** The indicators a question feeds, each with the field naming it (a grid names one per row). */
export function indicatorsOf(q: Question): Array<{ code: string | undefined; field: string }> {
  return questionType(q.type).indicatorsOf?.(q) ?? [{ code: q.indicator, field: 'indicator' }];
}

/** What the template builder needs of every type, in the order it offers them. */
export const builderSpecs = () => MODULES.map((m) => ({ type: m.type, ...m.builder }));
