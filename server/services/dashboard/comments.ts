/**
 * The latest free-text answers (text questions) with the response's score,
 * site and channel, newest first. Reads counted responses of the scope, at
 * most COMMENT_SCAN of them, and returns at most `limit` comments. Texts are
 * returned with phone numbers and email addresses masked (as in exports);
 * every page renders them escaped.
 */
import { listSites } from '../accounts/sites';
import { maskContacts } from '../exports/mask';
import type { TenantContext } from '../context';
import type { ResponseDoc } from '../responses/types';
import type { Channel, LocalizedText, TemplateContent } from '../templates/types';
import { getVersion } from '../templates/versions';
import { responseFilter, type DashboardScope } from './filters';

export const COMMENT_SCAN = 5000;

export interface Comment {
  responseId: string;
  respondedAt: string;
  siteCode: string;
  siteName: string;
  channel: Channel;
  question: LocalizedText;
  text: string;
  /** The response's overall score (ACSI-style, 0–100), else its visit score; null when it has neither. */
  score: number | null;
  nps: number | null;
}

export interface CommentsQuery {
  /** Only comments containing this text (case-insensitive). */
  q?: string;
  /** Only responses whose score is at most this (0–100). */
  maxScore?: number;
  limit?: number;
}

export async function latestComments(ctx: TenantContext, scope: DashboardScope, query: CommentsQuery = {}): Promise<{ comments: Comment[]; scanned: number; capped: boolean }> {
  const limit = query.limit ?? 50;
  const needle = query.q?.toLowerCase();
  const names = new Map((await listSites(ctx)).map((s) => [s._id, s.name]));
  const contents = new Map<string, TemplateContent>();
  const comments: Comment[] = [];
  let scanned = 0;
  const responses = ctx.store.collection<ResponseDoc>('responses').iterate(await responseFilter(ctx, scope), { sort: { respondedAt: -1 }, limit: COMMENT_SCAN, batchSize: 200 });
  for await (const r of responses) {
    scanned++;
    const score = r.contribution.overall ?? r.contribution.visitScore ?? null;
    if (query.maxScore !== undefined && (score === null || score > query.maxScore)) continue;
    const key = `${r.templateId}@${r.templateVersion}`;
    let content = contents.get(key);
    if (!content) {
      content = (await getVersion(ctx, r.templateId, r.templateVersion)).content;
      contents.set(key, content);
    }
    for (const q of content.sections.flatMap((s) => s.questions)) {
      const text = r.answers[q.id];
      if (q.type !== 'text' || typeof text !== 'string' || !text.trim()) continue;
      // Masked before the search too, so searching for a number cannot tell whether a customer wrote it.
      const shown = maskContacts(text);
      if (needle && !shown.toLowerCase().includes(needle)) continue;
      comments.push({
        responseId: r._id,
        respondedAt: r.respondedAt,
        siteCode: r.siteCode,
        siteName: names.get(r.siteId) ?? r.siteCode,
        channel: r.channel,
        question: q.prompt,
        text: shown,
        score,
        nps: r.contribution.npsRaw ?? null,
      });
    }
    if (comments.length >= limit) break;
  }
  return { comments: comments.slice(0, limit), scanned, capped: scanned >= COMMENT_SCAN };
}
