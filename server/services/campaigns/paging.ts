/**
 * A multi-section survey as pages, one section per page, for the form that
 * works without JavaScript. Skip logic is applied on the server between pages:
 * a question whose condition refers to an earlier page is shown or left out
 * here; one whose condition refers to its own page is left to the browser
 * script (and to validation on submit, which drops it when hidden).
 */
import { conditionMet, isEmpty, isShown } from '../templates/skipLogic';
import type { Question, TemplateContent } from '../templates/types';

export type RawAnswers = Readonly<Record<string, unknown>>;

function sectionIndexOf(content: TemplateContent): Map<string, number> {
  const index = new Map<string, number>();
  content.sections.forEach((s, i) => s.questions.forEach((q) => index.set(q.id, i)));
  return index;
}

/** The questions of section `page` to render, given the answers so far. */
export function pageQuestions(content: TemplateContent, page: number, answers: RawAnswers): Question[] {
  const sectionOf = sectionIndexOf(content);
  const shown = new Map<string, unknown>();
  const out: Question[] = [];
  content.sections.forEach((section, si) => {
    for (const q of section.questions) {
      const sameSection = q.showIf !== undefined && si === page && sectionOf.get(q.showIf.questionId) === page;
      const visible = !q.showIf || (sameSection ? shown.has(q.showIf.questionId) : isShown(q, shown));
      if (!visible) continue;
      shown.set(q.id, answers[q.id]);
      if (si === page) out.push(q);
    }
  });
  return out;
}

/** Indexes of the sections that have something to ask, given the answers so far. */
export function pagesOf(content: TemplateContent, answers: RawAnswers): number[] {
  return content.sections.map((_, i) => i).filter((i) => pageQuestions(content, i, answers).length > 0);
}

/**
 * Whether pagesOf is final, seen from `page`: no section could still appear or
 * vanish through an answer not yet given on this page or a later one. Earlier
 * pages are settled, even where an optional answer was left blank.
 */
export function pageCountSettled(content: TemplateContent, page: number, answers: RawAnswers): boolean {
  const sectionOf = sectionIndexOf(content);
  const possible = new Set<string>();
  const possiblePages = new Set<number>();
  content.sections.forEach((section, si) => {
    for (const q of section.questions) {
      const target = q.showIf?.questionId;
      if (target !== undefined) {
        const open = sectionOf.get(target)! >= page && isEmpty(answers[target]);
        if (!possible.has(target) || (!open && !conditionMet(q.showIf!, answers[target]))) continue;
      }
      possible.add(q.id);
      possiblePages.add(si);
    }
  });
  const shown = pagesOf(content, answers);
  return shown.length === possiblePages.size && shown.every((p) => possiblePages.has(p));
}

/** The page after (or before) `page`; null past either end. */
export function neighbourPage(content: TemplateContent, page: number, answers: RawAnswers, direction: 1 | -1): number | null {
  const pages = pagesOf(content, answers);
  const found = direction === 1 ? pages.find((p) => p > page) : [...pages].reverse().find((p) => p < page);
  return found ?? null;
}

/** A posted page number, clamped to the template; anything odd means the first page. */
export function pageNumber(raw: unknown, content: TemplateContent): number {
  const n = typeof raw === 'string' && /^\d{1,3}$/.test(raw) ? Number(raw) : 0;
  return n < content.sections.length ? n : 0;
}
