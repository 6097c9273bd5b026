/**
 * The one path by which every channel's answers enter scoring: survey links,
 * completed calls, approved visits and the ingestion API all call
 * `submitResponse`. The response and its rollup increments commit in one
 * transaction, and a unique dedupe key makes a retried submission return the
 * first result instead of counting twice.
 */
import crypto from 'node:crypto';
import { ConflictError, ValidationError } from '../../errors';
import { timeOrderedId } from '../../store/ids';
import { DuplicateKeyError, type IncrementTarget, type Store } from '../../store/types';
import { getSiteByCode, getSite, type Site } from '../accounts/sites';
import { getEnterprise } from '../accounts/enterprises';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { alertJobFor } from '../alerts/trigger';
import { enqueueJob, type JobSpec } from '../jobs/queue';
import { webhookJobsFor } from '../webhooks/emit';
import { domainEvents } from '../events';
import { contributionOf, type ResponseContribution } from '../scoring/contributions';
import { rollupIncrements, type RollupIncrement } from '../scoring/rollup';
import { validateAnswers } from '../templates/answers';
import type { Answers, Channel, TemplateContent } from '../templates/types';
import { getVersion } from '../templates/versions';
import { storeContribution, type ResponseDoc, type ResponseSource } from './types';
import { cellIncrements, cellUpdate } from '../scores/cells';
import { noteFirstRollups } from '../scores/layout';

export interface SubmitInput {
  templateId: string;
  templateVersion: number;
  /** Either the site's code (integrations) or its id (our own forms). */
  siteCode?: string;
  siteId?: string;
  channel: Channel;
  answers: unknown;
  source: ResponseSource;
  /** Client-chosen key (Idempotency-Key header) or a personal survey token: one response per key. */
  idempotencyKey?: string;
  /** When the answers were given, if earlier than now (calls logged later, imports). */
  respondedAt?: string;
  /** Mystery visits are stored on submission but count only once approved. */
  counted?: boolean;
  /** Links to the channel's own record (campaign recipient, call case, visit). */
  refs?: Record<string, string>;
  /** What the caller already read in this request (a survey link reads its site and enterprise to show the page): not read twice. */
  known?: { site?: Site; tzOffsetMinutes?: number };
  /**
   * The caller saw no response under idempotencyKey (a link not yet answered),
   * so no look-up comes first; a racing twin still meets the unique key and replays.
   */
  keyUnused?: boolean;
  /** A reviewer approved it in the same request (mystery responses outside a visit). */
  approvedBy?: string;
}

export interface SubmitResult {
  response: ResponseDoc;
  /** True when this call replayed an earlier submission with the same key. */
  replayed: boolean;
}

/** SHA-256 of what makes two submissions the same; exported for bulk generators (scripts/bench) that build responses alike. */
export function fingerprint(input: Pick<SubmitInput, 'templateId' | 'templateVersion' | 'channel'>, answers: Answers, siteId: string): string {
  const material = JSON.stringify([input.templateId, input.templateVersion, siteId, input.channel, answers]);
  return crypto.createHash('sha256').update(material).digest('hex');
}

async function replay(ctx: TenantContext, dedupeKey: string, hash: string): Promise<SubmitResult | null> {
  const existing = await ctx.store.collection<ResponseDoc>('responses').findOne({ dedupeKey });
  if (!existing) return null;
  if (existing.fingerprint !== hash) {
    throw new ConflictError('Idempotency-Key: this key was already used for a different submission', 'Idempotency-Key', 'idempotency_conflict');
  }
  return { response: existing, replayed: true };
}

/**
 * Applies rollup increments to their day, month and quarter cells (scores/cells.ts):
 * one atomic increment per cell; used by submission and approval.
 */
export async function applyRollupIncrements(store: Store, increments: readonly RollupIncrement[]): Promise<void> {
  // One response adds the same deltas to its day, month and quarter cells: one incrementEach (one check, one read) for those.
  const byDeltas = new Map<string, { inc: Record<string, number>; targets: IncrementTarget[] }>();
  for (const cell of cellIncrements(increments)) {
    const { $inc, $setOnInsert } = cellUpdate(cell);
    const deltas = JSON.stringify($inc);
    let same = byDeltas.get(deltas);
    if (!same) byDeltas.set(deltas, (same = { inc: $inc!, targets: [] }));
    same.targets.push({ id: cell.key, setOnInsert: $setOnInsert });
  }
  const rollups = store.collection('rollups');
  for (const { inc, targets } of byDeltas.values()) await rollups.incrementEach(targets, inc);
}

export function incrementsFor(
  response: ResponseDoc,
  content: Parameters<typeof contributionOf>[0]['content'],
  contribution: ResponseContribution,
  tzOffsetMinutes: number,
) {
  return rollupIncrements(
    { content, answers: response.answers, channel: response.channel, siteId: response.siteId, at: response.respondedAt },
    contribution,
    tzOffsetMinutes,
  );
}

