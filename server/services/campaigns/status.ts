/**
 * Where a campaign stands: how many recipients were invited, opened the link,
 * answered, bounced or unsubscribed, per site, and the walk-in answers from
 * the site links. Read from the campaign counters and an indexed count, never
 * from a scan of the recipients.
 */
import { listSites } from '../accounts/sites';
import type { TenantContext } from '../context';
import { siteLinksOfCampaign } from './campaigns';
import { emptyCounts, readCounters, type Counts } from './counters';
import type { Campaign, DeviceResponse } from './types';

export interface StatusCounts extends Counts {
  walkIns: number;
  /** responded / invited, 0–100, one decimal; null before anyone was invited. */
  responseRate: number | null;
}

export interface SiteStatus extends StatusCounts {
  siteId: string;
  siteCode: string;
  siteName: string;
  /** English pages show it instead when set (placeNames.ts). */
  siteNameEn?: string;
  siteLinkId?: string;
}

function withRate(counts: Counts, walkIns: number): StatusCounts {
  return { ...counts, walkIns, responseRate: counts.invited ? Math.round((counts.responded / counts.invited) * 1000) / 10 : null };
}

export async function campaignStatus(ctx: TenantContext, campaign: Campaign): Promise<{ total: StatusCounts; sites: SiteStatus[] }> {
  const [links, allSites, counters] = await Promise.all([siteLinksOfCampaign(ctx, campaign._id), listSites(ctx), readCounters(ctx.store, campaign._id)]);
  const walkIns = ctx.store.collection<DeviceResponse>('deviceResponses');
  const sites = await Promise.all(
    allSites
      .filter((s) => campaign.siteIds.includes(s._id))
      .map(async (s) => {
        const link = links.find((l) => l.siteId === s._id);
        const walkInCount = link ? await walkIns.count({ campaignId: campaign._id, siteLinkId: link._id }) : 0;
        return {
          ...withRate(counters.get(s._id) ?? emptyCounts(), walkInCount),
          siteId: s._id,
          siteCode: s.code,
          siteName: s.name,
          ...(s.nameEn ? { siteNameEn: s.nameEn } : {}),
          siteLinkId: link?._id,
        };
      }),
  );
  const sum = emptyCounts();
  for (const s of sites) for (const k of Object.keys(sum) as (keyof Counts)[]) sum[k] += s[k];
  return {
    total: withRate(
      sum,
      sites.reduce((n, s) => n + s.walkIns, 0),
    ),
    sites,
  };
}
