/**
 * The printable audit report: enterprise and sites, CPSQ with intervals and
 * the gate, the indicator table with points, the star projection, the sample
 * sizes per channel and the method behind every number. With an audit
 * (services/audits) its projection and evidence period are used; without one,
 * the dashboard scope and a projection from customer data alone.
 */
import { getEnterprise } from '../accounts/enterprises';
import { listSites } from '../accounts/sites';
import { getAudit, listAudits } from '../audits/audits';
import type { EnterpriseLift } from '../audits/lift';
import { auditProjection, type AuditProjection } from '../audits/projection';
import type { TenantContext } from '../context';
import { getProject, projectCatalogue } from '../scores/projects';
import { getScores } from '../scores/query';
import { auditSite } from '../scoring/audit';
import { perceivedScores } from '../scoring/cpsq';
import { CORRELATION_NOTE } from '../scoring/composite';
import { scoreQueryOf, type DashboardScope } from './filters';
import { indicatorsView, type IndicatorRow } from './indicators';
import { channelMix, figureOf, responsesOf, type ChannelMix, type Figure } from './overview';
import { projectionFor, type DashboardProjection } from './projection';

export interface ReportIndicator extends IndicatorRow {
  /** Points earned in the projection (enterprise: site results weighted as the enterprise score weighs them). */
  earned: number | null;
  applicable: boolean;
}

export interface AuditReport {
  enterprise: { name: string; code: string };
  generatedAt: string;
  period: { from: string; to: string };
  catalogue: { key: string; name: { 'zh-CN': string; en: string }; sources: string[]; notes: string | null };
  audit: AuditProjection['audit'] | null;
  audits: Array<{ id: string; kind: string; plannedDate: string; status: string }>;
  sites: Array<{ code: string; name: string; city: string; cpsq: Figure; responses: number; gatePassed: boolean; audit: { score: number; level: string } | null }>;
  cpsq: Figure;
  gate: { target: number; rule: string; value: number | null; passed: boolean; method: string };
  channels: ChannelMix[];
  responses: number;
  indicators: ReportIndicator[];
  projection: DashboardProjection;
  lift: EnterpriseLift | null;
  nonconformities: Array<{ site: string; code: string; note: string; evidence: string; dueDate: string }>;
  methods: string[];
}

/** Indicator code → earned points of the projection. */
function earnedFromAudit(p: AuditProjection): Map<string, { earned: number; applicable: boolean }> {
  const out = new Map<string, { earned: number; applicable: boolean }>();
  const weights = p.enterprise?.weights ?? {};
  for (const site of p.sites) {
    const w = weights[site.siteId] ?? 0;
    for (const row of site.audit?.indicators ?? []) {
      const e = out.get(row.code) ?? { earned: 0, applicable: false };
      e.earned += w * row.earned;
      e.applicable ||= row.applicable;
      out.set(row.code, e);
    }
  }
  return out;
}

export async function auditReport(ctx: TenantContext, scope: DashboardScope, auditId?: string): Promise<AuditReport> {
  const projectionOfAudit = auditId ? await auditProjection(ctx, (await getAudit(ctx, auditId))._id) : null;
  const period = projectionOfAudit ? projectionOfAudit.period : { from: scope.from, to: scope.to };
  const reportScope: DashboardScope = { ...scope, ...period };
  const settings = await getProject(ctx);
  const catalogue = projectCatalogue(settings);
  const scores = await getScores(ctx, scoreQueryOf(reportScope));
  const view = await indicatorsView(ctx, reportScope);

  let earned: Map<string, { earned: number; applicable: boolean }>;
  let projection: DashboardProjection;
  if (projectionOfAudit) {
    earned = earnedFromAudit(projectionOfAudit);
    const ent = projectionOfAudit.enterprise;
    const a = projectionOfAudit.audit;
    projection = {
      source: 'audit',
      audit: { id: a._id, kind: a.kind, status: a.status, plannedDate: a.plannedDate },
      period,
      score: ent?.score ?? null,
      level: ent?.level ?? null,
      leftOut: 0,
      noEvidence: projectionOfAudit.sites.reduce((n, s) => n + s.flags.noEvidence.length, 0),
      method: `${projectionOfAudit.methods.site} ${projectionOfAudit.methods.enterprise ?? ''}`.trim(),
    };
  } else {
    projection = await projectionFor(ctx, { ...reportScope }, scores);
    const onsite = Object.fromEntries(catalogue.indicators.filter((n) => !n.evidence?.includes('perceived')).map((n) => [n.code, { status: 'na' as const, reason: 'not audited yet' }]));
    const site = projection.source === 'none' ? null : auditSite({ catalogue, onsite, perceived: perceivedScores(scores) });
    earned = new Map((site?.indicators ?? []).map((r) => [r.code, { earned: r.earned, applicable: r.applicable }]));
  }

  const enterprise = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  const sites = await listSites(ctx);
  const siteAudit = new Map((projectionOfAudit?.sites ?? []).map((s) => [s.siteId, s.audit]));
  return {
    enterprise: { name: enterprise.name, code: enterprise.code },
    generatedAt: new Date().toISOString(),
    period,
    catalogue: { key: scores.catalogue, name: catalogue.name, sources: catalogue.sources, notes: catalogue.notes ?? null },
    audit: projectionOfAudit?.audit ?? null,
    audits: (await listAudits(ctx)).map((a) => ({ id: a._id, kind: a.kind, plannedDate: a.plannedDate, status: a.status })),
    sites: sites
      .filter((s) => !scope.site || s._id === scope.site._id)
      .map((s) => {
        const bySite = scores.bySite?.find((b) => b.siteId === s._id);
        const audit = siteAudit.get(s._id);
        return {
          code: s.code,
          name: s.name,
          city: s.city,
          cpsq: bySite ? { score: bySite.cpsq.score, ci: bySite.cpsq.ci, lowSample: bySite.cpsq.lowSample, method: bySite.cpsq.method } : figureOf(scores.cpsq),
          responses: bySite?.responses ?? responsesOf(scores),
          gatePassed: bySite?.gate.passed ?? scores.gate.passed,
          audit: audit ? { score: audit.score, level: audit.level } : null,
        };
      }),
    cpsq: figureOf(scores.cpsq),
    gate: scores.gate,
    channels: channelMix(scores),
    responses: responsesOf(scores),
    indicators: view.tree.map((row) => ({ ...row, earned: earned.get(row.code)?.earned ?? null, applicable: earned.get(row.code)?.applicable ?? false })),
    projection,
    lift: projectionOfAudit?.enterprise?.lift ?? null,
    nonconformities: (projectionOfAudit?.sites ?? []).flatMap((s) => s.nonconformities.map((n) => ({ site: s.code, code: n.code, note: n.note, evidence: n.evidence, dueDate: n.dueDate }))),
    methods: [
      scores.cpsq.method,
      scores.gate.method,
      ...scores.droppedChannels.map((c) => `Channel ${c} has no data in this period and is left out; the other weights are renormalised.`),
      view.method,
      projection.method,
      ...(projectionOfAudit ? [projectionOfAudit.methods.perceived, projectionOfAudit.methods.evidence] : []),
      `Indicator intervals: S(c,i) ± t(0.975, n−1)·SD/√n per channel; low sample when n < 30. ${CORRELATION_NOTE}`,
      'Full formulas and worked examples: docs/scoring.md.',
    ],
  };
}
