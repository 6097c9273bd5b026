/**
 * The projected audit score and star level shown on the overview. When the
 * enterprise has an audit (services/audits), its auditor entries are scored
 * with the customer data of the period shown, the same period as the CPSQ
 * beside it. Before any audit, the projection rests on customer data alone:
 * indicators that only an auditor can evidence are left out (N/A), perceived
 * ones earn max × P(i)/100.
 */
import { listAudits } from '../audits/audits';
import { auditProjection, type AuditProjection } from '../audits/projection';
import type { TenantContext } from '../context';
import type { ScoreReport } from '../scores/query';
import { getProject, projectCatalogue } from '../scores/projects';
import { auditSite, type SiteAudit } from '../scoring/audit';
import type { BlockingReason } from '../scoring/projection';
import { projectScheme } from '../schemes/pin';
import { auditSettingsOf, schemeSummary, type SchemeSummary } from '../schemes/settings';
import { perceivedScores } from '../scoring/cpsq';
import type { StarLevel } from '../scoring/levels';
import type { DashboardScope } from './filters';

export interface DashboardProjection {
  source: 'audit' | 'customerData' | 'none';
  audit: { id: string; kind: string; status: string; plannedDate: string } | null;
  period: { from: string; to: string };
  score: number | null;
  level: StarLevel | null;
  /** Indicators left out because only an auditor can evidence them (customer-data projection). */
  leftOut: number;
  /** Perceived indicators without customer data: they earn 0 until data arrives. */
  noEvidence: number;
  method: string;
  /** The scheme version whose rules and levels produced it. */
  scheme: SchemeSummary;
  /** Sites that block a multi-site certificate (domain.md §4.5), and whether they bar the level or are only reported. */
  blockingSites: Array<{ code: string; reasons: BlockingReason[] }>;
  blocksLevel: boolean;
}

/** The projection and what it was computed from, for views that show its parts (the report's site and indicator tables). */
export interface ProjectionDetail {
  projection: DashboardProjection;
  /** Set when the projection comes from an audit: its sites over the period shown. */
  audited: AuditProjection | null;
  /** Set for a projection from customer data alone. */
  customerOnly: { site: SiteAudit; leftOut: string[] } | null;
}

const NOT_AUDITED = 'not audited yet: projection from customer data';

async function fromAudit(ctx: TenantContext, scope: DashboardScope): Promise<ProjectionDetail | null> {
  const audit = (await listAudits(ctx)).find((a) => a.status !== 'cancelled');
  if (!audit) return null;
  const p = await auditProjection(ctx, audit._id, { from: scope.from, to: scope.to });
  const site = scope.site ? p.sites.find((s) => s.siteId === scope.site!._id) : null;
  const result = scope.site ? (site?.audit ?? null) : p.enterprise;
  if (!result) return null;
  const flags = scope.site ? site!.flags : { noEvidence: p.sites.flatMap((s) => s.flags.noEvidence) };
  const codeOf = new Map(p.sites.map((s) => [s.siteId, s.code]));
  const blocking = scope.site ? [] : (p.enterprise?.blockingSites ?? []);
  const projection: DashboardProjection = {
    source: 'audit',
    audit: { id: audit._id, kind: audit.kind, status: audit.status, plannedDate: audit.plannedDate },
    period: p.period,
    score: result.score,
    level: result.level,
    leftOut: 0,
    noEvidence: flags.noEvidence.length,
    method: `${p.methods.site} ${p.methods.enterprise ?? ''} ${p.methods.evidence}`.trim(),
    scheme: p.scheme,
    blockingSites: blocking.map((b) => ({ code: codeOf.get(b.siteId) ?? b.siteId, reasons: b.reasons })),
    blocksLevel: !scope.site && (p.enterprise?.barredSites.length ?? 0) > 0,
  };
  return { projection, audited: p, customerOnly: null };
}

function fromCustomerData(
  report: ScoreReport,
  catalogue: ReturnType<typeof projectCatalogue>,
  scope: DashboardScope,
  scheme: Awaited<ReturnType<typeof projectScheme>>,
): ProjectionDetail {
  const named = { scheme: schemeSummary(scheme), blockingSites: [], blocksLevel: false };
  const none: DashboardProjection = {
    source: 'none',
    audit: null,
    period: { from: scope.from, to: scope.to },
    score: null,
    level: null,
    leftOut: 0,
    noEvidence: 0,
    method: 'No customer data in this period.',
    ...named,
  };
  if (report.cpsq.score === null) return { projection: none, audited: null, customerOnly: null };
  const onsiteOnly = catalogue.indicators.filter((n) => !n.evidence?.includes('perceived'));
  const onsite = Object.fromEntries(onsiteOnly.map((n) => [n.code, { status: 'na' as const, reason: NOT_AUDITED }]));
  const audit = auditSite({ catalogue, onsite, perceived: perceivedScores(report), settings: auditSettingsOf(scheme) });
  const projection: DashboardProjection = {
    source: 'customerData',
    audit: null,
    period: { from: scope.from, to: scope.to },
    score: audit.score,
    level: audit.level,
    leftOut: onsiteOnly.length,
    noEvidence: audit.indicators.filter((i) => i.flags.includes('noEvidence')).length,
    method: `${audit.method} Indicators evidenced only on site are left out until an audit records them.`,
    ...named,
  };
  return { projection, audited: null, customerOnly: { site: audit, leftOut: onsiteOnly.map((n) => n.code) } };
}

/** `report` must be getScores of the same scope: the projection uses the customer data of the period it is shown beside. */
export async function projectionDetail(ctx: TenantContext, scope: DashboardScope, report: ScoreReport): Promise<ProjectionDetail> {
  const found = await fromAudit(ctx, scope);
  if (found) return found;
  const settings = await getProject(ctx);
  return fromCustomerData(report, projectCatalogue(settings), scope, await projectScheme(ctx, settings));
}

export async function projectionFor(ctx: TenantContext, scope: DashboardScope, report: ScoreReport): Promise<DashboardProjection> {
  return (await projectionDetail(ctx, scope, report)).projection;
}
