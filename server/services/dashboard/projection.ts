/**
 * The projected audit score and star level shown on the overview. When the
 * enterprise has an audit (services/audits), its projection is used: auditor
 * entries plus the customer data of the audit's evidence period. Before any
 * audit, the projection rests on customer data alone: indicators that only an
 * auditor can evidence are left out (N/A), perceived ones earn max × P(i)/100.
 */
import { listAudits } from '../audits/audits';
import { auditProjection } from '../audits/projection';
import type { TenantContext } from '../context';
import type { ScoreReport } from '../scores/query';
import { getProject, projectCatalogue } from '../scores/projects';
import { auditSite } from '../scoring/audit';
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
}

const NOT_AUDITED = 'not audited yet: projection from customer data';

async function fromAudit(ctx: TenantContext, scope: DashboardScope): Promise<DashboardProjection | null> {
  const audit = (await listAudits(ctx)).find((a) => a.status !== 'cancelled');
  if (!audit) return null;
  const p = await auditProjection(ctx, audit._id);
  const site = scope.site ? p.sites.find((s) => s.siteId === scope.site!._id) : null;
  const result = scope.site ? site?.audit ?? null : p.enterprise;
  if (!result) return null;
  const flags = scope.site ? site!.flags : { noEvidence: p.sites.flatMap((s) => s.flags.noEvidence) };
  return {
    source: 'audit',
    audit: { id: audit._id, kind: audit.kind, status: audit.status, plannedDate: audit.plannedDate },
    period: p.period,
    score: result.score,
    level: result.level,
    leftOut: 0,
    noEvidence: flags.noEvidence.length,
    method: `${p.methods.site} ${p.methods.enterprise ?? ''} ${p.methods.evidence}`.trim(),
  };
}

function fromCustomerData(report: ScoreReport, catalogue: ReturnType<typeof projectCatalogue>, scope: DashboardScope): DashboardProjection {
  const none: DashboardProjection = { source: 'none', audit: null, period: { from: scope.from, to: scope.to }, score: null, level: null, leftOut: 0, noEvidence: 0, method: 'No customer data in this period.' };
  if (report.cpsq.score === null) return none;
  const onsiteOnly = catalogue.indicators.filter((n) => !n.evidence?.includes('perceived'));
  const onsite = Object.fromEntries(onsiteOnly.map((n) => [n.code, { status: 'na' as const, reason: NOT_AUDITED }]));
  const audit = auditSite({ catalogue, onsite, perceived: perceivedScores(report) });
  return {
    source: 'customerData',
    audit: null,
    period: { from: scope.from, to: scope.to },
    score: audit.score,
    level: audit.level,
    leftOut: onsiteOnly.length,
    noEvidence: audit.indicators.filter((i) => i.flags.includes('noEvidence')).length,
    method: `${audit.method} Indicators evidenced only on site are left out until an audit records them.`,
  };
}

export async function projectionFor(ctx: TenantContext, scope: DashboardScope, report: ScoreReport): Promise<DashboardProjection> {
  const audited = await fromAudit(ctx, scope);
  if (audited) return audited;
  return fromCustomerData(report, projectCatalogue(await getProject(ctx)), scope);
}
