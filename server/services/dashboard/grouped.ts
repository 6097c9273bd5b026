/**
 * Scores of one rollup read split into groups (by month, by site): one query,
 * then computeCpsq per group with the project's settings, confined to the
 * sites the caller may see.
 */
import { listSites } from '../accounts/sites';
import type { TenantContext } from '../context';
import { getProject, projectCatalogue } from '../scores/projects';
import { rollupRows } from '../scores/query';
import { computeCpsq, type CpsqOptions, type CpsqResult } from '../scoring/cpsq';
import type { RollupDoc } from '../scoring/rollup';
import type { Channel } from '../templates/types';

export async function groupedScores(
  ctx: TenantContext,
  scope: { from: string; to: string; siteId?: string; channel?: Channel },
  keyOf: (row: RollupDoc) => string,
  keys: readonly string[],
  /** Extra options from every row read (a trend borrows its window's SDs). */
  extra?: (rows: readonly RollupDoc[]) => Partial<CpsqOptions>,
): Promise<Map<string, CpsqResult>> {
  const settings = await getProject(ctx);
  const catalogue = projectCatalogue(settings);
  const visible = new Set((await listSites(ctx)).map((s) => s._id));
  const groups = new Map<string, RollupDoc[]>(keys.map((k) => [k, []]));
  const read = (await rollupRows(ctx, scope)).filter((row) => visible.has(row.siteId));
  for (const row of read) groups.get(keyOf(row))?.push(row);
  const options = {
    channelWeights: settings.channelWeights,
    siteWeighting: settings.siteWeighting,
    target: settings.target,
    gateRule: settings.gateRule,
    ...extra?.(read),
  };
  return new Map([...groups].map(([key, rows]) => [key, computeCpsq(rows, catalogue, options)]));
}
