/**
 * The low-sample signal, stated once per page instead of a badge on every
 * row. Surveys and calls are short when fewer than 30 responses count
 * (domain.md §3.3). Mystery visits are judged against their plan: a site
 * visited about once a month never reaches 30, so the signal says when the
 * approved visits fall behind the visits planned for the period so far.
 */
import { ForbiddenError } from '../../errors';
import { listSites } from '../accounts/sites';
import type { TenantContext } from '../context';
import { localToday, type DayRange } from '../periods';
import { listPlans } from '../visits/plans';
import type { DashboardScope } from './filters';
import { LOW_SAMPLE_N } from '../scoring/stats';
import type { Channel } from '../templates/types';
import { CHANNELS, channels } from '../channels';

export interface SampleGroup {
  /** Null for the whole scope (enterprise or the one site filtered). */
  siteCode: string | null;
  responses: Record<Channel, number>;
}

export interface SampleNote {
  /** Survey or call figures resting on fewer than 30 responses. */
  short: Array<{ siteCode: string | null; channel: Channel; n: number }>;
  /** Mystery visits behind plan: approved so far against planned so far. */
  behindPlan: Array<{ siteCode: string | null; done: number; planned: number }>;
  threshold: number;
}

export interface PlanWindow extends DayRange {
  siteCode: string;
  visits: number;
}

const dayCount = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/**
 * Visits planned in a period up to `today`: each plan's visits spread evenly
 * over its days, counted for the days it shares with the period so far,
 * rounded down (a visit is due once its share is whole).
 */
export function plannedVisits(plans: readonly PlanWindow[], period: DayRange, today: string): Map<string, number> {
  const end = period.to < today ? period.to : today;
  const out = new Map<string, number>();
  for (const p of plans) {
    const from = p.from > period.from ? p.from : period.from;
    const to = p.to < end ? p.to : end;
    if (from > to) continue;
    const share = (p.visits * dayCount(from, to)) / dayCount(p.from, p.to);
    out.set(p.siteCode, (out.get(p.siteCode) ?? 0) + share);
  }
  return new Map([...out].map(([site, v]) => [site, Math.floor(v + 1e-9)]));
}

/** The page's one statement about thin samples (empty lists: nothing to say). */
export function sampleNoteOf(groups: readonly SampleGroup[], planned: ReadonlyMap<string, number>): SampleNote {
  const short: SampleNote['short'] = [];
  const behindPlan: SampleNote['behindPlan'] = [];
  for (const g of groups) {
    // Each channel's own low-sample rule (services/channels): a response count, or its visit plan.
    let done = 0;
    let judgedByPlan = false;
    for (const channel of CHANNELS) {
      const rule = channels.modules.get(channel)!.lowSample;
      const n = g.responses[channel];
      if (rule.kind === 'visitPlan') {
        done += n;
        judgedByPlan = true;
      } else if (n > 0 && n < rule.n) short.push({ siteCode: g.siteCode, channel, n });
    }
    const due = g.siteCode === null ? [...planned.values()].reduce((a, b) => a + b, 0) : (planned.get(g.siteCode) ?? 0);
    if (judgedByPlan && done < due) behindPlan.push({ siteCode: g.siteCode, done, planned: due });
  }
  return { short, behindPlan, threshold: LOW_SAMPLE_N };
}

/** The note for a page's groups, with the visit plans of the sites in scope (none for a role that may not read plans). */
export async function sampleNoteFor(ctx: TenantContext, scope: DashboardScope, groups: readonly SampleGroup[]): Promise<SampleNote> {
  const sites = new Map((await listSites(ctx)).map((s) => [s._id, s.code]));
  let plans: PlanWindow[] = [];
  try {
    plans = (await listPlans(ctx))
      .filter((p) => sites.has(p.siteId) && (!scope.site || p.siteId === scope.site._id))
      .map((p) => ({ siteCode: sites.get(p.siteId)!, from: p.from, to: p.to, visits: p.visits }));
  } catch (err) {
    if (!(err instanceof ForbiddenError)) throw err;
  }
  return sampleNoteOf(groups, plannedVisits(plans, scope, localToday(scope.tzOffsetMinutes)));
}
