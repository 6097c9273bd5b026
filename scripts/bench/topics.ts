/**
 * Topic and sentiment benchmark:
 *   (a) precision and recall per topic and per sentiment on the labelled
 *       comments, for the whole set, its development half and its held-out half;
 *   (b) time per 10,000 comments: segmentation alone (the baseline), the full
 *       analysis (segmentation + sentiment), and topic tagging from the cache
 *       the pages use, all in this run on the same texts.
 *
 *   npm run bench:topics -- [--comments 10000] [--misses]
 */
import os from 'node:os';
import { analyze, analyzeUncached, topicMatcher, topicsOf } from '../../server/services/topics/analyze';
import { defaultTopics } from '../../server/services/topics/lexicon';
import { segmentOnly } from '../../server/services/topics/segment';
import { evaluate, isHeldOut, labelledComments, type Evaluation, type Score } from './topics/evaluate';

const arg = (name: string) => process.argv.indexOf(`--${name}`);
const n = arg('comments') >= 0 ? Number(process.argv[arg('comments') + 1]) : 10_000;
if (!Number.isSafeInteger(n) || n <= 0) throw new Error('--comments must be a positive integer');

const pct = (v: number | null) => (v === null ? '   –  ' : `${(v * 100).toFixed(1).padStart(5)}%`);
const row = (s: Score) => `  ${s.label.padEnd(20)} n=${String(s.support).padStart(3)}  P ${pct(s.precision)}  R ${pct(s.recall)}  F1 ${pct(s.f1)}`;

function printEvaluation(title: string, e: Evaluation): void {
  console.log(`\n${title}: ${e.comments} comments`);
  console.log(' topics');
  for (const s of e.topics) console.log(row(s));
  console.log(row(e.topicsMicro));
  console.log(` sentiment (accuracy ${pct(e.sentimentAccuracy)})`);
  for (const s of e.sentiment) console.log(row(s));
}

function timed<T>(fn: () => T): { ms: number; value: T } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

const labelled = labelledComments();
const all = evaluate(labelled);
printEvaluation('(a) labelled set, all', all);
printEvaluation('    development half (even ids, looked at while tuning)', evaluate(labelled.filter((c) => !isHeldOut(c))));
printEvaluation('    held-out half (odd ids, not looked at while tuning)', evaluate(labelled.filter(isHeldOut)));
if (arg('misses') >= 0) for (const m of all.misses) console.log(`  ${m.id} ${m.text}\n      gold ${m.gold}\n      got  ${m.got}`);

// Distinct texts (a serial number appended), so no cache helps the uncached passes.
const texts = Array.from({ length: n }, (_, i) => `${labelled[i % labelled.length]!.text} ${i}`);
segmentOnly('预热'); // loads the dictionaries outside the timings
const matcher = topicMatcher(defaultTopics());
const per10k = (ms: number) => ((ms / n) * 10_000).toFixed(0);
const segment = timed(() => texts.forEach((t) => segmentOnly(t)));
const full = timed(() => texts.forEach((t) => topicsOf(analyzeUncached(t), matcher)));
texts.forEach((t) => analyze(t));
const cached = timed(() => texts.forEach((t) => topicsOf(analyze(t), matcher)));
console.log(
  `\n(b) ${n.toLocaleString('en')} comments; ${os.cpus().length} CPUs, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(`  baseline: jieba segmentation alone          ${per10k(segment.ms).padStart(6)} ms per 10,000`);
console.log(`  analysis + topics, uncached (first sight)   ${per10k(full.ms).padStart(6)} ms per 10,000  (${(full.ms / segment.ms).toFixed(2)}× the baseline)`);
console.log(`  topics from the analysis cache (pages)      ${per10k(cached.ms).padStart(6)} ms per 10,000`);
