/**
 * Rebuilds an enterprise's rollups from its raw responses: the repair tool for
 * a rollup that drifted, and the proof that incremental updates are exact
 * (a test compares the two). Sums are integers (fixed point), so equal means
 * equal to the last unit.
 */
import type { Doc } from '../../store/types';
import type { TenantContext } from '../context';
import { getEnterprise } from '../accounts/enterprises';
import { rollupIncrements } from '../scoring/rollup';
import { loadContribution, type ResponseDoc } from '../responses/types';
import type { TemplateContent } from '../templates/types';
import { withMonthBuckets } from './buckets';

export interface RebuildSummary {
  responses: number;
  rollups: number;
  ms: number;
}

/** The increments of one stored response, from its kept contribution (no template needed). */
export function incrementsOfStored(response: ResponseDoc, tzOffsetMinutes: number) {
  // rollupIncrements reads only the channel and catalogue of the template.
  const content = { channel: response.channel, catalogue: response.catalogue } as TemplateContent;
  return rollupIncrements(
    { content, answers: response.answers, channel: response.channel, siteId: response.siteId, at: response.respondedAt },
    loadContribution(response.contribution),
    tzOffsetMinutes,
  );
}

/** All rollup documents of an enterprise computed from its counted responses. */
export async function computeRollups(ctx: TenantContext, onProgress?: (done: number) => void): Promise<{ docs: Map<string, Doc>; responses: number }> {
  const { tzOffsetMinutes } = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  const docs = new Map<string, Doc>();
  let responses = 0;
  for await (const response of ctx.store.collection<ResponseDoc>('responses').iterate({ countedAt: { $exists: true } }, { batchSize: 2000 })) {
    for (const inc of withMonthBuckets(incrementsOfStored(response, tzOffsetMinutes))) {
      let doc = docs.get(inc.key) as Record<string, unknown> | undefined;
      if (!doc) {
        doc = { _id: inc.key, enterpriseId: ctx.actor.enterpriseId, ...inc.fields, grain: inc.grain };
        docs.set(inc.key, doc as Doc);
      }
      for (const [name, delta] of Object.entries(inc.inc)) doc[name] = ((doc[name] as number | undefined) ?? 0) + delta;
    }
    responses += 1;
    if (onProgress && responses % 1000 === 0) onProgress(responses);
  }
  onProgress?.(responses);
  return { docs, responses };
}

/** Replaces the enterprise's rollups with ones computed from raw responses, in one transaction. */
export async function rebuildRollups(ctx: TenantContext, onProgress?: (done: number) => void): Promise<RebuildSummary> {
  const started = Date.now();
  const { docs, responses } = await computeRollups(ctx, onProgress);
  const all = [...docs.values()];
  await ctx.store.withTransaction(async (tx) => {
    const rollups = tx.collection('rollups');
    await rollups.deleteMany({});
    for (let i = 0; i < all.length; i += 5000) await rollups.insertMany(all.slice(i, i + 5000));
  });
  return { responses, rollups: all.length, ms: Date.now() - started };
}
