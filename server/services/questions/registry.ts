/**
 * The question types by name. Scoring, answer checks, template rules, forms, words,
 * skip logic, exports and the builder ask here. The types are found, not listed: every
 * module under types/ (a file, or a folder with index and its form partial) is one type,
 * so adding a type touches its own module, its messages and its tests, nothing else.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../../errors';
import { repoRoot } from '../../paths';
import type { AnswerValue, Question, QuestionType } from '../templates/types';
import { AnswerProblem, type IndicatorRef, type QuestionTypeModule, type ScoredItem } from './questionType';

const TYPES_DIR = path.join(__dirname, 'types');
/** Form partials stay in the source tree (the compiler copies no .hbs), read there by tests and dist alike. */
const TYPES_SOURCE_DIR = path.join(repoRoot, 'server', 'services', 'questions', 'types');
/** .ts under ts-jest and ts-node, .js once compiled. */
const CODE = path.extname(__filename);

/** Each module's default export, from `<type>.ts` or `<type>/index.ts`; a repeated type name is a start-up error. */
function discover(): QuestionTypeModule[] {
  const entries = fs.readdirSync(TYPES_DIR, { withFileTypes: true });
  const folders = entries.filter((e) => e.isDirectory() && fs.existsSync(path.join(TYPES_DIR, e.name, `index${CODE}`))).map((e) => e.name);
  const singles = entries.filter((e) => e.isFile() && e.name.endsWith(CODE) && !e.name.endsWith(`.d${CODE}`)).map((e) => e.name.slice(0, -CODE.length));
  // Left over from a build before the type moved into its folder: which one is meant cannot be told.
  const both = singles.find((name) => folders.includes(name));
  if (both)
    throw new Error(`question type "${both}" is both ${both}${CODE} and ${both}/ under ${TYPES_DIR}; remove the stale one (npm run build starts afresh)`);
  const files = [...singles.map((name) => path.join(TYPES_DIR, `${name}${CODE}`)), ...folders.map((name) => path.join(TYPES_DIR, name, `index${CODE}`))];
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the types are found at start-up, not imported by name
  const modules = files.map((file) => (require(file) as { default?: QuestionTypeModule }).default);
  const seen = new Set<string>();
  return modules
    .map((m, i) => {
      if (!m || typeof m.type !== 'string') throw new Error(`${files[i]} has no question type as its default export`);
      if (seen.has(m.type)) throw new Error(`question type "${m.type}" is defined twice (${files[i]})`);
      seen.add(m.type);
      return m;
    })
    .sort((a, b) => a.builder.position - b.builder.position);
}

const MODULES: readonly QuestionTypeModule[] = discover();

const byType = new Map(MODULES.map((m) => [m.type, m]));

/** [partial name, file] of each type folder's form partial (`types/<type>/form.hbs` is `questionTypes/<type>`). */
export function questionFormPartials(): Array<[string, string]> {
  return fs
    .readdirSync(TYPES_SOURCE_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(TYPES_SOURCE_DIR, e.name, 'form.hbs')))
    .map((e) => [`questionTypes/${e.name}`, path.join(TYPES_SOURCE_DIR, e.name, 'form.hbs')]);
}

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
export function indicatorsOf(q: Question): IndicatorRef[] {
  return questionType(q.type).indicatorsOf?.(q) ?? [{ code: q.indicator, field: 'indicator' }];
}

/** What the template builder needs of every type, in the order it offers them. */
export const builderSpecs = () => MODULES.map((m) => ({ type: m.type, ...m.builder }));
