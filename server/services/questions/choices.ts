/** What single and multiple choice share: the options as words, option checks and the option rules of a template. */
import type { Locale } from '../../i18n';
import type { Question } from '../templates/types';
import { picked, reject, textIn, type ChoiceWords, type TemplateProblem } from './questionType';

export const optionWords = (q: Question, locale: Locale): ChoiceWords[] => (q.options ?? []).map((o) => ({ value: o.value, label: textIn(o.label, locale)! }));

export function optionValue(q: Question, raw: unknown): string {
  const values = (q.options ?? []).map((o) => o.value);
  const v = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
  if (v === undefined || !values.includes(v)) reject(`must be one of ${values.join(', ')}`);
  return v!;
}

/** Option labels joined as a list in the reader's language; a value the version no longer offers shows as stored. */
export function optionsInWords(q: Question, answer: unknown, locale: Locale): string | null {
  const values = picked(answer).filter((v) => v !== '');
  if (!values.length) return null;
  const words = values.map((v) => optionWords(q, locale).find((c) => c.value === v)?.label ?? v);
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(words);
}

export function checkOptions(q: Question, problem: TemplateProblem): void {
  const options = q.options ?? [];
  if (options.length < 2) problem('options', `a ${q.type} question needs at least 2 options`, 'twoOptions');
  const values = new Set<string>();
  options.forEach((o, i) => {
    if (values.has(o.value)) problem(`options.${i}.value`, `option value "${o.value}" repeats`, 'optionRepeats', { value: o.value });
    values.add(o.value);
  });
}

export const optionFits = (q: Question, v: string | number) => typeof v === 'string' && (q.options ?? []).some((o) => o.value === v);
export const optionsText = (q: Question, locale: Locale) =>
  (q.options ?? []).length ? (q.options ?? []).map((o) => `${o.value} = ${o.label[locale]}`).join('; ') : null;
