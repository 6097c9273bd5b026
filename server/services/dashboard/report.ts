/**
 * The printable audit report: enterprise and sites, CPSQ with intervals and
 * the gate, the indicator table with points, the star projection, the sample
 * sizes per channel and the facts the method section states in the reader's
 * language (http/reports/methods.ts). With an audit (services/audits) its
 * projection and evidence period are used; without one, the dashboard scope
 * and the dashboard's projection over it (the latest audit's entries, or
 * customer data alone).
 */
import { namesOf } from '../accounts/names';
import { getEnterprise } from '../accounts/enterprises';
import { listSites } from '../accounts/sites';
import { getAudit, listAudits } from '../audits/audits';
import type { EnterpriseLift } from '../audits/lift';
import { auditProjection, type AuditProjection } from '../audits/projection';
import type { TenantContext } from '../context';
import { getProject, projectCatalogue, type ProjectSettings } from '../scores/projects';
import { getScores } from '../scores/query';
import type { AuditSettings, SiteAudit } from '../scoring/audit';
import { projectScheme } from '../schemes/pin';
import { auditSettingsOf, schemeSummary, type SchemeSummary } from '../schemes/settings';
import type { Channel } from '../templates/types';
import { baselinesOf, changesOf, siteCpsq, type Change } from './changes';
import type { DashboardScope } from './filters';
import { scoreQueryOf } from './filters';
import { indicatorsView, type IndicatorRow } from './indicators';
import { channelMix, figureOf, responsesOf, type ChannelMix, type Figure } from './overview';
import { projectionDetail, type DashboardProjection } from './projection';

/**
 * What the points column says of an indicator. `notAssessed`: applicable but
 * nothing recorded yet (no auditor entry, no customer data), so it earns 0;
 * `awaitingAudit`: a projection from customer data alone leaves an on-site
 * indicator out of the denominator until an audit records it;
 * `notApplicable`: the auditor recorded N/A with a reason, out of the denominator.
 */
export type EarnedState = 'scored' | 'notAssessed' | 'awaitingAudit' | 'notApplicable';

export interface ReportIndicator extends IndicatorRow {
  /** Points earned in the projection (enterprise: site results weighted as the enterprise score weighs them). */
  earned: number | null;
  /** Null for levels and items and when there is no projection. */
  state: EarnedState | null;
  /** Sites where the indicator applies and nothing is recorded yet: they add 0 to `earned`. */
  sitesNotAssessed: number;
  /** Sites where an indicator evidenced on site and by customers had only one side, and was scored on it alone. */
  sitesOneSided: number;
}

export interface AuditReport {
  enterprise: { name: string; code: string };
  generatedAt: string;
  period: { from: string; to: string };
  catalogue: { key: string; name: { 'zh-CN': string; en: string }; sources: string[]; withProjectPoints: boolean };
  audit: AuditProjection['audit'] | null;
  audits: Array<{ id: string; kind: string; plannedDate: string; status: string }>;
  sites: Array<{
    code: string;
    name: string;
    city: string;
    cpsq: Figure;
    responses: number;
    gatePassed: boolean;
    audit: { score: number; level: string } | null;
    changes: Change[];
  }>;
  cpsq: Figure;
  /** CPSQ against the previous period and the same period last year (dashboard/changes.ts). */
  changes: Change[];
  gate: { target: number; rule: string; value: number | null; passed: boolean; method: string };
  channels: ChannelMix[];
  droppedChannels: Channel[];
  responses: number;
  indicators: ReportIndicator[];
  projection: DashboardProjection;
  /** The certification scheme version the projection was scored under. */
  scheme: SchemeSummary;
  /** The rules the projection was scored with, for the method section. */
  scoring: { settings: AuditSettings; weighting: ProjectSettings['auditWeighting'] };
  lift: EnterpriseLift | null;
  nonconformities: Array<{ site: string; code: string; note: string; evidence: string; dueDate: string }>;
}

type Earned = Map<string, { earned: number; state: EarnedState; sitesNotAssessed: number; sitesOneSided: number }>;

