/**
 * Skip logic: a question is shown only when an earlier answer meets its condition.
 * Conditions point backwards only, so one pass in template order decides every question.
 */
import { questionType } from '../questions/registry';
import { TemplateRuleError } from './rules';
import type { Question, SkipCondition, TemplateContent } from './types';

/** Every question with its path, in template order. */
export function questionsInOrder(content: TemplateContent): Array<{ question: Question; path: string }> {
  return content.sections.flatMap((s, i) => s.questions.map((question, j) => ({ question, path: `sections.${i}.questions.${j}` })));
}

/** No answer given: a condition on it is not met, and on a page still to come it may yet be. */
export const isEmpty = (answer: unknown): boolean => answer === undefined || answer === null || answer === '' || (Array.isArray(answer) && answer.length === 0);

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b);
  return String(a) === String(b);
}

/**
 * Whether `answer` meets `condition`. An unanswered target never meets it: follow-up questions
 * ask about what was said. For a multiple-choice answer, eq means "includes".
 */
export function conditionMet(condition: SkipCondition, answer: unknown): boolean {
  if (isEmpty(answer)) return false;
  const given = Array.isArray(answer) ? answer : [answer];
  const wanted = Array.isArray(condition.value) ? condition.value : [condition.value];
  const hit = given.some((a) => wanted.some((w) => same(a, w)));
  switch (condition.op) {
    case 'eq':
    case 'in':
      return hit;
    case 'ne':
      return !hit;
    case 'lte':
    case 'gte': {
      if (Array.isArray(answer)) return false;
      const w = wanted[0];
      const numeric = typeof w === 'number' || typeof answer === 'number';
      const d = numeric ? Number(answer) - Number(w) : String(answer).localeCompare(String(w));
      if (Number.isNaN(d)) return false;
      return condition.op === 'lte' ? d <= 0 : d >= 0;
    }
  }
}

/** Shown when it has no condition, or its target is shown and its answer meets the condition. */
export function isShown(question: Question, shownAnswers: ReadonlyMap<string, unknown>): boolean {
  if (!question.showIf) return true;
  const target = question.showIf.questionId;
  return shownAnswers.has(target) && conditionMet(question.showIf, shownAnswers.get(target));
}

/** The questions a respondent sees given `answers`; a question whose target is hidden is hidden too. */
export function visibleQuestions(content: TemplateContent, answers: Readonly<Record<string, unknown>>): Question[] {
  const shown = new Map<string, unknown>();
  const visible: Question[] = [];
  for (const { question } of questionsInOrder(content)) {
    if (!isShown(question, shown)) continue;
    shown.set(question.id, answers[question.id]);
    visible.push(question);
  }
  return visible;
}

/** A broken condition: the API's English, and the phrase key (templateRules.*) with its parameters. */
interface Problem {
  rule: string;
  key: string;
  params?: Record<string, string | number | Question['prompt']>;
}

/** Why `value` cannot be compared with an answer to `target`, or undefined when it can. */
function valueProblem(target: Question, condition: SkipCondition): Problem | undefined {
  const { op, value } = condition;
  if (op === 'in' && (!Array.isArray(value) || value.length === 0))
    return { rule: 'condition operator "in" needs a non-empty list of values', key: 'skipInNeedsList' };
  if (op !== 'in' && Array.isArray(value)) return { rule: `condition operator "${op}" needs a single value`, key: 'skipSingleValue' };
  const values = Array.isArray(value) ? value : [value];
  const ordered = op === 'lte' || op === 'gte';
  const rule = questionType(target.type).condition;
  if (!rule) {
    return {
      rule: `condition refers to ${target.id}, a ${target.type} question, which cannot be a condition`,
      key: 'skipTargetType',
      params: { target: target.prompt },
    };
  }
  if (ordered && !rule.ordered) {
    const noun = `${rule.noun[0]!.toUpperCase()}${rule.noun.slice(1)}`;
    return { rule: `condition operator "${op}" does not apply to a ${rule.noun} answer`, key: `skipOrdered${noun}` };
  }
  const fits = (v: string | number) => rule.fits(target, v);
  const kind = rule.kind(target);
  const bad = values.find((v) => !fits(v));
  if (bad === undefined) return undefined;
  // The phrase says what the target takes by its type (skipValue.rating …), naming it by its prompt.
  return {
    rule: `condition value ${JSON.stringify(bad)} does not fit ${target.id}, which takes ${kind}`,
    key: `skipValue.${target.type}`,
    params: { value: String(bad), target: target.prompt, scale: target.scale ?? 0 },
  };
}

/** Throws ValidationError on the first condition that refers to an unknown, later or cyclic question or misfits its type. */
export function checkConditions(content: TemplateContent): void {
  const entries = questionsInOrder(content);
  const byId = new Map(entries.map((e, index) => [e.question.id, { ...e, index }]));
  const fail = (question: Question, field: string, problem: Problem): never => {
    throw new TemplateRuleError(`question ${question.id}: ${problem.rule}`, field, problem.key, problem.params, question.prompt);
  };
  entries.forEach(({ question, path }, index) => {
    const condition = question.showIf;
    if (!condition) return;
    const field = `${path}.showIf.questionId`;
    const target = byId.get(condition.questionId);
    if (!target) return fail(question, field, { rule: `condition refers to unknown question ${condition.questionId}`, key: 'skipUnknownTarget' });
    if (target.question === question) return fail(question, field, { rule: 'condition refers to the question itself', key: 'skipSelf' });
    // Ordering alone rules cycles out; still name a cycle as such, it is the clearer diagnosis.
    const chain = [question.id];
    for (let next = condition.questionId; ;) {
      chain.push(next);
      if (next === question.id) return fail(question, field, { rule: `skip conditions form a cycle ${chain.join(' → ')}`, key: 'skipCycle' });
      const nextCondition = byId.get(next)?.question.showIf;
      if (!nextCondition || chain.length > entries.length + 1) break;
      next = nextCondition.questionId;
    }
    if (target.index > index) {
      return fail(question, field, {
        rule: `condition refers to ${target.question.id} which comes later`,
        key: 'skipLaterTarget',
        params: { target: target.question.prompt },
      });
    }
    const problem = valueProblem(target.question, condition);
    if (problem) fail(question, `${path}.showIf.value`, problem);
  });
}
