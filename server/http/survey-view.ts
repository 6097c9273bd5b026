/**
 * The respondent form as a view model for the partials in views/partials/survey/:
 * localized text, which choice is selected, per-question errors and the skip-logic
 * condition for client/js/skip-logic.js. Shared by the builder preview, public
 * survey links, call scripts and mystery visit forms, so it knows no route.
 * Form fields are named a_<questionId>: the page parser does not nest `answers[x]`.
 */
import { ValidationError } from '../errors';
import { t, type Locale } from '../i18n';
import { MAX_TEXT_LENGTH, validateAnswers } from '../services/templates/answers';
import { visibleQuestions } from '../services/templates/skipLogic';
import type { LocalizedText, Question, TemplateContent } from '../services/templates/types';

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

export interface QuestionView {
  id: string;
  type: Question['type'];
  /** Which partial draws the control: survey/choices, survey/scale or survey/field. */
  partial: string;
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
  inputType?: 'radio' | 'checkbox';
  choices?: ChoiceView[];
  lowLabel?: string;
  highLabel?: string;
  /** Checklist answers sit side by side. */
  row?: boolean;
  /** Scales of more than 7 points wrap onto two rows on a phone. */
  wide?: boolean;
  control?: 'textarea' | 'number' | 'time' | 'file';
  value?: string;
  /** Bounds as strings, so that a bound of 0 still renders. */
  min?: string;
  max?: string;
  maxLength?: number;
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

const text = (value: LocalizedText | undefined, locale: Locale): string | undefined => (value ? value[locale] || value['zh-CN'] : undefined);

/** The strings a form posted or an answer stored, for comparing with option values. */
function picked(answer: unknown): string[] {
  if (answer === undefined || answer === null) return [];
  return (Array.isArray(answer) ? answer : [answer]).map(String);
}

function choicesOf(q: Question, locale: Locale): Array<Omit<ChoiceView, 'checked' | 'domId'>> {
  switch (q.type) {
    case 'rating': {
      const k = q.scale ?? 5;
      const labels = q.scaleLabels ?? [];
      const perPoint = labels.length === k;
      return Array.from({ length: k }, (_, i) => {
        const caption = perPoint ? labels[i] : i === 0 ? labels[0] : i === k - 1 ? labels[1] : undefined;
        return { value: String(i + 1), label: String(i + 1), caption: text(caption, locale) };
      });
    }
    case 'nps':
      return Array.from({ length: 11 }, (_, i) => ({
        value: String(i),
        label: String(i),
        caption: i === 0 ? t(locale, 'surveyForm.nps.low') : i === 10 ? t(locale, 'surveyForm.nps.high') : undefined,
      }));
    case 'checklist': {
      const values = q.allowNa === false ? ['yes', 'no'] : ['yes', 'no', 'na'];
      return values.map((v) => ({ value: v, label: t(locale, `surveyForm.checklist.${v}`) }));
    }
    default:
      return (q.options ?? []).map((o) => ({ value: o.value, label: text(o.label, locale)! }));
  }
}

/**
 * A stored answer in words for read-only pages (follow-up tasks): choice labels,
 * "4 / 5" with that point's caption, free text as typed. Photos have no words
 * (the caller shows them); null for a skipped question.
 */
export function answerInWords(q: Question, answer: unknown, locale: Locale): string | null {
  const values = picked(answer);
  if (!values.length || values.every((v) => v === '') || q.type === 'photo') return null;
  if (['text', 'number', 'time'].includes(q.type)) return values.join(' ');
  const choices = choicesOf(q, locale);
  const words = values.map((v) => {
    const choice = choices.find((c) => c.value === v);
    if (!choice) return v; // a value the version no longer offers still shows as stored
    if (q.type !== 'rating' && q.type !== 'nps') return choice.label;
    const of = `${choice.label} / ${q.type === 'nps' ? 10 : choices.length}`;
    return choice.caption ? `${of} · ${choice.caption}` : of;
  });
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(words);
}

function controlOf(q: Question): QuestionView['control'] {
  return q.type === 'text' ? 'textarea' : q.type === 'number' ? 'number' : q.type === 'time' ? 'time' : 'file';
}

function questionView(q: Question, locale: Locale, answer: unknown, error: string | undefined): QuestionView {
  const domId = `q_${q.id}`;
  const base: QuestionView = {
    id: q.id,
    type: q.type,
    partial: 'survey/field',
    name: `${FIELD_PREFIX}${q.id}`,
    domId,
    prompt: text(q.prompt, locale)!,
    help: text(q.help, locale),
    required: q.required,
    critical: q.critical === true,
    error,
    describedBy: [q.help ? `${domId}_help` : '', error ? `${domId}_err` : ''].filter(Boolean).join(' ') || undefined,
    showIf: q.showIf ? JSON.stringify(q.showIf) : undefined,
  };
  if (['text', 'number', 'time', 'photo'].includes(q.type)) {
    const value = q.type === 'photo' ? undefined : picked(answer)[0];
    return {
      ...base,
      control: controlOf(q),
      value,
      min: q.min?.toString(),
      max: q.max?.toString(),
      maxLength: q.type === 'text' ? MAX_TEXT_LENGTH : undefined,
    };
  }
  const chosen = new Set(picked(answer));
  // Option values may hold any character; ids use the position instead.
  const choices = choicesOf(q, locale).map((c, i) => ({ ...c, checked: chosen.has(c.value), domId: `${domId}_${i}` }));
  const isScale = q.type === 'nps' || (q.type === 'rating' && (q.scaleLabels?.length ?? 0) !== q.scale);
  if (!isScale) return { ...base, partial: 'survey/choices', inputType: q.type === 'multiple' ? 'checkbox' : 'radio', choices, row: q.type === 'checklist' };
  return {
    ...base,
    partial: 'survey/scale',
    inputType: 'radio',
    choices,
    lowLabel: choices[0]?.caption,
    highLabel: choices[choices.length - 1]?.caption,
    wide: choices.length > 7,
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

/** The a_<id> fields of a posted form as raw answers; fields of unknown questions are dropped. */
export function formAnswers(content: TemplateContent, body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const section of content.sections) {
    for (const q of section.questions) {
      const value = body[`${FIELD_PREFIX}${q.id}`];
      if (value !== undefined) raw[q.id] = value;
    }
  }
  return raw;
}

/** A message a respondent can act on, by question type (the service's rule text is for developers). */
function messageFor(q: Question, err: ValidationError, locale: Locale): string {
  if (err.code === 'required') return t(locale, 'surveyForm.error.required');
  switch (q.type) {
    case 'number':
      if (q.min !== undefined && q.max !== undefined) return t(locale, 'surveyForm.error.numberRange', { min: q.min, max: q.max });
      return t(locale, 'surveyForm.error.number');
    case 'time':
      return t(locale, 'surveyForm.error.time');
    case 'text':
      return t(locale, 'surveyForm.error.text', { max: MAX_TEXT_LENGTH });
    case 'photo':
      return t(locale, 'surveyForm.error.photo');
    default:
      return t(locale, 'surveyForm.error.choice');
  }
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