/** Indicator code → points of the projection, over one site or the enterprise (sites weighted as its score weighs them). */
function earnedFromAudit(p: AuditProjection, siteId: string | null): Earned {
  const sites = siteId ? p.sites.filter((s) => s.siteId === siteId) : p.sites;
  const weights: Record<string, number> = siteId ? { [siteId]: 1 } : (p.enterprise?.weights ?? {});
  const tally = new Map<string, { earned: number; applicable: number; notAssessed: number; oneSided: number }>();
  for (const site of sites) {
    const w = weights[site.siteId] ?? 0;
    for (const row of site.audit?.indicators ?? []) {
      const e = tally.get(row.code) ?? { earned: 0, applicable: 0, notAssessed: 0, oneSided: 0 };
      e.earned += w * row.earned;
      if (row.applicable) e.applicable += 1;
      if (row.applicable && row.flags.includes('noEvidence')) e.notAssessed += 1;
      if (row.applicable && row.flags.includes('oneSided')) e.oneSided += 1;
      tally.set(row.code, e);
    }
  }
  const out: Earned = new Map();
  for (const [code, e] of tally) {
    const state: EarnedState = e.applicable === 0 ? 'notApplicable' : e.notAssessed === e.applicable ? 'notAssessed' : 'scored';
    out.set(code, { earned: e.earned, state, sitesNotAssessed: e.notAssessed, sitesOneSided: e.oneSided });
  }
  return out;
}

function earnedFromCustomerData(site: SiteAudit, leftOut: string[]): Earned {
  const awaiting = new Set(leftOut);
  return new Map(
    site.indicators.map((r) => {
      const notAssessed = r.applicable && r.flags.includes('noEvidence');
      const state: EarnedState = awaiting.has(r.code) ? 'awaitingAudit' : !r.applicable ? 'notApplicable' : notAssessed ? 'notAssessed' : 'scored';
      const oneSided = r.applicable && r.flags.includes('oneSided') && !awaiting.has(r.code);
      return [r.code, { earned: r.earned, state, sitesNotAssessed: notAssessed ? 1 : 0, sitesOneSided: oneSided ? 1 : 0 }];
    }),
  );
}

