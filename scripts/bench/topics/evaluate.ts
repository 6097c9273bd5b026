/**
 * Precision and recall of the topic and sentiment method on the labelled
 * comments (test/fixtures/comments/labelled-comments.json). The set is split
 * by id into a development half (even numbers), the one looked at while the
 * lexicon was tuned, and a held-out half (odd numbers), which was not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../server/paths';
import { analyzeUncached, topicMatcher, topicsOf } from '../../../server/services/topics/analyze';
import { defaultTopics } from '../../../server/services/topics/lexicon';
import { SENTIMENTS, type Sentiment } from '../../../server/services/topics/sentiment';

export interface LabelledComment {
  id: string;
  lang: 'zh' | 'en';
  text: string;
  topics: string[];
  sentiment: Sentiment;
}

export interface Score {
  label: string;
  support: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface Evaluation {
  comments: number;
  topics: Score[];
  topicsMicro: Score;
  sentiment: Score[];
  sentimentAccuracy: number;
  misses: Array<{ id: string; text: string; gold: string; got: string }>;
}

export const LABELLED_PATH = path.join(repoRoot, 'test', 'fixtures', 'comments', 'labelled-comments.json');

export function labelledComments(): LabelledComment[] {
  return JSON.parse(fs.readFileSync(LABELLED_PATH, 'utf8')) as LabelledComment[];
}

export const isHeldOut = (c: LabelledComment) => Number(c.id.slice(1)) % 2 === 1;

function score(label: string, tp: number, fp: number, fn: number): Score {
  const precision = tp + fp ? tp / (tp + fp) : null;
  const recall = tp + fn ? tp / (tp + fn) : null;
  const f1 = precision !== null && recall !== null && precision + recall ? (2 * precision * recall) / (precision + recall) : null;
  return { label, support: tp + fn, precision, recall, f1 };
}

export function evaluate(comments: LabelledComment[]): Evaluation {
  const matcher = topicMatcher(defaultTopics());
  const counts = new Map(matcher.codes.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  const senti = new Map(SENTIMENTS.map((s) => [s, { tp: 0, fp: 0, fn: 0 }]));
  let correct = 0;
  const misses: Evaluation['misses'] = [];
  for (const c of comments) {
    const analysis = analyzeUncached(c.text);
    const got = new Set(topicsOf(analysis, matcher));
    for (const code of matcher.codes) {
      const k = counts.get(code)!;
      const inGold = c.topics.includes(code);
      if (got.has(code) && inGold) k.tp++;
      else if (got.has(code)) k.fp++;
      else if (inGold) k.fn++;
    }
    if (analysis.sentiment === c.sentiment) {
      correct++;
      senti.get(c.sentiment)!.tp++;
    } else {
      senti.get(analysis.sentiment)!.fp++;
      senti.get(c.sentiment)!.fn++;
    }
    const goldTopics = [...c.topics].sort().join(',');
    const gotTopics = [...got].sort().join(',');
    if (goldTopics !== gotTopics || analysis.sentiment !== c.sentiment)
      misses.push({ id: c.id, text: c.text, gold: `${c.sentiment} [${goldTopics}]`, got: `${analysis.sentiment} [${gotTopics}] ${analysis.score}` });
  }
  const all = [...counts.values()].reduce((a, k) => ({ tp: a.tp + k.tp, fp: a.fp + k.fp, fn: a.fn + k.fn }), { tp: 0, fp: 0, fn: 0 });
  return {
    comments: comments.length,
    topics: [...counts].map(([code, k]) => score(code, k.tp, k.fp, k.fn)),
    topicsMicro: score('all topics (micro)', all.tp, all.fp, all.fn),
    sentiment: [...senti].map(([s, k]) => score(s, k.tp, k.fp, k.fn)),
    sentimentAccuracy: comments.length ? correct / comments.length : 0,
    misses,
  };
}
