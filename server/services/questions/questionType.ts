/**
 * What one question type knows, in one module (types/<type>.ts): its template fields and
 * their rules, how an answer is checked and stored, what it scores on 0–100, how the form
 * draws it, how it reads in words, how it conditions skip logic, and its export columns.
 * The engine, forms, builder and exports ask the registry (registry.ts), never the type name.
 */
import type { ZodTypeAny } from 'zod';
import type { Locale } from '../../i18n';
import type { AnswerValue, LocalizedText, Question, QuestionRole, TemplateContent } from '../templates/types';
import type { Cell, ColumnKind } from '../exports/sinks';

/** An answer breaking its question's rule; the caller names the field. */
export class AnswerProblem extends Error {}
export const reject = (rule: string): never => {
  throw new AnswerProblem(rule);
};

/** One applicable item of a response: what it adds to an indicator's weighted mean. */
export interface ScoredItem {
  /** Absent on a question tied to no indicator (it may still feed the overall or effort measures). */
  indicator?: string;
  weight: number;
  score: number;
}

/** An indicator a question feeds: its code, the field naming it, and the answer part it belongs to (if any). */
export interface IndicatorRef {
  code: string | undefined;
  field: string;
  part?: string;
}

/** Throws a rule broken by a question's fields: field path below the question, English rule, rule key for the builder. */
export type TemplateProblem = (field: string, rule: string, key: string, params?: Record<string, string | number>) => never;

export interface ChoiceWords {
  value: string;
  label: string;
  /** Extra words for screen readers and per-point captions (e.g. "very satisfied"). */
  caption?: string;
}

