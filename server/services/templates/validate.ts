/**
 * validateTemplate: shape (schema.ts), then the rules between fields, then skip logic.
 * Every failure is a ValidationError whose field is the path of the offending value.
 */
import type { ZodIssue } from 'zod';
import { ValidationError } from '../../errors';
import { catalogues as shippedCatalogues, catalogueKey } from '../catalogues';
import { channels } from '../channels';
import type { LoadedCatalogue } from '../catalogues/types';
import { MAX_QUESTIONS, QUESTION_ID, templateContentSchema } from './schema';
import { TemplateRuleError } from './rules';
import { checkConditions, questionsInOrder } from './skipLogic';
import { allQuestionTypes, indicatorsOf, isScored, questionType } from '../questions/registry';
import type { TemplateProblem } from '../questions/questionType';
import { fieldLabel, fieldNameOf, shapeSubject } from './shapeSubjects';
import type { LocalizedText, Question, TemplateContent } from './types';

export { visibleQuestions } from './skipLogic';
export { isScored };

type Bad = (field: string, rule: string, key: string, params?: Record<string, string | number>) => never;

/** A template-wide rule: English for the API, its phrase key for the page language. */
const templateBad: Bad = (field, rule, key, params = {}) => {
  throw new TemplateRuleError(`template: ${rule}`, field, key, params);
};
/** A section's rule, naming the section by its title in the page language. */
const sectionBad =
  (section: { id: string; title: LocalizedText }): Bad =>
  (field, rule, key, params = {}) => {
    throw new TemplateRuleError(`section ${section.id}: ${rule}`, field, key, params, section.title, 'section');
  };

/** Indicator codes the template's questions map to, in order of first use. */
export function templateIndicators(content: TemplateContent): string[] {
  const codes = questionsInOrder(content).flatMap(({ question }) => indicatorsOf(question).flatMap(({ code }) => (code ? [code] : [])));
  return [...new Set(codes)];
}

/** Fields that only make sense on some question types: field → the types whose modules declare it. */
function typesUsing(): Map<string, string[]> {
  const using = new Map<string, string[]>();
  for (const m of allQuestionTypes()) for (const key of Object.keys(m.schema)) using.set(key, [...(using.get(key) ?? []), m.type]);
  return using;
}
let onlyOn: Map<string, string[]> | undefined;
/** CSAT and the ACSI-style index read 'overall' ratings, NPS reads 'recommend', CES reads 'effort'. */
const ROLE_TYPE = { overall: 'rating', recommend: 'nps', effort: 'rating' } as const;

/** Both languages present: the failure names the rule by key (missingZh / missingEn) and what lacks the text. */
function checkQuestionText(text: LocalizedText | undefined, bad: Bad, field: string, what: string): void {
  if (!text) return;
  if (!text['zh-CN'].trim()) bad(`${field}.zh-CN`, `${what} lacks a Chinese (zh-CN) text`, 'missingZh', { what });
  if (!text.en.trim()) bad(`${field}.en`, `${what} lacks an English translation`, 'missingEn', { what });
}

function shapeError(raw: unknown, issue: ZodIssue): ValidationError {
  const subject = shapeSubject(raw, issue.path);
  const error = (message: string, field: string, key: string, fieldName: string) =>
    new TemplateRuleError(`${subject.english}: ${message}`, field, key, { field: fieldLabel(fieldName) }, subject.text, subject.kind);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    return error(`unknown field "${key}"`, [...issue.path, key].join('.'), 'shapeUnknownField', key);
  }
  const field = issue.path.join('.');
  const name = issue.path.length ? String(issue.path[issue.path.length - 1]) : 'template';
  const missing = issue.code === 'invalid_type' && issue.received === 'undefined';
  return error(missing ? `${name} is required` : `${name}: ${issue.message}`, field, missing ? 'shapeRequired' : 'shapeInvalid', fieldNameOf(issue.path));
}

/** A scored question's indicator exists in the template's catalogue, is an indicator, and customers can evidence it. */
function checkIndicator(
  code: string | undefined,
  field: string,
  q: Question,
  content: TemplateContent,
  catalogue: LoadedCatalogue,
  bad: TemplateProblem,
): void {
  if (!code) return bad(field, `a scored ${q.type} question must name an indicator`, 'needsIndicator');
  const node = catalogue.byCode.get(code);
  const key = catalogueKey(catalogue.code, catalogue.version);
  if (!node) return bad(field, `indicator "${code}" does not exist in ${key}`, 'unknownIndicator', { code, catalogue: key });
  if (node.kind !== 'indicator') bad(field, `"${code}" is ${node.kind === 'item' ? 'an item' : 'a level'}, not an indicator`, 'notAnIndicator', { code });
  // The channel module says which evidence kinds its responses supply (services/channels).
  if (!channels.canEvidence(content.channel, node)) {
    const siteOnly = !node.evidence?.includes('perceived');
    const rule = siteOnly
      ? `indicator "${code}" is evidenced on site only; a question cannot evidence it`
      : `indicator "${code}" cannot be evidenced by ${content.channel} responses`;
    bad(field, rule, siteOnly ? 'siteOnlyIndicator' : 'channelCannotEvidence', { code });
  }
}

