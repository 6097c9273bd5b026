/**
 * Free-text answers (text questions) of the scope, newest first, a page at a
 * time: customers' comments (survey and call channels) apart from mystery
 * shoppers' notes (staff descriptions, item remarks), each with its
 * response's score and band, and the follow-up case it belongs to, if any.
 * Each comment carries its topics and sentiment (services/topics), and the
 * page filters by them. Reads counted responses, at most COMMENT_SCAN of them per page request.
 * Texts are returned as given: every page renders them escaped.
 */
import type { Filter } from '../../store/types';
import { listSites } from '../accounts/sites';
import { maskContacts } from '../exports/mask';
import { caseIdsOf } from '../cases/lookup';
import type { TenantContext } from '../context';
import type { ResponseDoc } from '../responses/types';
import type { Channel, LocalizedText } from '../templates/types';
import { versionQuestions } from '../templates/versions';
import { analyze, topicMatcher, topicsOf } from '../topics/analyze';
import type { Sentiment } from '../topics/sentiment';
import { getTopicSet } from '../topics/topicSets';
import { ValidationError } from '../../errors';
import { responseFilter, type DashboardScope } from './filters';
import { channels as channelRegistry } from '../channels';

export const COMMENT_SCAN = 5000;
export const COMMENTS_PER_PAGE = 50;

export const SCORE_BANDS = ['low', 'mid', 'high'] as const;
export type ScoreBand = (typeof SCORE_BANDS)[number];
export const COMMENT_KINDS = ['customer', 'shopper'] as const;
export type CommentKind = (typeof COMMENT_KINDS)[number];

/** Below 60 is a poor experience, 80 and above a good one (the CPSQ's own compliant level is 70–80). */
export function bandOf(score: number | null): ScoreBand | 'none' {
  if (score === null) return 'none';
  return score < 60 ? 'low' : score < 80 ? 'mid' : 'high';
}

export interface Comment {
  responseId: string;
  respondedAt: string;
  siteCode: string;
  siteName: string;
  siteNameEn?: string;
  channel: Channel;
  question: LocalizedText;
  text: string;
  /** The response's overall score (ACSI-style, 0–100), else its visit score; null when it has neither. */
  score: number | null;
  band: ScoreBand | 'none';
  nps: number | null;
  kind: CommentKind;
  /** The follow-up case the response opened or joined. */
  caseId: string | null;
  /** What the comment talks about (topic codes of the enterprise's set) and its tone. */
  topics: string[];
  sentiment: Sentiment;
}

export interface CommentsQuery {
  /** Only comments containing this text (case-insensitive). */
  q?: string;
  /** Only responses whose score is at most this (0–100). */
  maxScore?: number;
  band?: ScoreBand;
  /** Customers' comments (default) or mystery shoppers' notes. */
  kind?: CommentKind;
  /** Only comments about this topic (a code of the enterprise's topic set). */
  topic?: string;
  sentiment?: Sentiment;
  /** From 1. */
  page?: number;
  limit?: number;
}

export interface CommentPage {
  comments: Comment[];
  kind: CommentKind;
  page: number;
  hasNext: boolean;
  scanned: number;
  capped: boolean;
  /** The enterprise's topics, to label the filter and each comment's topics. */
  topicLabels: Array<{ code: string; zh: string; en: string }>;
}

const kindOf = (channel: Channel): CommentKind => channelRegistry.modules.get(channel)!.voice;

function matches(query: CommentsQuery, score: number | null): boolean {
  if (query.maxScore !== undefined && (score === null || score > query.maxScore)) return false;
  if (query.band && bandOf(score) !== query.band) return false;
  return true;
}

export async function latestComments(ctx: TenantContext, scope: DashboardScope, query: CommentsQuery = {}): Promise<CommentPage> {
  const limit = query.limit ?? COMMENTS_PER_PAGE;
  const page = query.page ?? 1;
  const kind = query.kind ?? 'customer';
  const needle = query.q?.toLowerCase();
  const names = new Map((await listSites(ctx)).map((s) => [s._id, s]));
  const filter: Filter = await responseFilter(ctx, scope);
  const { topics } = await getTopicSet(ctx);
  if (query.topic && !topics.some((t) => t.code === query.topic)) throw new ValidationError(`topic: no topic with code ${query.topic}`, 'topic');
  const matcher = topicMatcher(topics);
  const topicLabels = topics.map(({ code, zh, en }) => ({ code, zh, en }));
  // A kind is a set of channels: whose words their free text is (shoppers' or customers').
  const channels = channelRegistry.byVoice(kind);
  const wanted = scope.channel ? channels.filter((c) => c === scope.channel) : channels;
  if (!wanted.length) return { comments: [], kind, page, hasNext: false, scanned: 0, capped: false, topicLabels };
  filter.channel = wanted.length === 1 ? wanted[0]! : { $in: wanted };
  const skip = (page - 1) * limit;
  const found: Omit<Comment, 'caseId'>[] = [];
  let matched = 0;
  let scanned = 0;
  const responses = ctx.store.collection<ResponseDoc>('responses').iterate(filter, { sort: { respondedAt: -1 }, limit: COMMENT_SCAN, batchSize: 200 });
  for await (const r of responses) {
    scanned++;
    const score = r.contribution.overall ?? r.contribution.visitScore ?? null;
    if (!matches(query, score)) continue;
    for (const q of await versionQuestions(ctx, r.templateId, r.templateVersion)) {
      const text = r.answers[q.id];
      if (q.type !== 'text' || typeof text !== 'string' || !text.trim()) continue;
      // Masked before the search too, so searching for a number cannot tell whether a customer wrote it.
      const masked = maskContacts(text);
      if (needle && !masked.toLowerCase().includes(needle)) continue;
      const analysis = analyze(masked);
      const about = topicsOf(analysis, matcher);
      if ((query.topic && !about.includes(query.topic)) || (query.sentiment && analysis.sentiment !== query.sentiment)) continue;
      if (matched++ < skip) continue;
      found.push({
        responseId: r._id,
        respondedAt: r.respondedAt,
        siteCode: r.siteCode,
        siteName: names.get(r.siteId)?.name ?? r.siteCode,
        ...(names.get(r.siteId)?.nameEn ? { siteNameEn: names.get(r.siteId)!.nameEn } : {}),
        channel: r.channel,
        question: q.prompt,
        text: masked,
        score,
        band: bandOf(score),
        nps: r.contribution.npsRaw ?? null,
        kind: kindOf(r.channel),
        topics: about,
        sentiment: analysis.sentiment,
      });
    }
    if (found.length > limit) break;
  }
  const shown = found.slice(0, limit);
  const cases = await caseIdsOf(ctx, [...new Set(shown.map((c) => c.responseId))]);
  return {
    comments: shown.map((c) => ({ ...c, caseId: cases.get(c.responseId) ?? null })),
    kind,
    page,
    hasNext: found.length > limit,
    scanned,
    capped: scanned >= COMMENT_SCAN,
    topicLabels,
  };
}