/** What the form partial needs beyond what every question has (prompt, help, error, name). */
export interface FormParts {
  /** The partial under views/partials/ that draws the control. */
  partial: string;
  inputType?: 'radio' | 'checkbox';
  choices?: ChoiceWords[];
  /** A "does not apply" choice set apart from a scale's points. */
  na?: ChoiceWords;
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

/** One export column of a question: `suffix` extends the column code `q.<id>`. */
export interface AnswerColumn {
  suffix: string;
  label: (locale: Locale) => string;
  kind: ColumnKind;
  cell: (answer: AnswerValue | undefined, word: (key: string) => string, locale: Locale) => Cell;
}

/**
 * One control of an item in a builder list (an option, a grid row), by widget kind; `key` is the item's field,
 * `label` a templates.* catalogue key without its prefix.
 */
export type BuilderItemField =
  | { kind: 'text'; key: string; label: string; size?: number }
  | { kind: 'localized'; key: string; label: string }
  | { kind: 'number'; key: string; label: string; min?: number; max?: number }
  | { kind: 'indicator'; key: string };

/**
 * One settings control of a question, sent to the builder as data (client/js/builder-fields.js draws each kind):
 * a type composes these kinds with its own keys and labels, so a new type needs no builder code.
 */
export type BuilderField =
  /** Scale points (`scale`) and the two end labels (`scaleLabels`). */
  | { kind: 'scale' }
  /** A checkbox storing true when ticked (or, with `defaultOn`, false when cleared). */
  | { kind: 'flag'; key: string; label: string; defaultOn?: boolean }
  | { kind: 'number'; key: string; label: string; integer?: boolean; min?: number; max?: number }
  /**
   * A list of items each with an id (`idKey`, new ones numbered after `idPrefix`); `labels` name the heading,
   * an optional hint, and the add / delete buttons (`removeN` takes `{id}`).
   */
  | {
      kind: 'list';
      key: string;
      idKey: string;
      idPrefix: string;
      item: readonly BuilderItemField[];
      /** A new item's other fields; the field to focus after adding it is the first localized one. */
      newItem: Record<string, unknown>;
      labels: { heading: string; hint?: string; add: string; remove: string; removeN: string };
    };

/** What the builder draws for the type: its settings controls, the roles it may take, a new question's fields. */
export interface BuilderSpec {
  /** Where the builder offers the type among the others (ascending). */
  position: number;
  fields: readonly BuilderField[];
  defaults: Partial<Question>;
  roles: readonly QuestionRole[];
  /**
   * How a skip condition on this type is edited; absent when it cannot be a condition. `values` are fixed
   * answers, worded by `templates.<valueLabels><value>`; `input` is the value box's type (text by default).
   */
  condition?: {
    ordered: boolean;
    numeric: boolean;
    defaultValue: string | number;
    values?: readonly string[];
    valueLabels?: string;
    input?: 'time' | 'number' | 'text';
  };
  /** Whether the indicator, weight and role fields show. */
  scored: boolean;
  /** The channels whose templates may use the type; every channel when absent. */
  channels?: readonly string[];
}

/** How a read-only page (a follow-up case) draws a stored answer: yes / no / na as badges, text as a note keeping its lines, photo as images. */
export type AnswerDisplay = 'yes' | 'no' | 'na' | 'text' | 'value' | 'photo';

export interface QuestionTypeModule {
  type: string;
  /** Zod fields this type adds to a question (strict objects reject any other). */
  schema: Record<string, ZodTypeAny>;
  /** Rules between this type's fields, beyond the shape. */
  checkTemplate?(q: Question, problem: TemplateProblem, content: TemplateContent): void;
  /**
   * The indicators a scored question feeds, each with the field (below the question) that names it and, when the
   * answer has parts exported as columns `q.<id>.<part>` (a grid's rows), the part it belongs to; default: `indicator`.
   */
  indicatorsOf?(q: Question): IndicatorRef[];
  /** Whether answers can carry a score (for the question as configured). */
  scored(q: Question): boolean;
  /** The stored form of one non-blank posted or JSON answer; throws AnswerProblem. */
  coerce(q: Question, raw: unknown): AnswerValue;
  /** The items a stored, non-skipped answer adds to indicators; none when N/A or unscored. Throws AnswerProblem on a broken answer. */
  items(q: Question, answer: Exclude<AnswerValue, null>): ScoredItem[];
  form(q: Question, locale: Locale, answer: unknown): FormParts;
  /** The message a respondent sees for a wrong answer (catalogue key and params). */
  formError(q: Question): { key: string; params?: Record<string, string | number> };
  /** The stored answer in words for read-only pages; null when skipped or without words (photos). */
  words(q: Question, answer: unknown, locale: Locale): string | null;
  /** Skip logic on an answer to this type: what values fit, or absent when it cannot be a condition. */
  condition?: { ordered: boolean; noun: string; fits(q: Question, v: string | number): boolean; kind(q: Question): string };
  /** Export columns; none for types whose answers are files. */
  columns(q: Question, prompt: LocalizedText): AnswerColumn[];
  /** Codebook: the type in words and the values it takes. */
  codebook(q: Question, word: (key: string) => string, locale: Locale): { type: string; values: string | null };
  builder: BuilderSpec;
  /** How read-only pages draw a stored answer; `value` (a plain badge) when absent. */
  display?(q: Question, answer: unknown): AnswerDisplay;
}

/** Answers arrive as numbers (JSON API) or numeric strings (plain HTML forms). */
export function integerIn(raw: unknown, lo: number, hi: number): number {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < lo || n > hi) reject(`must be an integer from ${lo} to ${hi}`);
  return n;
}

/** The strings a form posted or an answer stored, for comparing with option values. */
export function picked(answer: unknown): string[] {
  if (answer === undefined || answer === null) return [];
  return (Array.isArray(answer) ? answer : [answer]).map(String);
}

export const textIn = (value: LocalizedText | undefined, locale: Locale): string | undefined => (value ? value[locale] || value['zh-CN'] : undefined);

/** The single column most types export: the question's prompt over its answer. */
export function oneColumn(prompt: LocalizedText, kind: ColumnKind, cell: AnswerColumn['cell']): AnswerColumn[] {
  return [{ suffix: '', label: (locale) => prompt[locale] || prompt['zh-CN'], kind, cell }];
}
