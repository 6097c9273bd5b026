/**
 * validateTemplate: shape (schema.ts), then the rules between fields, then skip logic.
 * Every failure is a ValidationError whose field is the path of the offending value.
 */
import type { ZodIssue } from 'zod';
import { ValidationError } from '../../errors';
import { catalogues as shippedCatalogues, catalogueKey } from '../catalogues';
import type { LoadedCatalogue } from '../catalogues/types';
import { MAX_QUESTIONS, QUESTION_ID, templateContentSchema } from './schema';
import { checkConditions, questionsInOrder } from './skipLogic';
import type { LocalizedText, Question, QuestionType, TemplateContent } from './types';

export { visibleQuestions } from './skipLogic';

const fail = (subject: string, field: string, rule: string): never => {
  throw new ValidationError(`${subject}: ${rule}`, field);
};

/** Rated, NPS and checklist answers always score; a single choice scores when its options carry scores. */
export function isScored(question: Question): boolean {
  if (question.type === 'rating' || question.type === 'nps' || question.type === 'checklist') return true;
  return question.type === 'single' && (question.options ?? []).some((o) => o.score !== undefined);
}

/** Indicator codes the template's questions map to, in order of first use. */
export function templateIndicators(content: TemplateContent): string[] {
  const codes = questionsInOrder(content).flatMap(({ question }) => (question.indicator ? [question.indicator] : []));
  return [...new Set(codes)];
}

/** Fields that only make sense on some question types. */
const ONLY_ON: Array<[keyof Question, QuestionType[]]> = [
  ['scale', ['rating']],
  ['scaleLabels', ['rating']],
  ['critical', ['checklist']],
  ['allowNa', ['checklist']],
  ['options', ['single', 'multiple']],
  ['min', ['number']],
  ['max', ['number']],
];
/** CSAT and the ACSI-style index read 'overall' ratings, NPS reads 'recommend', CES reads 'effort'. */
const ROLE_TYPE = { overall: 'rating', recommend: 'nps', effort: 'rating' } as const;

function checkText(text: LocalizedText | undefined, subject: string, field: string, what: string): void {
  if (!text) return;
  if (!text['zh-CN'].trim()) fail(subject, `${field}.zh-CN`, `${what} lacks a Chinese (zh-CN) text`);
  if (!text.en.trim()) fail(subject, `${field}.en`, `${what} lacks an English translation`);
}

/** Names what a zod issue is about: the question id when the path is inside a question. */
function subjectOf(raw: unknown, path: Array<string | number>): string {
  if (path[0] !== 'sections' || typeof path[1] !== 'number') return 'template';
  const section = (raw as { sections?: Array<{ id?: unknown; questions?: Array<{ id?: unknown }> }> }).sections?.[path[1]];
  if (path[2] === 'questions' && typeof path[3] === 'number') {
    const id = section?.questions?.[path[3]]?.id;
    return typeof id === 'string' ? `question ${id}` : `question ${path[3] + 1} of section ${path[1] + 1}`;
  }
  return typeof section?.id === 'string' ? `section ${section.id}` : `section ${path[1] + 1}`;
}

function shapeError(raw: unknown, issue: ZodIssue): ValidationError {
  const subject = subjectOf(raw, issue.path);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    return new ValidationError(`${subject}: unknown field "${key}"`, [...issue.path, key].join('.'));
  }
  const field = issue.path.join('.');
  const name = issue.path.length ? String(issue.path[issue.path.length - 1]) : 'template';
  const rule = issue.code === 'invalid_type' && issue.received === 'undefined' ? `${name} is required` : `${name}: ${issue.message}`;
  return new ValidationError(`${subject}: ${rule}`, field);
}

