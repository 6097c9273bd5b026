/**
 * The audit projection (domain.md §4): per site the audit score from the
 * auditor's entries and P(i) of that site's customer data over the audit's
 * evidence period, its star level, flags and the lift to the next level; for
 * the enterprise the weighted score, the CPSQ gate and the sample sizes behind
 * every number, with the method in words.
 */
import { ValidationError } from '../../errors';
import { namesOf } from '../accounts/names';
import type { LoadedCatalogue } from '../catalogues';
import type { TenantContext } from '../context';
import { getProject, projectCatalogue, type ProjectSettings } from '../scores/projects';
import { getScores, type ScoreReport } from '../scores/query';
import { type AuditFlag, type AuditSettings, auditSite, type OnsiteEntry, type SiteAudit } from '../scoring/audit';
import { projectScheme } from '../schemes/pin';
import { auditSettingsOf, schemeSummary, type SchemeSummary } from '../schemes/settings';
import { enterpriseAudit, type EnterpriseAudit, type LevelLift, nextLevelLift } from '../scoring/projection';
import { CHANNELS, type Channel } from '../templates/types';
import { auditSites, getAudit } from './audits';
import { auditCatalogueOf, listAdjustments, listEntries } from './recorded';
import { type EnterpriseLift, enterpriseLift } from './lift';
import type { Audit, AuditEntry, Nonconformity } from './types';

export interface ChannelSample {
  responses: number;
  weight: number;
  score: number | null;
  ci: [number, number] | null;
  lowSample: boolean;
}

export interface SiteProjection {
  siteId: string;
  code: string;
  name: string;
  nameEn?: string;
  /** Null when every indicator is N/A: nothing to score. */
  audit: SiteAudit | null;
  lift: LevelLift | null;
  flags: Record<AuditFlag, string[]>;
  entries: AuditEntry[];
  nonconformities: Array<Nonconformity & { code: string }>;
  bonus: { points: number; reason: string } | null;
  deductions: Array<{ id: string; reason: string; evidence?: string }>;
  /** P(i) with data, its CI and the responses behind it. */
  perceived: Record<string, { score: number; ci: [number, number] | null; n: number }>;
  cpsq: { score: number | null; ci: [number, number] | null; lowSample: boolean };
  responses: number;
  channels: Record<Channel, ChannelSample>;
}

export interface AuditProjection {
  audit: Pick<Audit, '_id' | 'kind' | 'status' | 'plannedDate' | 'evidenceFrom' | 'evidenceTo' | 'result'>;
  catalogue: { key: string; withProjectPoints: boolean; customerData: string };
  /** The certification scheme version whose rules and levels produced these numbers. */
  scheme: SchemeSummary;
  period: { from: string; to: string };
  weighting: ProjectSettings['auditWeighting'];
  settings: SiteAudit['settings'];
  sites: SiteProjection[];
  enterprise: (EnterpriseAudit & { lift: EnterpriseLift }) | null;
  cpsq: Pick<ScoreReport, 'gate' | 'effectiveWeights' | 'droppedChannels'> & {
    score: number | null;
    ci: [number, number] | null;
    lowSample: boolean;
    method: string;
    channels: Record<Channel, ChannelSample & { method: string }>;
  };
  sampleSizes: Record<Channel, number> & { total: number };
  methods: { site: string; enterprise: string | null; lift: string | null; cpsq: string; gate: string; perceived: string; evidence: string };
}

function channelSamples(report: ScoreReport): Record<Channel, ChannelSample & { method: string }> {
  return Object.fromEntries(
    CHANNELS.map((c) => {
      const r = report.channels[c];
      return [c, { responses: r.responses, weight: r.weight, score: r.score, ci: r.ci, lowSample: r.lowSample, method: r.method }];
    }),
  ) as Record<Channel, ChannelSample & { method: string }>;
}

/** P(i) of the perceived indicators with data, with the responses behind each. */
function perceivedOf(report: ScoreReport, catalogue: LoadedCatalogue): SiteProjection['perceived'] {
  const out: SiteProjection['perceived'] = {};
  for (const node of catalogue.indicators) {
    const p = report.perceived[node.code];
    if (!node.evidence?.includes('perceived') || !p || p.score === null) continue;
    const n = CHANNELS.reduce((sum, c) => sum + (report.channels[c].indicators[node.code]?.n ?? 0), 0);
    out[node.code] = { score: p.score, ci: p.ci, n };
  }
  return out;
}

function scoreSite(
  catalogue: LoadedCatalogue,
  settings: AuditSettings,
  entries: AuditEntry[],
  perceived: Record<string, number>,
  bonus: number,
  deductions: number,
): SiteAudit | null {
  const onsite: Record<string, OnsiteEntry> = {};
  for (const e of entries)
    onsite[e.code] = { status: e.status, ...(e.fraction !== undefined ? { fraction: e.fraction } : {}), ...(e.reason ? { reason: e.reason } : {}) };
  try {
    return auditSite({ catalogue, onsite, perceived, bonus, specialDeductions: deductions, settings });
  } catch (err) {
    // Every indicator N/A: the site has nothing to be scored on.
    if (err instanceof ValidationError && err.field === 'onsite') return null;
    throw err;
  }
}

/** The audit's catalogue with the project's point overrides, which apply while the project stays on it. */
export function scoringCatalogue(settings: ProjectSettings, audit: Audit): { catalogue: LoadedCatalogue; sameCatalogue: boolean } {
  const sameCatalogue = settings.catalogue.code === audit.catalogue.code && settings.catalogue.version === audit.catalogue.version;
  return { catalogue: sameCatalogue ? projectCatalogue(settings) : auditCatalogueOf(audit), sameCatalogue };
}

