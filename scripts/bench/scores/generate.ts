/**
 * Bulk generation of responses the way submitResponse stores them, without
 * calling it a million times: the same validateAnswers, contributionOf,
 * storeContribution, fingerprint and rollup increments, but responses go in
 * with insertMany (1,000 per transaction) and the rollups are accumulated in
 * memory exactly as the rebuild does, then written once.
 */
import crypto from 'node:crypto';
import { timeOrderedId } from '../../../server/store/ids';
import type { Doc } from '../../../server/store/types';
import { fingerprint, incrementsFor } from '../../../server/services/responses/submit';
import { storeContribution, type ResponseDoc } from '../../../server/services/responses/types';
import { addIncrements } from '../../../server/services/scores/cells';
import { replaceRollups } from '../../../server/services/scores/rebuild';
import { contributionOf } from '../../../server/services/scoring/contributions';
import { validateAnswers } from '../../../server/services/templates/answers';
import { templateIndicators } from '../../../server/services/templates/validate';
import type { Channel } from '../../../server/services/templates/types';
import { channels } from '../../../server/services/channels';
import { rollupDigest } from './compare';
import { cumulative, pickIndex, seeded } from './random';
import { answersFor, siteProfiles } from './respondents';
import type { BenchWorld } from './setup';
import type { DataWindow } from './window';

export const BATCH = 1000;
/** Share of responses per channel (the brief: survey 60 %, call 25 %, mystery 15 %). */
export const CHANNEL_MIX: ReadonlyArray<[Channel, number]> = [
  ['survey', 0.6],
  ['call', 0.25],
  ['mystery', 0.15],
];
/** Mystery visits still waiting for QA review: stored, not counted. */
const PENDING_VISIT_SHARE = 0.03;
const MONTH_MS = 30.44 * 86400_000;

export interface GenerateSummary {
  responses: number;
  counted: number;
  pending: number;
  byChannel: Record<Channel, number>;
  rollups: number;
  /** Order-free digest of the rollup documents as generated, to compare with a rebuild. */
  digest: string;
  ms: number;
}

function pickChannel(x: number): Channel {
  let acc = 0;
  for (const [channel, share] of CHANNEL_MIX) if (x < (acc += share)) return channel;
  return 'survey';
}

export async function generateResponses(
  world: BenchWorld,
  window: DataWindow,
  total: number,
  onProgress?: (done: number) => void,
  seed = 20111,
): Promise<GenerateSummary> {
  const started = performance.now();
  const { ctx, templates, sites, tzOffsetMinutes } = world;
  const enterpriseId = ctx.actor.enterpriseId;
  const rand = seeded(seed);
  const indicators = [...new Set(Object.values(templates).flatMap((t) => templateIndicators(t.content)))];
  const profiles = siteProfiles(rand, sites.length, indicators);
  const siteWeights = cumulative(profiles.map((p) => p.size));
  const docs = new Map<string, Doc>();
  const byChannel: Record<Channel, number> = channels.filled(() => 0);
  const submittedAt = new Date().toISOString();
  let counted = 0;

  for (let done = 0; done < total;) {
    const batch: ResponseDoc[] = [];
    for (const end = Math.min(total, done + BATCH); done < end; done++) {
      const channel = pickChannel(rand());
      const { templateId, version, content } = templates[channel];
      const s = pickIndex(rand, siteWeights);
      const site = sites[s]!;
      const atMs = window.startMs + Math.floor(rand() * (window.endMs - window.startMs));
      const respondedAt = new Date(atMs).toISOString();
      const answers = validateAnswers(content, answersFor(content, profiles[s]!, (atMs - window.startMs) / MONTH_MS, rand));
      const contribution = contributionOf({ content, answers, channel, siteId: site._id, at: respondedAt });
      const isCounted = !(channel === 'mystery' && rand() < PENDING_VISIT_SHARE);
      // The same fields, in the same order, as submitResponse stores (a test compares the two).
      const response: ResponseDoc = {
        _id: timeOrderedId(),
        enterpriseId,
        templateId,
        templateVersion: version,
        catalogue: content.catalogue,
        siteId: site._id,
        siteCode: site.code,
        channel,
        source: 'import',
        answers,
        contribution: storeContribution(contribution),
        respondedAt,
        submittedAt,
        ...(isCounted ? { countedAt: respondedAt } : {}),
        dedupeKey: `once:${crypto.randomUUID()}`,
        fingerprint: fingerprint({ templateId, templateVersion: version, channel }, answers, site._id),
        submittedBy: ctx.actor.userId,
      };
      batch.push(response);
      byChannel[channel] += 1;
      if (isCounted) {
        counted += 1;
        addIncrements(docs, enterpriseId, incrementsFor(response, content, contribution, tzOffsetMinutes));
      }
    }
    await ctx.store.withTransaction((tx) => tx.collection<ResponseDoc>('responses').insertMany(batch));
    onProgress?.(done);
  }
  const rollups = await replaceRollups(ctx, docs.values());
  return { responses: total, counted, pending: total - counted, byChannel, rollups, digest: rollupDigest(docs.values()), ms: performance.now() - started };
}
