/**
 * The shipped language data of comment analysis, read once from surveys/topics/:
 * the default topic set, the sentiment lexicon and the after-sales dictionary
 * that teaches the segmenter our words (上门费, 放鸽子, 回访电话 …).
 */
import fs from 'node:fs';
import path from 'node:path';
import { surveysDir } from '../../paths';

export interface TopicDefinition {
  code: string;
  zh: string;
  en: string;
  keywords: string[];
}

export interface SentimentLexicon {
  positive: string[];
  negative: string[];
  /** Words that lean negative in after-sales comments (才, 又, 要等): a weaker −0.6. */
  mildNegative: string[];
  /** What the service should have done (来, 带, 说, 收拾): neutral alone, a complaint when negated (「没带」). */
  omissions: string[];
  lukewarm: string[];
  negators: string[];
  degrees: Record<string, number>;
  contrasts: string[];
  concessions: string[];
  suggestions: string[];
}

const topicsDir = path.join(surveysDir, 'topics');
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(topicsDir, file), 'utf8')) as T;

let defaults: TopicDefinition[] | null = null;
let lexicon: SentimentLexicon | null = null;

/** A fresh copy of the default topics, safe to change. */
export function defaultTopics(): TopicDefinition[] {
  defaults ??= readJson<{ topics: TopicDefinition[] }>('after-sales-topics.json').topics;
  return defaults.map((t) => ({ ...t, keywords: [...t.keywords] }));
}

export function sentimentLexicon(): SentimentLexicon {
  lexicon ??= readJson<SentimentLexicon>('sentiment-lexicon.json');
  return lexicon;
}

/** The after-sales words in jieba's dictionary format ("word freq tag" per line). */
export function domainDictionary(): string {
  return fs.readFileSync(path.join(topicsDir, 'after-sales-dict.txt'), 'utf8');
}
