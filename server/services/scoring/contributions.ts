/**
 * What one response contributes to the scores (domain.md §3.2 and §3.9):
 * a value per indicator and the inputs of the familiar measures.
 * Pure: the caller passes only responses that count (mystery visits once approved).
 */
import { ValidationError } from '../../errors';
import type { Answers, Channel, Question, TemplateContent } from '../templates/types';
import { itemScore, scoredItems } from '../questions/registry';
import { visitScore } from './visit';

/** One response as scoring sees it. */
export interface ScoringResponse {
  content: TemplateContent;
  answers: Answers;
  /** Defaults to the template's channel. */
  channel?: Channel;
  siteId: string;
  /** Submission (or, for visits, approval) time: ISO-8601 string or Date. */
  at: string | Date;
}

export type NpsClass = 'promoter' | 'passive' | 'detractor';

export interface ResponseContribution {
  /** Indicator code → weighted mean of the response's applicable items, 0–100. */
  indicators: Record<string, number>;
  /** ACSI-style: mean of the answered 'overall' questions on 0–100. */
  overall?: number;
  /** First answered 5-point 'overall' rating is 4 or 5. */
  csatSatisfied?: boolean;
  nps?: NpsClass;
  /** The 0–10 answer behind `nps`. */
  npsRaw?: number;
  /** Mean of the answered 'effort' questions on 0–100 (as worded by the template). */
  effort?: number;
  /** Mystery channel only. */
  visitScore?: number;
  visitFailed?: boolean;
}

function questionsOf(content: TemplateContent): Question[] {
  return content.sections.flatMap((s) => s.questions);
}

function weightOf(q: Question, w: number): number {
  if (!(Number.isFinite(w) && w >= 0)) throw new ValidationError(`${q.id}: weight must be ≥ 0`, `questions.${q.id}.weight`);
  return w;
}

/** Per indicator Σ w·score / Σ w over applicable items; an indicator with Σ w = 0 does not count. */
function indicatorValues(questions: Question[], answers: Answers): Record<string, number> {
  const acc = new Map<string, { weighted: number; weights: number }>();
  for (const q of questions) {
    for (const item of scoredItems(q, answers[q.id])) {
      if (!item.indicator) continue;
      const w = weightOf(q, item.weight);
      const a = acc.get(item.indicator) ?? { weighted: 0, weights: 0 };
      a.weighted += w * item.score;
      a.weights += w;
      acc.set(item.indicator, a);
    }
  }
  const out: Record<string, number> = {};
  for (const [code, a] of acc) if (a.weights > 0) out[code] = a.weighted / a.weights;
  return out;
}

function meanOfScores(questions: Question[], answers: Answers): number | undefined {
  const scores = questions.map((q) => itemScore(q, answers[q.id])).filter((s): s is number => s !== null);
  return scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : undefined;
}

/** NPS classes on the 0–10 answer: 9–10 promoter, 7–8 passive, 0–6 detractor. */
export function npsClass(raw: number): NpsClass {
  return raw >= 9 ? 'promoter' : raw >= 7 ? 'passive' : 'detractor';
}

/** The contribution of one response; throws ValidationError on an answer its question forbids. */
export function contributionOf(response: ScoringResponse): ResponseContribution {
  const { content, answers } = response;
  const channel = response.channel ?? content.channel;
  const questions = questionsOf(content);
  const out: ResponseContribution = { indicators: indicatorValues(questions, answers) };

  const overallQs = questions.filter((q) => q.role === 'overall');
  const overall = meanOfScores(overallQs, answers);
  if (overall !== undefined) out.overall = overall;
  // CSAT is defined on a 5-point question only (domain.md §3.9): the first one answered decides.
  const csatQ = overallQs.find((q) => q.type === 'rating' && q.scale === 5 && itemScore(q, answers[q.id]) !== null);
  if (csatQ) out.csatSatisfied = (itemScore(csatQ, answers[csatQ.id]) as number) >= 75; // 4 → 75, 5 → 100

  const npsQ = questions.find((q) => q.role === 'recommend' && q.type === 'nps' && itemScore(q, answers[q.id]) !== null);
  if (npsQ) {
    out.npsRaw = (itemScore(npsQ, answers[npsQ.id]) as number) / 10;
    out.nps = npsClass(out.npsRaw);
  }

  const effort = meanOfScores(
    questions.filter((q) => q.role === 'effort'),
    answers,
  );
  if (effort !== undefined) out.effort = effort;

  if (channel === 'mystery') {
    const visit = visitScore(content, answers);
    if (visit.score !== undefined) out.visitScore = visit.score;
    out.visitFailed = visit.failed;
  }
  return out;
}
