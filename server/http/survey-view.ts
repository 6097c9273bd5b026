/**
 * The respondent form as a view model for the partials in views/partials/survey/:
 * localized text, which choice is selected, per-question errors and the skip-logic
 * condition for client/js/skip-logic.js. Shared by the builder preview, public
 * survey links, call scripts and mystery visit forms, so it knows no route.
 * Form fields are named a_<questionId>: the page parser does not nest `answers[x]`.
 */
import { ValidationError } from '../errors';
import { t, type Locale } from '../i18n';
import { picked, textIn, type ChoiceWords, type FormParts } from '../services/questions/questionType';
import { questionType } from '../services/questions/registry';
import { validateAnswers } from '../services/templates/answers';
import { visibleQuestions } from '../services/templates/skipLogic';
import type { Question, TemplateContent } from '../services/templates/types';

export const FIELD_PREFIX = 'a_';

const SUMMARY_ERRORS = 5;

export interface ChoiceView {
  value: string;
  label: string;
  /** Extra words for screen readers and per-point captions (e.g. "very satisfied"). */
  caption?: string;
  checked: boolean;
  domId: string;
}

/** A question as the partials draw it: what every question has, then what its type's module adds (FormParts). */
export interface QuestionView extends Omit<FormParts, 'choices' | 'na'> {
  id: string;
  type: Question['type'];
  name: string;
  domId: string;
  prompt: string;
  help?: string;
  required: boolean;
  critical: boolean;
  error?: string;
  /** Ids of the help and error texts, for aria-describedby. */
  describedBy?: string;
  /** JSON of the SkipCondition, read by skip-logic.js. */
  showIf?: string;
  choices?: ChoiceView[];
  /** "Does not apply", apart from a scale's points. */
  na?: ChoiceView;
}

export interface SurveyView {
  name: string;
  description?: string;
  sections: Array<{ id: string; title: string; questions: QuestionView[] }>;
  /** The first errors again, in form order, for the summary at the top of the form. */
  errorList: Array<{ domId: string; prompt: string; message: string }>;
  /** How many errors the summary leaves out (each question still shows its own). */
  moreErrors: number;
}

export type RawAnswers = Readonly<Record<string, unknown>>;

const text = textIn;

/**
 * A stored answer in words for read-only pages (review, follow-up tasks, corrections): choice
 * labels, "4 / 5" with that point's caption, free text as typed. Photos have no words
 * (the caller shows them); null for a skipped question.
 */
export function answerInWords(q: Question, answer: unknown, locale: Locale): string | null {
  return questionType(q.type).words(q, answer, locale);
}

function questionView(q: Question, locale: Locale, answer: unknown, error: string | undefined): QuestionView {
  const domId = `q_${q.id}`;
  const { choices, na, ...parts } = questionType(q.type).form(q, locale, answer);
  const chosen = new Set(picked(answer));
  // Option values may hold any character; ids use the position instead.
  const marked = (list: ChoiceWords[], prefix: string) => list.map((c, i) => ({ ...c, checked: chosen.has(c.value), domId: `${prefix}_${i}` }));
  return {
    id: q.id,
    type: q.type,
    name: `${FIELD_PREFIX}${q.id}`,
    domId,
    prompt: text(q.prompt, locale)!,
    help: text(q.help, locale),
    required: q.required,
    critical: q.critical === true,
    error,
    describedBy: [q.help ? `${domId}_help` : '', error ? `${domId}_err` : ''].filter(Boolean).join(' ') || undefined,
    showIf: q.showIf ? JSON.stringify(q.showIf) : undefined,
    ...parts,
    choices: choices && marked(choices, domId),
    na: na && marked([na], `${domId}_na`)[0],
  };
}

/** The form for `content` in `locale`, keeping `answers` and showing `errors` (question id → message). */
export function surveyViewModel(content: TemplateContent, locale: Locale, answers: RawAnswers = {}, errors: Readonly<Record<string, string>> = {}): SurveyView {
  const sections = content.sections.map((s) => ({
    id: s.id,
    title: text(s.title, locale)!,
    questions: s.questions.map((q) => questionView(q, locale, answers[q.id], errors[q.id])),
  }));
  const flagged = sections.flatMap((s) => s.questions.filter((q) => q.error).map((q) => ({ domId: q.domId, prompt: q.prompt, message: q.error! })));
  // A long list would push the form off a phone screen; the rest are marked in place.
  const errorList = flagged.slice(0, SUMMARY_ERRORS);
  return {
    name: text(content.name, locale)!,
    description: text(content.description, locale),
    sections,
    errorList,
    moreErrors: flagged.length - errorList.length,
  };
}

/** The a_<id> (and a_<id>.<part>) fields of a posted form as raw answers; fields of unknown questions are dropped. */
export function formAnswers(content: TemplateContent, body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const section of content.sections) {
    for (const q of section.questions) {
      const name = `${FIELD_PREFIX}${q.id}`;
      const value = body[name];
      if (value !== undefined) raw[q.id] = value;
      // An answer with parts (a matrix's rows) posts one field per part, named <name>.<part>.
      const parts = Object.keys(body).filter((key) => key.startsWith(`${name}.`));
      if (parts.length > 0) raw[q.id] = Object.fromEntries(parts.map((key) => [key.slice(name.length + 1), body[key]]));
    }
  }
  return raw;
}

/** A message a respondent can act on (the service's rule text is for developers). */
function messageFor(q: Question, err: ValidationError, locale: Locale): string {
  if (err.code === 'required') return t(locale, 'surveyForm.error.required');
  const { key, params } = questionType(q.type).formError(q);
  return t(locale, key, params);
}

/**
 * Every shown question's problem at once (the service stops at the first), so a
 * respondent fixes the whole page in one go. Empty when the answers are valid.
 */
export function answerErrors(content: TemplateContent, raw: RawAnswers, locale: Locale): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const { showIf: _shown, ...q } of visibleQuestions(content, raw)) {
    const single: TemplateContent = { ...content, sections: [{ id: 'one', title: content.name, questions: [q] }] };
    try {
      validateAnswers(single, q.id in raw ? { [q.id]: raw[q.id] } : {});
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      errors[q.id] = messageFor(q, err, locale);
    }
  }
  return errors;
}