export async function auditReport(ctx: TenantContext, scope: DashboardScope, auditId?: string): Promise<AuditReport> {
  const projectionOfAudit = auditId ? await auditProjection(ctx, (await getAudit(ctx, auditId))._id) : null;
  const period = projectionOfAudit ? projectionOfAudit.period : { from: scope.from, to: scope.to };
  // An audit's evidence period is its own window: compared with the days before it, whatever period the dashboard showed.
  const reportScope: DashboardScope = projectionOfAudit ? { ...scope, ...period, filters: { ...scope.filters, period: undefined } } : { ...scope, ...period };
  const settings = await getProject(ctx);
  const catalogue = projectCatalogue(settings);
  const [scores, view, baselines] = await Promise.all([
    getScores(ctx, scoreQueryOf(reportScope)),
    indicatorsView(ctx, reportScope),
    baselinesOf(ctx, reportScope),
  ]);

  let projection: DashboardProjection;
  let audited: AuditProjection | null;
  let earned: Earned;
  if (projectionOfAudit) {
    audited = projectionOfAudit;
    const site = scope.site ? projectionOfAudit.sites.find((x) => x.siteId === scope.site!._id) : null;
    // A report filtered to one site states that site's result, as its indicator table does.
    const result = scope.site ? (site?.audit ?? null) : projectionOfAudit.enterprise;
    const a = projectionOfAudit.audit;
    projection = {
      source: 'audit',
      audit: { id: a._id, kind: a.kind, status: a.status, plannedDate: a.plannedDate },
      period,
      score: result?.score ?? null,
      level: result?.level ?? null,
      leftOut: 0,
      noEvidence: (site ? [site] : projectionOfAudit.sites).reduce((n, s) => n + s.flags.noEvidence.length, 0),
      method: `${projectionOfAudit.methods.site} ${projectionOfAudit.methods.enterprise ?? ''}`.trim(),
      scheme: projectionOfAudit.scheme,
      blockingSites: scope.site
        ? []
        : (projectionOfAudit.enterprise?.blockingSites ?? []).map((b) => ({
            code: projectionOfAudit.sites.find((x) => x.siteId === b.siteId)?.code ?? b.siteId,
            reasons: b.reasons,
          })),
      blocksLevel: !scope.site && (projectionOfAudit.enterprise?.barredSites.length ?? 0) > 0,
    };
    earned = earnedFromAudit(projectionOfAudit, scope.site?._id ?? null);
  } else {
    // The dashboard's own projection, so the report's summary, site table and indicator table tell one story.
    const detail = await projectionDetail(ctx, reportScope, scores);
    projection = detail.projection;
    audited = detail.audited;
    earned = detail.audited
      ? earnedFromAudit(detail.audited, scope.site?._id ?? null)
      : detail.customerOnly
        ? earnedFromCustomerData(detail.customerOnly.site, detail.customerOnly.leftOut)
        : new Map();
  }

  const enterprise = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  const sites = await listSites(ctx);
  const scheme = audited ? null : await projectScheme(ctx, settings);
  const siteAudit = new Map((audited?.sites ?? []).map((s) => [s.siteId, s.audit]));
  return {
    enterprise: { ...namesOf(enterprise), code: enterprise.code },
    generatedAt: new Date().toISOString(),
    period,
    catalogue: { key: scores.catalogue, name: catalogue.name, sources: catalogue.sources, withProjectPoints: Object.keys(settings.pointOverrides).length > 0 },
    audit: projectionOfAudit?.audit ?? null,
    audits: (await listAudits(ctx)).map((a) => ({ id: a._id, kind: a.kind, plannedDate: a.plannedDate, status: a.status })),
    sites: sites
      .filter((s) => !scope.site || s._id === scope.site._id)
      .map((s) => {
        const bySite = scores.bySite?.find((b) => b.siteId === s._id);
        const audit = siteAudit.get(s._id);
        return {
          code: s.code,
          ...namesOf(s),
          city: s.city,
          cpsq: bySite ? { score: bySite.cpsq.score, ci: bySite.cpsq.ci, lowSample: bySite.cpsq.lowSample, method: bySite.cpsq.method } : figureOf(scores.cpsq),
          responses: bySite?.responses ?? responsesOf(scores),
          gatePassed: bySite?.gate.passed ?? scores.gate.passed,
          audit: audit ? { score: audit.score, level: audit.level } : null,
          // An enterprise report's baselines list every site; a one-site report's baselines are that site's.
          changes: bySite ? changesOf(scores, baselines, siteCpsq(s._id)) : changesOf(scores, baselines, (x) => x.cpsq),
        };
      }),
    cpsq: figureOf(scores.cpsq),
    changes: changesOf(scores, baselines, (x) => x.cpsq),
    gate: scores.gate,
    channels: channelMix(scores, baselines),
    droppedChannels: scores.droppedChannels,
    responses: responsesOf(scores),
    indicators: view.tree.map((row) => {
      const e = row.kind === 'indicator' ? earned.get(row.code) : undefined;
      return { ...row, earned: e?.earned ?? null, state: e?.state ?? null, sitesNotAssessed: e?.sitesNotAssessed ?? 0, sitesOneSided: e?.sitesOneSided ?? 0 };
    }),
    projection,
    scheme: audited?.scheme ?? schemeSummary(scheme!),
    scoring: { settings: audited?.settings ?? auditSettingsOf(scheme!), weighting: audited?.weighting ?? settings.auditWeighting },
    lift: projectionOfAudit?.enterprise?.lift ?? null,
    nonconformities: (projectionOfAudit?.sites ?? []).flatMap((s) =>
      s.nonconformities.map((n) => ({ site: s.code, code: n.code, note: n.note, evidence: n.evidence, dueDate: n.dueDate })),
    ),
  };
}
