/**
 * Per-item pass rates per site: for each checklist item, yes / (yes + no) over
 * the approved visits of a period (N/A never counts), beside each site's visit
 * count, mean visit score and failed visits. The indicator scores themselves
 * come from the counted responses, like every channel's.
 */
import type { FieldCondition, Filter } from '../../store/types';
import type { TenantContext } from '../context';
import { namesOf } from '../accounts/names';
import { listSites } from '../accounts/sites';
import type { LocalizedText, TemplateContent } from '../templates/types';
import { getVersion } from '../templates/versions';
import { visits } from './access';
import type { SubmittedReport } from './types';

export interface ItemRate {
  questionId: string;
  prompt: LocalizedText;
  critical: boolean;
  /** siteId → counts and rate (undefined when no visit answered yes or no). */
  sites: Record<string, { yes: number; no: number; na: number; rate?: number }>;
}

export interface SiteVisitSummary {
  siteId: string;
  code: string;
  name: string;
  nameEn?: string;
  visits: number;
  failed: number;
  meanScore?: number;
}

export interface PassRateReport {
  from?: string;
  to?: string;
  sites: SiteVisitSummary[];
  items: ItemRate[];
  /** The first and last visit dates counted, so a page can say what an open period covered. */
  visitDates?: { first: string; last: string };
}

export async function passRates(ctx: TenantContext, period: { from?: string; to?: string } = {}): Promise<PassRateReport> {
  const sites = await listSites(ctx);
  const visible = new Set(sites.map((s) => s._id));
  const summary = new Map(sites.map((s) => [s._id, { siteId: s._id, code: s.code, ...namesOf(s), visits: 0, failed: 0, scoreSum: 0, scored: 0 }]));
  const items = new Map<string, ItemRate>();
  const contents = new Map<string, TemplateContent>();
  const range: FieldCondition = { ...(period.from ? { $gte: period.from } : {}), ...(period.to ? { $lte: period.to } : {}) };
  let visitDates: PassRateReport['visitDates'];
  const filter: Filter = Object.keys(range).length ? { state: 'approved', 'report.visitDate': range } : { state: 'approved' };
  for await (const visit of visits(ctx).iterate(filter, { sort: { 'report.visitDate': 1 } })) {
    const site = summary.get(visit.siteId);
    if (!site || !visible.has(visit.siteId)) continue;
    const key = `${visit.templateId}@${visit.templateVersion}`;
    if (!contents.has(key)) contents.set(key, (await getVersion(ctx, visit.templateId, visit.templateVersion)).content);
    const content = contents.get(key)!;
    const answers = (visit.report as SubmittedReport).answers;
    site.visits += 1;
    const day = (visit.report as SubmittedReport).visitDate;
    // Iterated in visit-date order: the first seen is the earliest.
    visitDates = visitDates ? { first: visitDates.first, last: day } : { first: day, last: day };
    if (visit.score?.failed) site.failed += 1;
    if (visit.score?.score !== undefined) {
      site.scoreSum += visit.score.score;
      site.scored += 1;
    }
    for (const q of content.sections.flatMap((s) => s.questions)) {
      if (q.type !== 'checklist') continue;
      const item = items.get(q.id) ?? { questionId: q.id, prompt: q.prompt, critical: q.critical === true, sites: {} };
      item.prompt = q.prompt; // the latest version's wording
      const counts = (item.sites[visit.siteId] ??= { yes: 0, no: 0, na: 0 });
      const a = answers[q.id];
      if (a === 'yes' || a === 'no' || a === 'na') counts[a] += 1;
      items.set(q.id, item);
    }
  }
  for (const item of items.values()) {
    for (const c of Object.values(item.sites)) if (c.yes + c.no > 0) c.rate = (c.yes / (c.yes + c.no)) * 100;
  }
  return {
    ...period,
    sites: [...summary.values()].map(({ scoreSum, scored, ...s }) => ({ ...s, ...(scored ? { meanScore: scoreSum / scored } : {}) })),
    items: [...items.values()],
    ...(visitDates ? { visitDates } : {}),
  };
}
