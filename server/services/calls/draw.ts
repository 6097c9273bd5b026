/**
 * Re-runs a list's draw from what was recorded: the population is rebuilt as
 * it stood at the draw (cases of the site and period imported by then and not
 * taken by an earlier list), its hash compared, and the seed replayed.
 */
import type { TenantContext } from '../context';
import { getList } from './lists';
import { drawSample, populationHash } from './sampling';
import { collections, type CallCase } from './types';

export interface DrawCheck {
  seed: number;
  populationSize: number;
  sampleSize: number;
  /** The population rebuilt now hashes to what was recorded at the draw. */
  populationMatches: boolean;
  /** Replaying the seed picks exactly the cases the list holds. */
  sampleMatches: boolean;
}

export async function checkDraw(ctx: TenantContext, listId: string): Promise<DrawCheck> {
  const list = await getList(ctx, listId);
  const candidates = await ctx.store
    .collection<CallCase>(collections.cases)
    .find({ siteId: list.siteId, serviceDate: { $gte: list.periodFrom, $lte: list.periodTo }, importedAt: { $lte: list.drawnAt } });
  const population = candidates.filter((c) => !c.sampledAt || c.callListId === list._id || c.sampledAt > list.drawnAt).map((c) => c.caseId);
  const held = new Set(candidates.filter((c) => c.callListId === list._id).map((c) => c.caseId));
  const replay = drawSample(population, list.sampleSize, list.seed);
  return {
    seed: list.seed,
    populationSize: population.length,
    sampleSize: list.sampleSize,
    populationMatches: populationHash(population) === list.populationHash,
    sampleMatches: replay.length === held.size && replay.every((id) => held.has(id)),
  };
}