function checkQuestion(q: Question, path: string, content: TemplateContent, catalogue: LoadedCatalogue, seen: Set<string>): void {
  const subject = `question ${q.id}`;
  if (!QUESTION_ID.test(q.id)) {
    fail(subject, `${path}.id`, 'id must be a lower-case letter then up to 39 lower-case letters, digits or underscores');
  }
  if (seen.has(q.id)) fail(subject, `${path}.id`, 'id is used by an earlier question');
  seen.add(q.id);

  checkText(q.prompt, subject, `${path}.prompt`, 'prompt');
  checkText(q.help, subject, `${path}.help`, 'help');
  q.scaleLabels?.forEach((l, i) => checkText(l, subject, `${path}.scaleLabels.${i}`, `scale label ${i + 1}`));
  q.options?.forEach((o, i) => checkText(o.label, subject, `${path}.options.${i}.label`, `option "${o.value}" label`));

  for (const [key, types] of ONLY_ON) {
    if (q[key] !== undefined && !types.includes(q.type)) {
      fail(subject, `${path}.${key}`, `${key} applies only to ${types.join(' and ')} questions, not ${q.type}`);
    }
  }
  if (q.type === 'photo' && content.channel !== 'mystery') {
    fail(subject, `${path}.type`, 'photo questions belong to mystery-visit templates only');
  }
  if (q.type === 'rating') {
    if (q.scale === undefined || q.scale < 2 || q.scale > 11) fail(subject, `${path}.scale`, 'a rating needs a scale of 2 to 11 points');
    const n = q.scaleLabels?.length;
    if (n !== undefined && n !== 2 && n !== q.scale) {
      fail(subject, `${path}.scaleLabels`, `give 2 scale labels (lowest, highest) or one per point (${q.scale})`);
    }
  }
  if (q.type === 'single' || q.type === 'multiple') {
    const options = q.options ?? [];
    if (options.length < 2) fail(subject, `${path}.options`, `a ${q.type} question needs at least 2 options`);
    const values = new Set<string>();
    options.forEach((o, i) => {
      if (values.has(o.value)) fail(subject, `${path}.options.${i}.value`, `option value "${o.value}" repeats`);
      values.add(o.value);
    });
    const scored = options.filter((o) => o.score !== undefined).length;
    if (q.type === 'multiple' && scored > 0) fail(subject, `${path}.options`, 'multiple-choice options are not scored');
    if (scored > 0 && scored < options.length) fail(subject, `${path}.options`, 'score either every option or none');
  }
  if (q.min !== undefined && q.max !== undefined && q.min > q.max) fail(subject, `${path}.min`, 'min is above max');

  if (isScored(q)) {
    if (!q.indicator) return fail(subject, `${path}.indicator`, `a scored ${q.type} question must name an indicator`);
    const node = catalogue.byCode.get(q.indicator);
    const key = catalogueKey(catalogue.code, catalogue.version);
    if (!node) fail(subject, `${path}.indicator`, `indicator "${q.indicator}" does not exist in ${key}`);
    if (node!.kind !== 'indicator')
      fail(subject, `${path}.indicator`, `"${q.indicator}" is ${node!.kind === 'item' ? 'an item' : 'a level'}, not an indicator`);
    if (!node!.evidence?.includes('perceived')) {
      fail(subject, `${path}.indicator`, `indicator "${q.indicator}" is evidenced on site only; a question cannot evidence it`);
    }
    if (q.weight !== undefined && !(q.weight > 0 && q.weight <= 10)) fail(subject, `${path}.weight`, 'weight must be above 0 and at most 10');
    if (content.channel === 'mystery' && q.type !== 'checklist') {
      fail(subject, `${path}.type`, 'scored questions of a mystery visit are checklist items');
    }
  } else {
    if (q.indicator !== undefined) fail(subject, `${path}.indicator`, `a ${q.type} question is not scored and must not name an indicator`);
    if (q.weight !== undefined) fail(subject, `${path}.weight`, `a ${q.type} question is not scored and takes no weight`);
  }
  if (q.role && ROLE_TYPE[q.role] !== q.type) {
    fail(subject, `${path}.role`, `role ${q.role} belongs on ${ROLE_TYPE[q.role]} questions, not ${q.type}`);
  }
}

/**
 * The template as TemplateContent, or a ValidationError naming the first broken rule.
 * `catalogues` maps "code@version" to catalogues; the shipped ones by default.
 */
export function validateTemplate(raw: unknown, catalogues: ReadonlyMap<string, LoadedCatalogue> = shippedCatalogues()): TemplateContent {
  const parsed = templateContentSchema.safeParse(raw);
  if (!parsed.success) throw shapeError(raw, parsed.error.issues[0]!);
  const content = parsed.data;

  checkText(content.name, 'template', 'name', 'name');
  checkText(content.description, 'template', 'description', 'description');
  const key = catalogueKey(content.catalogue.code, content.catalogue.version);
  const catalogue = catalogues.get(key);
  if (!catalogue) fail('template', 'catalogue', `catalogue ${key} does not exist`);
  if (content.criticalFailure !== undefined && content.channel !== 'mystery') {
    fail('template', 'criticalFailure', 'criticalFailure applies to mystery-visit templates only');
  }

  const count = content.sections.reduce((n, s) => n + s.questions.length, 0);
  if (count === 0) fail('template', 'sections', 'has no questions');
  if (count > MAX_QUESTIONS) fail('template', 'sections', `has ${count} questions, at most ${MAX_QUESTIONS}`);

  const sectionIds = new Set<string>();
  const questionIds = new Set<string>();
  let recommend = 0;
  content.sections.forEach((section, i) => {
    const subject = `section ${section.id}`;
    if (!QUESTION_ID.test(section.id)) fail(subject, `sections.${i}.id`, 'id must be a lower-case letter then letters, digits or underscores');
    if (sectionIds.has(section.id)) fail(subject, `sections.${i}.id`, 'id is used by an earlier section');
    sectionIds.add(section.id);
    checkText(section.title, subject, `sections.${i}.title`, 'title');
    if (section.questions.length === 0) fail(subject, `sections.${i}.questions`, 'has no questions');
    if (section.weight !== undefined) {
      if (content.channel !== 'mystery') fail(subject, `sections.${i}.weight`, 'section weights apply to mystery-visit templates only');
      if (!(section.weight > 0 && section.weight <= 10)) fail(subject, `sections.${i}.weight`, 'weight must be above 0 and at most 10');
    }
    section.questions.forEach((q, j) => {
      const path = `sections.${i}.questions.${j}`;
      checkQuestion(q, path, content, catalogue!, questionIds);
      // NPS is one question's distribution; two would make it ambiguous.
      if (q.role === 'recommend' && ++recommend > 1) fail(`question ${q.id}`, `${path}.role`, 'only one question may have role recommend');
    });
  });
  checkConditions(content);
  return content;
}