/**
 * `customerData` replaces the audit's evidence period, for views that put the
 * projection beside figures of another period (the dashboard, its report): the
 * auditor's entries stay, the customer data is that of the period shown.
 */
export async function auditProjection(ctx: TenantContext, auditId: string, customerData?: { from: string; to: string }): Promise<AuditProjection> {
  const audit = await getAudit(ctx, auditId);
  const settings = await getProject(ctx);
  const scheme = await projectScheme(ctx, settings);
  const auditSettings = auditSettingsOf(scheme);
  const { catalogue, sameCatalogue } = scoringCatalogue(settings, audit);
  const period = customerData ? { from: customerData.from, to: customerData.to } : { from: audit.evidenceFrom, to: audit.evidenceTo };
  const [sites, entries, adjustments, whole] = await Promise.all([
    auditSites(ctx, audit),
    listEntries(ctx, auditId),
    listAdjustments(ctx, auditId),
    getScores(ctx, period),
  ]);

  const siteResults: SiteProjection[] = [];
  for (const site of sites) {
    const report = await getScores(ctx, { ...period, siteId: site._id });
    const perceived = perceivedOf(report, catalogue);
    const siteEntries = entries.filter((e) => e.siteId === site._id);
    const bonus = adjustments.find((a) => a.siteId === site._id && a.kind === 'bonus');
    const deductions = adjustments.filter((a) => a.siteId === site._id && a.kind === 'deduction');
    const scored = scoreSite(
      catalogue,
      auditSettings,
      siteEntries,
      Object.fromEntries(Object.entries(perceived).map(([c, p]) => [c, p.score])),
      bonus?.points ?? 0,
      deductions.length,
    );
    const flags: Record<AuditFlag, string[]> = { noEvidence: [], onsiteOnly: [], perceivedOnly: [], oneSided: [] };
    for (const row of scored?.indicators ?? []) for (const f of row.flags) flags[f].push(row.code);
    siteResults.push({
      siteId: site._id,
      code: site.code,
      ...namesOf(site),
      audit: scored,
      lift: scored && nextLevelLift(scored),
      flags,
      entries: siteEntries,
      nonconformities: siteEntries.filter((e) => e.nonconformity).map((e) => ({ code: e.code, ...e.nonconformity! })),
      bonus: bonus ? { points: bonus.points!, reason: bonus.reason } : null,
      deductions: deductions.map((d) => ({ id: d._id, reason: d.reason, ...(d.evidence ? { evidence: d.evidence } : {}) })),
      perceived,
      cpsq: { score: report.cpsq.score, ci: report.cpsq.ci, lowSample: report.cpsq.lowSample },
      responses: CHANNELS.reduce((n, c) => n + report.channels[c].responses, 0),
      channels: channelSamples(report),
    });
  }

  const scoredSites = siteResults.filter((s) => s.audit !== null);
  const ent = scoredSites.length
    ? enterpriseAudit(
        scoredSites.map((s) => ({ siteId: s.siteId, label: s.code, audit: s.audit!, responses: s.responses })),
        settings.auditWeighting,
        { thresholds: auditSettings.thresholds, blocking: scheme.multiSiteBlocking },
      )
    : null;
  const lift =
    ent &&
    enterpriseLift(
      ent,
      scoredSites.map((s) => ({ siteId: s.siteId, code: s.code, audit: s.audit!, lift: s.lift! })),
    );
  const sampleSizes = Object.fromEntries(CHANNELS.map((c) => [c, whole.channels[c].responses])) as Record<Channel, number>;
  const siteMethod = scoredSites[0]?.audit?.method ?? auditSite({ catalogue, onsite: {}, settings: auditSettings }).method;
  return {
    audit: {
      _id: audit._id,
      kind: audit.kind,
      status: audit.status,
      plannedDate: audit.plannedDate,
      evidenceFrom: audit.evidenceFrom,
      evidenceTo: audit.evidenceTo,
      ...(audit.result ? { result: audit.result } : {}),
    },
    catalogue: {
      key: `${catalogue.code}@${catalogue.version}`,
      withProjectPoints: sameCatalogue && Object.keys(settings.pointOverrides).length > 0,
      customerData: whole.catalogue,
    },
    period,
    scheme: schemeSummary(scheme),
    weighting: settings.auditWeighting,
    settings: auditSettings,
    sites: siteResults,
    enterprise: ent && lift ? { ...ent, lift } : null,
    cpsq: {
      score: whole.cpsq.score,
      ci: whole.cpsq.ci,
      lowSample: whole.cpsq.lowSample,
      method: whole.cpsq.method,
      gate: whole.gate,
      effectiveWeights: whole.effectiveWeights,
      droppedChannels: whole.droppedChannels,
      channels: channelSamples(whole),
    },
    sampleSizes: { ...sampleSizes, total: CHANNELS.reduce((n, c) => n + sampleSizes[c], 0) },
    methods: {
      site: siteMethod,
      enterprise: ent?.method ?? null,
      lift: lift?.method ?? null,
      cpsq: whole.cpsq.method,
      gate: whole.gate.method,
      perceived:
        'Perceived points: max × P(i)/100 with P(i) = Σ W_c·S(c,i) / Σ W_c of the site’s customer data; an indicator with both kinds of evidence earns max × (fraction + P(i)/100)/2.',
      evidence: customerData
        ? `Customer data from ${period.from} to ${period.to} (the period shown, not the audit's evidence period ${audit.evidenceFrom} to ${audit.evidenceTo}), catalogue ${whole.catalogue}.`
        : `Customer data from ${period.from} to ${period.to} (default: the last 12 months up to the audit date), catalogue ${whole.catalogue}.`,
    },
  };
}
