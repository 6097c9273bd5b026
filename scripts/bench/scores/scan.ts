/**
 * The slow way to the same scores, for comparison: read the raw responses of
 * the scope, recompute each one's contribution from its answers and its
 * template version, sum the increments in memory and run computeCpsq on them.
 * The result must equal getScores (which reads rollups) to 1e-9.
 */
import type { Filter } from '../../../server/store/types';
import { listSites } from '../../../server/services/accounts/sites';
import type { TenantContext } from '../../../server/services/context';
import type { ResponseDoc } from '../../../server/services/responses/types';
import { getProject, projectCatalogue } from '../../../server/services/scores/projects';
import { contributionOf } from '../../../server/services/scoring/contributions';
import { computeCpsq, type CpsqResult } from '../../../server/services/scoring/cpsq';
import { rollupIncrements, type RollupDoc } from '../../../server/services/scoring/rollup';
import type { Channel, TemplateContent } from '../../../server/services/templates/types';
import { getVersion } from '../../../server/services/templates/versions';
import { DAY_MS, dayOf } from '../../../server/services/calendar';

export interface ScoreScope {
  from: string;
  to: string;
  siteId?: string;
  channel?: Channel;
}

export interface ScanResult {
  result: CpsqResult;
  bySite?: Array<{ siteId: string; cpsq: CpsqResult['cpsq']; responses: number; gate: CpsqResult['gate'] }>;
  /** Raw responses read. */
  read: number;
}

const shiftIso = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString();

export async function scanScores(ctx: TenantContext, scope: ScoreScope, tzOffsetMinutes: number): Promise<ScanResult> {
  const settings = await getProject(ctx);
  const catalogue = projectCatalogue(settings);
  const options = { channelWeights: settings.channelWeights, siteWeighting: settings.siteWeighting, target: settings.target, gateRule: settings.gateRule };
  const contents = new Map<string, TemplateContent>();
  // A day wider on each side than any offset, then the exact local day decides, as for rollups.
  const filter: Filter = { countedAt: { $exists: true }, respondedAt: { $gte: shiftIso(scope.from, -1), $lt: shiftIso(scope.to, 2) } };
  if (scope.siteId) filter.siteId = scope.siteId;
  if (scope.channel) filter.channel = scope.channel;

  const rows = new Map<string, Record<string, unknown>>();
  let read = 0;
  for await (const r of ctx.store.collection<ResponseDoc>('responses').iterate(filter, { batchSize: 2000 })) {
    read += 1;
    const day = dayOf(r.respondedAt, tzOffsetMinutes);
    if (day < scope.from || day > scope.to) continue;
    const versionKey = `${r.templateId}@${r.templateVersion}`;
    let content = contents.get(versionKey);
    if (!content) contents.set(versionKey, (content = (await getVersion(ctx, r.templateId, r.templateVersion)).content));
    const response = { content, answers: r.answers, channel: r.channel, siteId: r.siteId, at: r.respondedAt };
    for (const inc of rollupIncrements(response, contributionOf(response), tzOffsetMinutes)) {
      let row = rows.get(inc.key);
      if (!row) rows.set(inc.key, (row = { ...inc.fields }));
      for (const [name, delta] of Object.entries(inc.inc)) row[name] = ((row[name] as number | undefined) ?? 0) + delta;
    }
  }
  const all = [...rows.values()] as unknown as RollupDoc[];
  const scan: ScanResult = { result: computeCpsq(all, catalogue, options), read };
  if (!scope.siteId) {
    const bySite = new Map<string, RollupDoc[]>();
    for (const r of all) {
      const list = bySite.get(r.siteId);
      if (list) list.push(r);
      else bySite.set(r.siteId, [r]);
    }
    scan.bySite = (await listSites(ctx)).map((s) => {
      const site = computeCpsq(bySite.get(s._id) ?? [], catalogue, options);
      const responses = Object.values(site.channels).reduce((n, c) => n + c.responses, 0);
      return { siteId: s._id, cpsq: site.cpsq, responses, gate: site.gate };
    });
  }
  return scan;
}
