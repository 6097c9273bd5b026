/**
 * Splits a comment into clauses of tokens. Chinese runs go through jieba
 * (@node-rs/jieba, its own dictionary plus our after-sales words, the default
 * topic keywords and the sentiment words, so that 「上门费」 or 「放鸽子」 stay
 * one token); Latin text is split on non-letters and lower-cased, so English
 * comments need no segmenter. Punctuation ends a clause: negation and contrast
 * never reach across it.
 */
import type * as JiebaPackage from '@node-rs/jieba';
import type * as JiebaDict from '@node-rs/jieba/dict';
import { defaultTopics, domainDictionary, sentimentLexicon } from './lexicon';

let jieba: JiebaPackage.Jieba | null = null;

/** jieba and its dictionary (about 3 MB) load with the first Chinese comment, not with every process that imports the topics code. */
function segmenter(): JiebaPackage.Jieba {
  if (jieba) return jieba;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use (above); segmenting is synchronous */
  const { Jieba } = require('@node-rs/jieba') as typeof JiebaPackage;
  const { dict } = require('@node-rs/jieba/dict') as typeof JiebaDict;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const instance = Jieba.withDict(dict);
  const lex = sentimentLexicon();
  const words = [
    ...defaultTopics().flatMap((t) => t.keywords),
    ...lex.positive,
    ...lex.negative,
    ...lex.lukewarm,
    ...lex.negators,
    ...Object.keys(lex.degrees),
  ];
  // Only Chinese words: jieba leaves Latin words whole anyway.
  const extra = [...new Set(words.filter((w) => /^[\u4e00-\u9fff]{2,}$/.test(w)))].map((w) => `${w} 1000`);
  instance.loadDict(Buffer.from(`${domainDictionary().trim()}\n${extra.join('\n')}\n`));
  jieba = instance;
  return instance;
}

const CLAUSE_BREAK = /[，,。.!！?？;；:：、\n\r~～…]+/;
const HAN_RUN = /[\u4e00-\u9fff\u3400-\u4dbf0-9]+|[a-z]+(?:[-'’][a-z]+)*|[0-9]+/g;

/** Lower-cased English words; apostrophes dropped so "didn't" is the negator "didnt". */
function latinTokens(run: string): string[] {
  return run.replace(/['’]/g, '').split('-').filter(Boolean);
}

/** One clause's tokens: Chinese words from jieba, English words as they are, numbers whole. */
function clauseTokens(clause: string): string[] {
  const tokens: string[] = [];
  for (const [run] of clause.toLowerCase().matchAll(HAN_RUN)) {
    if (/^[a-z]/.test(run)) tokens.push(...latinTokens(run));
    else
      tokens.push(
        ...segmenter()
          .cut(run, false)
          .filter((w) => w.trim()),
      );
  }
  return tokens;
}

export function clausesOf(text: string): string[][] {
  return text
    .split(CLAUSE_BREAK)
    .map(clauseTokens)
    .filter((c) => c.length > 0);
}

/** Segmentation alone, as the benchmark's baseline measures it. */
export function segmentOnly(text: string): string[] {
  return segmenter().cut(text, false);
}
