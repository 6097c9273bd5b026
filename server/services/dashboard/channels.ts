/**
 * The channels page: each channel's score and responses (rollups), and what
 * the channel services tell about their work: survey campaigns (invited,
 * answered, reminders), mystery visit plans and per-item pass rates, follow-up
 * call progress against quotas. A service the caller's role may not read
 * leaves its part null.
 */
import { ForbiddenError } from '../../errors';
import { listSites } from '../accounts/sites';
import { supervisorReport, type Figures } from '../calls/progress';
import { listCampaigns } from '../campaigns/campaigns';
import { campaignStatus, type StatusCounts } from '../campaigns/status';
import type { Recipient } from '../campaigns/types';
import type { TenantContext } from '../context';
import { getScores } from '../scores/query';
import type { Measures } from '../scoring/measures';
import type { Channel } from '../templates/types';
import { listPlans, planProgress } from '../visits/plans';
import type { VisitState } from '../visits/types';
import { checklistPassRates, type ChecklistItemRate } from './checklist';
import { baselinesOf } from './changes';
import { scoreQueryOf, type DashboardScope } from './filters';
import { channelMix, scopeSample, type ChannelMix } from './overview';
import { sampleNoteFor, type SampleNote } from './sampleNote';

export interface ChannelsView {
  scope: { from: string; to: string; site: DashboardScope['site']; channel: Channel | null };
  channels: ChannelMix[];
  measures: Pick<Measures, 'csat' | 'nps' | 'visits'>;
  campaigns: Array<{ id: string; name: string; startsOn: string; endsOn: string; reminders: number } & StatusCounts> | null;
  visitPlans: Array<{
    id: string;
    name: string;
    siteId: string;
    from: string;
    to: string;
    planned: number;
    states: Partial<Record<VisitState, number>>;
  }> | null;
  checklist: { visits: number; capped: boolean; items: ChecklistItemRate[] };
  calls: { total: Figures; sites: Array<{ siteId: string; siteCode: string } & Figures> } | null;
  sampleNote: SampleNote;
}

/** Runs a channel service; a role it refuses gets null rather than a failed page. */
async function ifAllowed<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof ForbiddenError) return null;
    throw err;
  }
}

const overlaps = (a: { from: string; to: string }, scope: DashboardScope) => a.from <= scope.to && a.to >= scope.from;

async function campaignFigures(ctx: TenantContext, scope: DashboardScope): Promise<ChannelsView['campaigns']> {
  // Campaign totals span all their sites: a user limited to some sites does not get them.
  if (ctx.actor.siteIds?.length) return null;
  const recent = (await listCampaigns(ctx))
    .filter((c) => overlaps({ from: c.startsOn, to: c.endsOn }, scope) && (!scope.site || c.siteIds.includes(scope.site._id)))
    .slice(0, 5);
  return Promise.all(
    recent.map(async (c) => {
      const { total } = await campaignStatus(ctx, c);
      const reminders = await ctx.store.collection<Recipient>('recipients').count({ campaignId: c._id, remindersSent: { $gte: 1 } });
      return { id: c._id, name: c.name, startsOn: c.startsOn, endsOn: c.endsOn, reminders, ...total };
    }),
  );
}

async function visitPlanFigures(ctx: TenantContext, scope: DashboardScope): Promise<ChannelsView['visitPlans']> {
  const visible = new Set((await listSites(ctx)).map((s) => s._id));
  const plans = (await listPlans(ctx)).filter((p) => visible.has(p.siteId) && overlaps(p, scope) && (!scope.site || p.siteId === scope.site._id)).slice(0, 20);
  const progress = await planProgress(
    ctx,
    plans.map((p) => p._id),
  );
  return plans.map((p) => ({ id: p._id, name: p.name, siteId: p.siteId, from: p.from, to: p.to, planned: p.visits, states: progress.get(p._id) ?? {} }));
}

async function callFigures(ctx: TenantContext, scope: DashboardScope): Promise<ChannelsView['calls']> {
  if (ctx.actor.siteIds?.length) return null;
  const report = await supervisorReport(ctx, { from: scope.from, to: scope.to });
  const sites = scope.site ? report.sites.filter((s) => s.siteId === scope.site!._id) : report.sites;
  return { total: report.total, sites };
}

export async function channelsView(ctx: TenantContext, scope: DashboardScope): Promise<ChannelsView> {
  const report = await getScores(ctx, scoreQueryOf(scope));
  const [campaigns, visitPlans, checklist, calls, baselines] = await Promise.all([
    ifAllowed(() => campaignFigures(ctx, scope)),
    ifAllowed(() => visitPlanFigures(ctx, scope)),
    checklistPassRates(ctx, scope),
    ifAllowed(() => callFigures(ctx, scope)),
    baselinesOf(ctx, scope),
  ]);
  const { csat, nps, visits } = report.measures;
  const sampleNote = await sampleNoteFor(ctx, scope, [scopeSample(report)]);
  return {
    scope: { from: scope.from, to: scope.to, site: scope.site, channel: scope.channel },
    channels: channelMix(report, baselines),
    measures: { csat, nps, visits },
    campaigns,
    visitPlans,
    checklist,
    calls,
    sampleNote,
  };
}
