/**
 * Sentiment of one comment from its clauses, by lexicon with negation scope
 * and degree words (the method the README states):
 * - a polar word scores +1 or −1 (longest match first, up to three tokens, so
 *   "on time" is one phrase); words that lean negative here (才, 又, 要等)
 *   −0.6; a token that fuses a negator or a degree word to a polar word
 *   (jieba may keep 「不贵」 or 「太慢」 whole) counts as the two;
 * - a negator (不, 没有, 不算, not, didn't …) within the three tokens before a
 *   polar word turns it, at 0.8 of its weight (「不太好」 is milder than 「差」);
 *   two negators cancel (「没有不满意」); a negated omission (「没带」, 「也不收拾」)
 *   is a complaint though the verb alone says nothing;
 * - a degree word before it (很, 太, 有点, very, a bit …) scales it;
 * - the part after a contrast (但是, 不过, 就是, but …) weighs 1.5, the part
 *   before it and a concession (虽然 …) 0.5; a suggestion (希望, 建议, please)
 *   0.2; a lukewarm word (一般, 还行) halves the total.
 * The total above +0.25 is positive, below −0.25 negative, else neutral.
 */
import { sentimentLexicon } from './lexicon';

export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

const NEGATION_REACH = 3;
const THRESHOLD = 0.25;
const FUSED_NEGATORS = ['没有', '不', '没'];
const FUSED_DEGREES = ['很', '太', '挺', '真', '超', '好'];

interface Compiled {
  polarity: Map<string, number>;
  omissions: Set<string>;
  lukewarm: Set<string>;
  negators: Set<string>;
  degrees: Map<string, number>;
  contrasts: Set<string>;
  concessions: Set<string>;
  suggestions: string[];
}

let compiled: Compiled | null = null;

function lexicon(): Compiled {
  if (compiled) return compiled;
  const lex = sentimentLexicon();
  const polarity = new Map<string, number>();
  for (const w of lex.positive) polarity.set(w, 1);
  for (const w of lex.negative) polarity.set(w, -1);
  for (const w of lex.mildNegative) polarity.set(w, -0.6);
  compiled = {
    polarity,
    omissions: new Set(lex.omissions),
    lukewarm: new Set(lex.lukewarm),
    negators: new Set(lex.negators),
    degrees: new Map(Object.entries(lex.degrees)),
    contrasts: new Set(lex.contrasts),
    concessions: new Set(lex.concessions),
    suggestions: lex.suggestions,
  };
  return compiled;
}

const isLatin = (token: string) => /^[a-z]/.test(token);
const join = (tokens: string[]) => tokens.join(tokens.some(isLatin) ? ' ' : '');

/** The polar phrase starting at i (longest first) and its length; fused negators and degree words are unpacked. */
function polarAt(lex: Compiled, tokens: string[], i: number): { value: number; length: number } | null {
  for (let len = Math.min(3, tokens.length - i); len >= 1; len--) {
    const value = lex.polarity.get(join(tokens.slice(i, i + len)));
    if (value !== undefined) return { value, length: len };
  }
  const token = tokens[i]!;
  if (isLatin(token) || token.length < 2) return null;
  for (const neg of FUSED_NEGATORS) {
    const value = token.startsWith(neg) ? lex.polarity.get(token.slice(neg.length)) : undefined;
    if (value) return { value: -0.8 * value, length: 1 };
  }
  for (const deg of FUSED_DEGREES) {
    const value = token.startsWith(deg) ? lex.polarity.get(token.slice(deg.length)) : undefined;
    if (value) return { value: value * (lex.degrees.get(deg) ?? 1.3), length: 1 };
  }
  // A longer word opening with a polar one (「耽误时间」 → 耽误).
  const head = token.length >= 3 ? lex.polarity.get(token.slice(0, 2)) : undefined;
  return head ? { value: head, length: 1 } : null;
}

/** One stretch of tokens: its score, and whether it says 一般 or the like. */
function stretchScore(lex: Compiled, tokens: readonly string[]): { score: number; lukewarm: boolean } {
  let score = 0;
  let lukewarm = false;
  let negations = 0;
  let sinceNegator = Infinity;
  let degree = 1;
  const list = [...tokens];
  for (let i = 0; i < list.length;) {
    const token = list[i]!;
    if (lex.lukewarm.has(token) || (i + 1 < list.length && lex.lukewarm.has(token + list[i + 1]))) lukewarm = true;
    const negated = negations % 2 === 1 && sinceNegator <= NEGATION_REACH;
    const polar = polarAt(lex, list, i);
    if (polar || (negated && lex.omissions.has(token))) {
      const value = polar ? polar.value : 1;
      score += (negated ? -0.8 : 1) * value * degree;
      negations = 0;
      degree = 1;
      sinceNegator = Infinity;
      i += polar?.length ?? 1;
      continue;
    }
    if (lex.negators.has(token)) {
      negations = sinceNegator <= NEGATION_REACH ? negations + 1 : 1;
      sinceNegator = 0;
    } else if (lex.degrees.has(token)) {
      degree *= lex.degrees.get(token)!;
    }
    sinceNegator++;
    i++;
  }
  return { score, lukewarm };
}

/** Each clause's stretches with their weights: contrast, concession and suggestion shift them. */
function weightedStretches(lex: Compiled, clauses: string[][]): Array<[string[], number]> {
  const out: Array<[string[], number]> = [];
  for (const tokens of clauses) {
    let weight = 1;
    if (lex.concessions.has(tokens[0]!)) weight *= 0.5;
    const text = join(tokens);
    if (lex.suggestions.some((s) => text.includes(s))) weight *= 0.2;
    const contrastAt = tokens.findIndex((t) => lex.contrasts.has(t));
    if (contrastAt === 0 && out.length) {
      // A clause opening with 但是 answers the clause before it.
      out[out.length - 1]![1] *= 0.5;
      out.push([tokens.slice(1), weight * 1.5]);
    } else if (contrastAt > 0) {
      out.push([tokens.slice(0, contrastAt), weight * 0.5], [tokens.slice(contrastAt + 1), weight * 1.5]);
    } else {
      out.push([contrastAt === 0 ? tokens.slice(1) : tokens, weight]);
    }
  }
  return out;
}

export function sentimentOfClauses(clauses: string[][]): { sentiment: Sentiment; score: number } {
  const lex = lexicon();
  let total = 0;
  let lukewarm = false;
  for (const [tokens, weight] of weightedStretches(lex, clauses)) {
    const s = stretchScore(lex, tokens);
    total += s.score * weight;
    lukewarm ||= s.lukewarm;
  }
  if (lukewarm) total *= 0.5;
  const sentiment: Sentiment = total > THRESHOLD ? 'positive' : total < -THRESHOLD ? 'negative' : 'neutral';
  return { sentiment, score: Math.round(total * 100) / 100 };
}