/** What a response.counted webhook carries (docs/webhooks.md). */
function countedEventData(r: ResponseDoc): Record<string, unknown> {
  return {
    responseId: r._id,
    siteId: r.siteId,
    siteCode: r.siteCode,
    channel: r.channel,
    source: r.source,
    templateId: r.templateId,
    templateVersion: r.templateVersion,
    respondedAt: r.respondedAt,
    countedAt: r.countedAt,
    answers: r.answers,
    refs: r.refs ?? {},
  };
}

/**
 * The jobs counting a response calls for: its alert (when a rule fires) and a
 * delivery per webhook address that hears response.counted. Read before the
 * counting transaction, which holds the store as briefly as it can, and
 * written inside it (the outbox pattern), whichever entry point counts it.
 */
export async function countingJobs(ctx: TenantContext, content: TemplateContent, response: ResponseDoc): Promise<JobSpec[]> {
  const alertJob = await alertJobFor(ctx, content, response);
  return [...(alertJob ? [alertJob] : []), ...(await webhookJobsFor(ctx, 'response.counted', response._id, countedEventData(response)))];
}

export async function submitResponse(ctx: TenantContext, input: SubmitInput): Promise<SubmitResult> {
  const version = await getVersion(ctx, input.templateId, input.templateVersion);
  const site =
    input.known?.site && input.known.site._id === input.siteId
      ? input.known.site
      : input.siteId
        ? await getSite(ctx, input.siteId)
        : await getSiteByCode(ctx, input.siteCode ?? '');
  if (version.content.channel !== input.channel) {
    throw new ValidationError(`channel: template ${input.templateId} is a ${version.content.channel} template, not ${input.channel}`, 'channel');
  }
  const answers = validateAnswers(version.content, input.answers);
  const hash = fingerprint(input, answers, site._id);
  const dedupeKey = input.idempotencyKey ? `key:${ctx.actor.enterpriseId}:${input.idempotencyKey}` : `once:${crypto.randomUUID()}`;
  const earlier = input.idempotencyKey && !input.keyUnused ? await replay(ctx, dedupeKey, hash) : null;
  if (earlier) return earlier;

  const now = nowIso();
  const respondedAt = input.respondedAt ?? now;
  if (respondedAt > now) throw new ValidationError('respondedAt: must not be in the future', 'respondedAt');
  // Mystery answers count only once approved, whatever their entry point (domain.md §3.3): an imported
  // one without a reviewer's approval waits in the review queue (mysteryReview.ts) and never counts on its own.
  const awaitsReview = input.channel === 'mystery' && input.source === 'import' && !input.approvedBy;
  if (awaitsReview && input.counted) throw new ValidationError('approved: an imported mystery response counts only once a reviewer approves it', 'approved');
  const counted = input.counted ?? !awaitsReview;
  const contribution = contributionOf({ content: version.content, answers, channel: input.channel, siteId: site._id, at: respondedAt });
  const response: ResponseDoc = {
    _id: timeOrderedId(),
    enterpriseId: ctx.actor.enterpriseId,
    templateId: input.templateId,
    templateVersion: input.templateVersion,
    catalogue: version.content.catalogue,
    siteId: site._id,
    siteCode: site.code,
    channel: input.channel,
    source: input.source,
    answers,
    contribution: storeContribution(contribution),
    respondedAt,
    submittedAt: now,
    ...(counted ? { countedAt: respondedAt } : {}),
    dedupeKey,
    fingerprint: hash,
    submittedBy: ctx.actor.userId,
    ...(input.refs ? { refs: input.refs } : {}),
    ...(input.approvedBy ? { approvedAt: now, approvedBy: input.approvedBy } : {}),
  };
  const tzOffsetMinutes = input.known?.tzOffsetMinutes ?? (await getEnterprise(ctx.root, ctx.actor.enterpriseId)).tzOffsetMinutes;
  // The side effects of counting (an alert, webhook deliveries) are decided before the transaction, which holds the store as briefly as it can.
  const effects = counted ? await countingJobs(ctx, version.content, response) : [];
  try {
    await withTenantTransaction(ctx, async (tx) => {
      await tx.store.collection<ResponseDoc>('responses').insertOne(response);
      if (counted) {
        await noteFirstRollups(tx.store, ctx.actor.enterpriseId);
        await applyRollupIncrements(tx.store, incrementsFor(response, version.content, contribution, tzOffsetMinutes));
        // Their jobs commit with the response they are about (the outbox pattern): no crash can separate them.
        for (const job of effects) await enqueueJob(tx.store, job);
      }
    });
  } catch (err) {
    // Two identical retries raced: the loser returns the winner's result.
    if (err instanceof DuplicateKeyError) {
      const winner = await replay(ctx, dedupeKey, hash);
      if (winner) return winner;
    }
    throw err;
  }
  if (counted) {
    // Inside a caller's transaction (a call outcome, a survey link) only once that commits.
    ctx.store.afterCommit(() =>
      domainEvents.emit('response.counted', {
        enterpriseId: ctx.actor.enterpriseId,
        siteId: site._id,
        channel: input.channel,
        responseId: response._id,
        at: respondedAt,
      }),
    );
  }
  return { response, replayed: false };
}