function checkQuestion(q: Question, path: string, content: TemplateContent, catalogue: LoadedCatalogue, seen: Set<string>): void {
  const subject = `question ${q.id}`;
  // English message for the API; rule key and prompt so the builder can say it in the page language.
  const bad: TemplateProblem = (field, rule, key, params = {}) => {
    throw new TemplateRuleError(`${subject}: ${rule}`, field, key, params, q.prompt);
  };
  if (!QUESTION_ID.test(q.id)) {
    bad(`${path}.id`, 'id must be a lower-case letter then up to 39 lower-case letters, digits or underscores', 'idPattern');
  }
  if (seen.has(q.id)) bad(`${path}.id`, 'id is used by an earlier question', 'idRepeats');
  seen.add(q.id);

  checkQuestionText(q.prompt, bad, `${path}.prompt`, 'prompt');
  checkQuestionText(q.help, bad, `${path}.help`, 'help');
  q.scaleLabels?.forEach((l, i) => checkQuestionText(l, bad, `${path}.scaleLabels.${i}`, `scale label ${i + 1}`));
  q.options?.forEach((o, i) => checkQuestionText(o.label, bad, `${path}.options.${i}.label`, `option "${o.value}" label`));

  for (const [key, types] of (onlyOn ??= typesUsing())) {
    if ((q as unknown as Record<string, unknown>)[key] !== undefined && !types.includes(q.type)) {
      bad(`${path}.${key}`, `${key} applies only to ${types.join(' and ')} questions, not ${q.type}`, 'fieldNotForType', { key });
    }
  }
  questionType(q.type).checkTemplate?.(q, (field, rule, key, params) => bad(`${path}.${field}`, rule, key, params), content);

  if (isScored(q)) {
    for (const { code, field } of indicatorsOf(q)) checkIndicator(code, `${path}.${field}`, q, content, catalogue, bad);
    if (q.weight !== undefined && !(q.weight > 0 && q.weight <= 10)) bad(`${path}.weight`, 'weight must be above 0 and at most 10', 'weightRange');
    if (!channels.scoresType(content.channel, q.type)) {
      bad(`${path}.type`, 'scored questions of a mystery visit are checklist items', 'mysteryScoredChecklist');
    }
  } else {
    if (q.indicator !== undefined) bad(`${path}.indicator`, `a ${q.type} question is not scored and must not name an indicator`, 'unscoredIndicator');
    if (q.weight !== undefined) bad(`${path}.weight`, `a ${q.type} question is not scored and takes no weight`, 'unscoredWeight');
  }
  if (q.role && ROLE_TYPE[q.role] !== q.type) {
    bad(`${path}.role`, `role ${q.role} belongs on ${ROLE_TYPE[q.role]} questions, not ${q.type}`, 'roleType', { role: q.role, type: ROLE_TYPE[q.role] });
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

  checkQuestionText(content.name, templateBad, 'name', 'name');
  checkQuestionText(content.description, templateBad, 'description', 'description');
  const key = catalogueKey(content.catalogue.code, content.catalogue.version);
  const catalogue = catalogues.get(key);
  if (!catalogue) templateBad('catalogue', `catalogue ${key} does not exist`, 'catalogueMissing');
  if (content.criticalFailure !== undefined && !channels.allows(content.channel, 'criticalFailure')) {
    templateBad('criticalFailure', 'criticalFailure applies to mystery-visit templates only', 'criticalFailureMysteryOnly');
  }

  const count = content.sections.reduce((n, s) => n + s.questions.length, 0);
  if (count === 0) templateBad('sections', 'has no questions', 'templateNoQuestions');
  if (count > MAX_QUESTIONS) templateBad('sections', `has ${count} questions, at most ${MAX_QUESTIONS}`, 'tooManyQuestions', { count, max: MAX_QUESTIONS });

  const sectionIds = new Set<string>();
  const questionIds = new Set<string>();
  let recommend = 0;
  content.sections.forEach((section, i) => {
    const bad = sectionBad(section);
    if (!QUESTION_ID.test(section.id)) bad(`sections.${i}.id`, 'id must be a lower-case letter then letters, digits or underscores', 'sectionIdPattern');
    if (sectionIds.has(section.id)) bad(`sections.${i}.id`, 'id is used by an earlier section', 'sectionIdRepeats');
    sectionIds.add(section.id);
    checkQuestionText(section.title, bad, `sections.${i}.title`, 'title');
    if (section.questions.length === 0) bad(`sections.${i}.questions`, 'has no questions', 'sectionNoQuestions');
    if (section.weight !== undefined) {
      if (!channels.allows(content.channel, 'sectionWeights'))
        bad(`sections.${i}.weight`, 'section weights apply to mystery-visit templates only', 'sectionWeightMysteryOnly');
      if (!(section.weight > 0 && section.weight <= 10)) bad(`sections.${i}.weight`, 'weight must be above 0 and at most 10', 'weightRange');
    }
    section.questions.forEach((q, j) => {
      const path = `sections.${i}.questions.${j}`;
      checkQuestion(q, path, content, catalogue!, questionIds);
      // NPS is one question's distribution; two would make it ambiguous.
      if (q.role === 'recommend' && ++recommend > 1) {
        throw new TemplateRuleError(`question ${q.id}: only one question may have role recommend`, `${path}.role`, 'oneRecommend', {}, q.prompt);
      }
    });
  });
  checkConditions(content);
  return content;
}
