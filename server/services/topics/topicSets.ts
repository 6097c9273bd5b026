/**
 * An enterprise's topics: the shipped after-sales set (surveys/topics/) until
 * an admin edits it, then its own copy, one document per enterprise. An edit
 * renames a topic or adds and removes keywords; it commits with its audit
 * entry, and the pages read the new set on their next request (topics are
 * matched when read, never stored with the responses, so nothing needs re-tagging).
 */
import { NotFoundError, ValidationError } from '../../errors';
import type { Doc } from '../../store/types';
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { assertAllowed } from '../policy';
import { normalizeKeyword } from './analyze';
import { defaultTopics, type TopicDefinition } from './lexicon';

export const MAX_KEYWORDS = 200;
export const MAX_KEYWORD_LENGTH = 30;
export const MAX_LABEL_LENGTH = 30;

interface StoredTopicSet extends Doc {
  enterpriseId: string;
  topics: TopicDefinition[];
  updatedAt: string;
  updatedBy: string;
}

export interface TopicSet {
  topics: TopicDefinition[];
  /** Absent while the enterprise uses the shipped set. */
  updatedAt?: string;
}

export interface TopicChanges {
  zh?: string;
  en?: string;
  addKeywords?: string[];
  removeKeywords?: string[];
  /** The whole new list (the settings form): what is missing is removed, what is new added. */
  keywords?: string[];
}

const setId = (enterpriseId: string) => `topics:${enterpriseId}`;
const collection = (ctx: TenantContext) => ctx.store.collection<StoredTopicSet>('topicSets');

export async function getTopicSet(ctx: TenantContext): Promise<TopicSet> {
  const stored = await collection(ctx).findOne({ _id: setId(ctx.actor.enterpriseId) });
  return stored ? { topics: stored.topics, updatedAt: stored.updatedAt } : { topics: defaultTopics() };
}

function label(value: string | undefined, field: string, fallback: string): string {
  if (value === undefined) return fallback;
  const trimmed = value.trim();
  if (!trimmed || trimmed.length > MAX_LABEL_LENGTH) throw new ValidationError(`${field}: must be 1–${MAX_LABEL_LENGTH} characters`, field);
  return trimmed;
}

function keywordsAfter(before: readonly string[], given: TopicChanges): string[] {
  const changes = given.keywords
    ? { addKeywords: given.keywords, removeKeywords: before.filter((k) => !given.keywords!.some((n) => normalizeKeyword(n) === normalizeKeyword(k))) }
    : given;
  const removed = new Set((changes.removeKeywords ?? []).map(normalizeKeyword));
  const kept = before.filter((k) => !removed.has(normalizeKeyword(k)));
  const seen = new Set(kept.map(normalizeKeyword));
  for (const [i, raw] of (changes.addKeywords ?? []).entries()) {
    const k = raw.trim();
    if (!normalizeKeyword(k) || k.length > MAX_KEYWORD_LENGTH)
      throw new ValidationError(`addKeywords.${i}: must be 1–${MAX_KEYWORD_LENGTH} characters`, `addKeywords.${i}`);
    if (!seen.has(normalizeKeyword(k))) kept.push(k);
    seen.add(normalizeKeyword(k));
  }
  if (!kept.length) throw new ValidationError('removeKeywords: a topic keeps at least one keyword', 'removeKeywords');
  if (kept.length > MAX_KEYWORDS) throw new ValidationError(`addKeywords: a topic has at most ${MAX_KEYWORDS} keywords`, 'addKeywords');
  return kept;
}

/** Renames one topic and/or changes its keywords; the change and its audit entry commit together. */
export async function updateTopic(ctx: TenantContext, code: string, changes: TopicChanges): Promise<TopicDefinition> {
  assertAllowed(ctx.actor, 'topics', 'manage');
  return withTenantTransaction(ctx, async (tx) => {
    const { topics } = await getTopicSet(tx);
    const before = topics.find((t) => t.code === code);
    if (!before) throw new NotFoundError('topic');
    const after: TopicDefinition = {
      code,
      zh: label(changes.zh, 'zh', before.zh),
      en: label(changes.en, 'en', before.en),
      keywords: keywordsAfter(before.keywords, changes),
    };
    const next = topics.map((t) => (t.code === code ? after : t));
    await collection(tx).updateOne(
      { _id: setId(ctx.actor.enterpriseId) },
      { $set: { topics: next, updatedAt: nowIso(), updatedBy: ctx.actor.userId } },
      { upsert: true },
    );
    await recordAudit(tx, 'topic.update', 'topic', code, { before, after });
    return after;
  });
}
