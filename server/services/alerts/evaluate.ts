/**
 * Which alert rules a counted response sets off. Pure: the caller passes the
 * rules, the frozen template version and the stored response.
 */
import type { Answers, Question, TemplateContent } from '../templates/types';
import type { AlertRule, AlertRules } from './rules';

export interface TriggerDetail {
  /** lowOverall: the rating given and its scale. */
  rating?: number;
  scale?: number;
  /** lowNps: the 0–10 answer. */
  nps?: number;
  /** criticalMiss: the critical checklist items answered "no". */
  items?: string[];
}

export interface Trigger {
  rule: AlertRule;
  detail: TriggerDetail;
  /** In words, for the API and the audit log (pages translate from rule + detail). */
  reason: string;
}

interface ResponseLike {
  channel: string;
  answers: Answers;
}

const questionsOf = (content: TemplateContent): Question[] => content.sections.flatMap((s) => s.questions);

/** The first answered overall rating, compared on the share of its scale: 2 of 5 ≙ (2 − 1)/(5 − 1). */
function lowOverall(rules: AlertRules, content: TemplateContent, answers: Answers): Trigger | null {
  const q = questionsOf(content).find((x) => x.role === 'overall' && x.type === 'rating' && typeof answers[x.id] === 'number');
  if (!q) return null;
  const rating = answers[q.id] as number;
  const scale = q.scale ?? 5;
  const limit = (rules.lowOverall.maxRating - 1) / 4;
  if ((rating - 1) / (scale - 1) > limit + 1e-9) return null;
  return { rule: 'lowOverall', detail: { rating, scale }, reason: `overall rating ${rating} of ${scale} (alert at ≤ ${rules.lowOverall.maxRating} of 5)` };
}

function lowNps(rules: AlertRules, content: TemplateContent, answers: Answers): Trigger | null {
  const q = questionsOf(content).find((x) => x.type === 'nps' && typeof answers[x.id] === 'number');
  if (!q) return null;
  const nps = answers[q.id] as number;
  if (nps > rules.lowNps.maxScore) return null;
  return { rule: 'lowNps', detail: { nps }, reason: `likelihood to recommend ${nps} of 10 (alert at ≤ ${rules.lowNps.maxScore})` };
}

function criticalMiss(content: TemplateContent, answers: Answers): Trigger | null {
  const items = questionsOf(content)
    .filter((q) => q.type === 'checklist' && q.critical && answers[q.id] === 'no')
    .map((q) => q.id);
  if (!items.length) return null;
  return { rule: 'criticalMiss', detail: { items }, reason: `critical mystery item failed: ${items.join(', ')}` };
}

export function triggeredRules(rules: AlertRules, content: TemplateContent, response: ResponseLike): Trigger[] {
  const candidates = [
    rules.lowOverall.enabled ? lowOverall(rules, content, response.answers) : null,
    rules.lowNps.enabled ? lowNps(rules, content, response.answers) : null,
    rules.criticalMiss.enabled && response.channel === 'mystery' ? criticalMiss(content, response.answers) : null,
  ];
  return candidates.filter((t): t is Trigger => t !== null);
}
