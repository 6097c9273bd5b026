/**
 * A reviewer corrects one answer with that question's own control (the
 * respondent form's yes/no/N.A. buttons, rating scale or option list), so
 * nothing is typed; a refused correction comes back in the page language with
 * the reviewer's choice and reason kept.
 */
import { AppError, ConflictError, ValidationError } from '../../errors';
import { t, type Locale } from '../../i18n';
import type { TemplateContent } from '../../services/templates/types';
import { answerErrors, answerInWords, formAnswers, surveyViewModel, type QuestionView, type RawAnswers } from '../survey-view';

export interface CorrectionInput {
  questionId: string;
  value: unknown;
  reason: string;
}

/** A correction the service refused, with what the reviewer chose and why, to show again. */
export interface RefusedCorrection extends CorrectionInput {
  valueError?: string;
  reasonError?: string;
  /** A problem that belongs to no field (the visit moved on meanwhile). */
  pageError?: string;
}

export interface CorrectionForm {
  question: QuestionView;
  section: string;
  current: string;
  open: boolean;
  reason: string;
  reasonError?: string;
}

const MAX_REASON = 2000;
const questionsOf = (content: TemplateContent) => content.sections.flatMap((s) => s.questions);

/** The posted form as a correction: the question's a_<id> field is its new answer. */
export function correctionInput(content: TemplateContent, body: Readonly<Record<string, unknown>>, questionId: string, reason: string): CorrectionInput {
  return { questionId, value: formAnswers(content, body)[questionId], reason };
}

export function promptOf(content: TemplateContent, questionId: string, locale: Locale): string {
  const q = questionsOf(content).find((x) => x.id === questionId);
  return q ? q.prompt[locale] || q.prompt['zh-CN'] : questionId;
}

/** One form per correctable question (photos are evidence), prefilled with the stored answer or the refused choice. */
export function correctionForms(locale: Locale, content: TemplateContent, answers: RawAnswers, refused?: RefusedCorrection): CorrectionForm[] {
  const shown = refused ? { ...answers, [refused.questionId]: refused.value } : answers;
  const errors = refused?.valueError ? { [refused.questionId]: refused.valueError } : {};
  const view = surveyViewModel(content, locale, shown, errors);
  const byId = new Map(questionsOf(content).map((q) => [q.id, q]));
  return view.sections.flatMap((s) =>
    s.questions
      .filter((q) => q.type !== 'photo')
      .map((q) => {
        const mine = refused?.questionId === q.id;
        // The control is the respondent's; skip logic does not run on this page, so nothing hides it.
        const question = { ...q, showIf: undefined };
        return {
          question,
          section: s.title,
          current: answerInWords(byId.get(q.id)!, answers[q.id], locale) ?? t(locale, 'visitCorrection.unanswered'),
          open: mine,
          reason: mine ? refused.reason : '',
          reasonError: mine ? refused.reasonError : undefined,
        };
      }),
  );
}

/** The service's refusal in the page language, by field and code (never by its English message). */
export function refusal(locale: Locale, content: TemplateContent, answers: RawAnswers, input: CorrectionInput, err: unknown): RefusedCorrection {
  if (!(err instanceof AppError) || err.status >= 500) throw err;
  const refused: RefusedCorrection = { ...input };
  if (err instanceof ConflictError) refused.pageError = t(locale, 'visitCorrection.error.changed');
  else if (err instanceof ValidationError && err.field === 'questionId') refused.pageError = t(locale, 'visitCorrection.error.question');
  else if (err instanceof ValidationError && err.code === 'unchanged') refused.valueError = t(locale, 'visitCorrection.error.unchanged');
  else if (!(err instanceof ValidationError && err.field === 'reason')) refused.valueError = t(locale, 'visitCorrection.error.value');
  // The service stops at its first problem; the reviewer sees both at once.
  const valueProblem = answerErrors(content, { ...answers, [input.questionId]: input.value }, locale)[input.questionId];
  if (valueProblem && !refused.pageError) refused.valueError = valueProblem;
  if (!input.reason.trim() || [...input.reason.trim()].length > MAX_REASON)
    refused.reasonError = t(locale, 'visitCorrection.error.reason', { max: MAX_REASON });
  return refused;
}
