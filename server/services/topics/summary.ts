/**
 * What customers write about in a scope (period from periods.ts via the
 * dashboard filters, site, channel): per topic, how many commenting responses
 * mention it, their sentiment, the month-by-month share, and its effect on
 * satisfaction: the mean overall score (0–100) of commenting responses that
 * mention the topic against those that do not, with Welch's 95 % interval.
 * Reads counted customer responses, newest first, at most TOPIC_SCAN of them;
 * a retried submission is one stored response, so it is counted once.
 */
import type { TenantContext } from '../context';
import { responseFilter, type DashboardScope } from '../dashboard/filters';
import type { ResponseDoc } from '../responses/types';
import { analyze, topicMatcher, topicsOf } from './analyze';
import { commentReader, CUSTOMER_CHANNELS } from './commentTexts';
import type { TopicDefinition } from './lexicon';
import { SENTIMENTS, type Sentiment } from './sentiment';
import { getTopicSet } from './topicSets';
import { addTo, emptySample, meanOfSample, welchDifference, type Difference, type Sample } from './welch';
import { addDays, dayOf } from '../calendar';

export const TOPIC_SCAN = 20_000;

export interface TopicRow {
  code: string;
  zh: string;
  en: string;
  /** Commenting responses that mention the topic. */
  mentions: number;
  /** mentions / commenting responses. */
  share: number;
  sentiment: Record<Sentiment, number>;
  meanWith: number | null;
  meanWithout: number | null;
  nWith: number;
  nWithout: number;
  /** meanWith − meanWithout; null when either side has fewer than two scored responses. */
  effect: Difference | null;
}

export interface TrendMonth {
  month: string;
  /** The period covers only part of the month (or the month is not over yet). */
  partial: boolean;
  commented: number;
  mentions: Record<string, number>;
}

export interface TopicSummary {
  from: string;
  to: string;
  scanned: number;
  capped: boolean;
  commented: number;
  sentiment: Record<Sentiment, number>;
  topics: TopicRow[];
  trend: TrendMonth[];
}

const zeroSentiment = (): Record<Sentiment, number> => ({ positive: 0, neutral: 0, negative: 0 });

/** The comment's sentiment when it has one; a response with several comments takes the most negative, as a manager would read it. */
function responseSentiment(list: Sentiment[]): Sentiment {
  return [...SENTIMENTS].reverse().find((s) => list.includes(s)) ?? 'neutral';
}

function monthsOf(from: string, to: string): TrendMonth[] {
  const months: TrendMonth[] = [];
  for (let start = `${from.slice(0, 7)}-01`; start <= to;) {
    const [y, m] = start.split('-').map(Number);
    const next = new Date(Date.UTC(y!, m!, 1)).toISOString().slice(0, 10);
    months.push({ month: start.slice(0, 7), partial: start < from || addDays(next, -1) > to, commented: 0, mentions: {} });
    start = next;
  }
  return months;
}

export async function topicSummary(ctx: TenantContext, scope: DashboardScope): Promise<TopicSummary> {
  const { topics } = await getTopicSet(ctx);
  const matcher = topicMatcher(topics);
  const filter = await responseFilter(ctx, scope);
  const channels = scope.channel ? CUSTOMER_CHANNELS.filter((c) => c === scope.channel) : [...CUSTOMER_CHANNELS];
  const trend = monthsOf(scope.from, scope.to);
  const byMonth = new Map(trend.map((t) => [t.month, t]));
  const rows = new Map(topics.map((t) => [t.code, { with: emptySample(), without: emptySample(), mentions: 0, sentiment: zeroSentiment() }]));
  const totals = zeroSentiment();
  let scanned = 0;
  let commented = 0;
  if (channels.length) {
    filter.channel = channels.length === 1 ? channels[0]! : { $in: channels };
    const read = commentReader(ctx);
    for await (const r of ctx.store.collection<ResponseDoc>('responses').iterate(filter, { sort: { respondedAt: -1 }, limit: TOPIC_SCAN, batchSize: 200 })) {
      scanned++;
      const comments = await read(r);
      if (!comments.length) continue;
      commented++;
      const analyses = comments.map((c) => analyze(c.text));
      const mentioned = new Set(analyses.flatMap((a) => topicsOf(a, matcher)));
      const sentiment = responseSentiment(analyses.map((a) => a.sentiment));
      totals[sentiment]++;
      const month = byMonth.get(dayOf(r.respondedAt, scope.tzOffsetMinutes).slice(0, 7));
      if (month) month.commented++;
      const score = r.contribution.overall;
      for (const [code, row] of rows) {
        const has = mentioned.has(code);
        if (typeof score === 'number') addTo(has ? row.with : row.without, score);
        if (!has) continue;
        row.mentions++;
        row.sentiment[sentiment]++;
        if (month) month.mentions[code] = (month.mentions[code] ?? 0) + 1;
      }
    }
  }
  const rowOf = (t: TopicDefinition): TopicRow => {
    const row = rows.get(t.code)!;
    const mean = (s: Sample) => meanOfSample(s);
    return {
      code: t.code,
      zh: t.zh,
      en: t.en,
      mentions: row.mentions,
      share: commented ? row.mentions / commented : 0,
      sentiment: row.sentiment,
      meanWith: mean(row.with),
      meanWithout: mean(row.without),
      nWith: row.with.n,
      nWithout: row.without.n,
      effect: welchDifference(row.with, row.without),
    };
  };
  const list = topics.map(rowOf).sort((a, b) => b.mentions - a.mentions);
  return { from: scope.from, to: scope.to, scanned, capped: scanned >= TOPIC_SCAN, commented, sentiment: totals, topics: list, trend };
}
