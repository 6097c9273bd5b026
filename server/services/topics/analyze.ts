/**
 * One comment's analysis (its tokens and sentiment) and the topics it
 * mentions under a topic set. The analysis does not depend on the topic set,
 * so it is cached by text (a bounded map, oldest out first): a topic edit
 * takes effect on the next page without re-tagging anything, and the pages
 * pay the segmenter once per distinct comment.
 */
import { clausesOf } from './segment';
import { sentimentOfClauses, type Sentiment } from './sentiment';
import type { TopicDefinition } from './lexicon';

export interface CommentAnalysis {
  clauses: string[][];
  sentiment: Sentiment;
  score: number;
}

export const ANALYSIS_CACHE_SIZE = 50_000;
const cache = new Map<string, CommentAnalysis>();

export function analyzeUncached(text: string): CommentAnalysis {
  const clauses = clausesOf(text);
  return { clauses, ...sentimentOfClauses(clauses) };
}

export function analyze(text: string): CommentAnalysis {
  const hit = cache.get(text);
  if (hit) {
    // Refresh its place so the busiest comments stay.
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const analysis = analyzeUncached(text);
  if (cache.size >= ANALYSIS_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(text, analysis);
  return analysis;
}

/** A topic set made ready for matching: each keyword normalised as the tokenizer sees text. */
export interface TopicMatcher {
  codes: string[];
  /** keyword → the topics listing it. */
  byKeyword: Map<string, string[]>;
  /** Chinese keywords of two or more characters, also found inside a longer token (「乱收费」 holds 「收费」). */
  inside: Array<[string, string[]]>;
  /** token → the topics of the keywords inside it, learnt as tokens are seen. */
  insideOf: Map<string, string[]>;
  longest: number;
}

/** "Follow-up  Call" → "follow up call"; Chinese keywords are left as they are. */
export function normalizeKeyword(keyword: string): string {
  return keyword
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[-\s]+/g, ' ')
    .trim();
}

export function topicMatcher(topics: readonly TopicDefinition[]): TopicMatcher {
  const byKeyword = new Map<string, string[]>();
  for (const t of topics) {
    for (const k of t.keywords.map(normalizeKeyword).filter(Boolean)) byKeyword.set(k, [...(byKeyword.get(k) ?? []), t.code]);
  }
  const inside = [...byKeyword].filter(([k]) => /^[\u4e00-\u9fff]{2,}$/.test(k));
  const longest = Math.max(1, ...[...byKeyword.keys()].map((k) => (/[a-z]/.test(k) ? k.split(' ').length : k.length)));
  return { codes: topics.map((t) => t.code), byKeyword, inside, insideOf: new Map(), longest };
}

const isLatin = (token: string) => /^[a-z]/.test(token);

function keywordsInside(matcher: TopicMatcher, token: string): string[] {
  let codes = matcher.insideOf.get(token);
  if (!codes) {
    codes = [...new Set(matcher.inside.filter(([k]) => token.length > k.length && token.includes(k)).flatMap(([, c]) => c))];
    if (matcher.insideOf.size < 100_000) matcher.insideOf.set(token, codes);
  }
  return codes;
}

/** The topics a comment mentions: a keyword equal to a run of its tokens, or a Chinese keyword inside one token. */
export function topicsOf(analysis: CommentAnalysis, matcher: TopicMatcher): string[] {
  const found = new Set<string>();
  const add = (codes: string[] | undefined) => codes?.forEach((c) => found.add(c));
  for (const tokens of analysis.clauses) {
    for (let i = 0; i < tokens.length; i++) {
      let span = '';
      for (let j = i; j < tokens.length && j - i < matcher.longest; j++) {
        const token = tokens[j]!;
        span = j === i ? token : span + (isLatin(token) ? ' ' : '') + token;
        add(matcher.byKeyword.get(span));
      }
      const token = tokens[i]!;
      if (token.length > 2 && !isLatin(token)) add(keywordsInside(matcher, token));
    }
  }
  // In the topic set's order, so pages list them alike.
  return matcher.codes.filter((c) => found.has(c));
}
