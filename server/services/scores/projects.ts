/**
 * The certification project of an enterprise: which catalogue it is audited
 * on and every choice the scoring model leaves open (domain.md §3, §4), with
 * the documented defaults until the enterprise changes them.
 */
import { ValidationError } from '../../errors';
import type { Doc } from '../../store/types';
import { recordAudit } from '../auditLog';
import { getCatalogue, withPointOverrides, type LoadedCatalogue } from '../catalogues';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { validateChannelWeights } from '../scoring/cpsq';
import { DEFAULT_SCHEME, shippedSchemes } from '../schemes/shipped';
import { schemeKey, type SchemeRef } from '../schemes/types';
import type { EnterpriseWeighting } from '../scoring/projection';
import type { Channel } from '../templates/types';
import type { StoredTimeline } from '../audits/timeline';
import { assertAllowed } from '../policy';

export interface ProjectSettings {
  /** The certification scheme version the project follows (schemes/pin.ts): its audit rules and levels. */
  scheme: SchemeRef;
  catalogue: { code: string; version: string };
  target: number;
  gateRule: 'point' | 'lowerBound';
  channelWeights: Record<Channel, number>;
  /** Scores: pool all responses ('pooled') or weigh sites equally ('equal'). */
  siteWeighting: 'pooled' | 'equal';
  /** Audit: enterprise score from site scores weighted by responses, equally, or the minimum site. */
  auditWeighting: EnterpriseWeighting;
  /** Indicator (or item) code → maximum points, overriding the catalogue's defaults. */
  pointOverrides: Record<string, number>;
  /** First day of the certification year (YYYY-MM-DD). */
  certificationStart: string;
}

/** Stored form: indicator codes contain dots, which document keys may not, so overrides are pairs. */
export interface Project extends Doc, Omit<ProjectSettings, 'pointOverrides'> {
  enterpriseId: string;
  pointOverrides: Array<{ code: string; points: number }>;
  updatedAt: string;
  /** Certification stages, kept by services/audits/timeline.ts; never part of the settings. */
  timeline?: StoredTimeline;
}

export const DEFAULT_CATALOGUE = 'sbt10401-27';

/** A new project follows the default scheme: its catalogue (latest version of that code), weights, gate and roll-up. */
export function defaultSettings(): ProjectSettings {
  const scheme = shippedSchemes().get(schemeKey(DEFAULT_SCHEME))!;
  const catalogue = getCatalogue(DEFAULT_CATALOGUE);
  return {
    scheme: { ...DEFAULT_SCHEME },
    catalogue: { code: catalogue.code, version: catalogue.version },
    target: scheme.gate.target,
    gateRule: scheme.gate.rule,
    channelWeights: { ...scheme.channelWeights },
    siteWeighting: 'pooled',
    auditWeighting: scheme.enterpriseRollup,
    pointOverrides: {},
    certificationStart: `${new Date().getUTCFullYear()}-01-01`,
  };
}

export async function getProject(ctx: TenantContext): Promise<ProjectSettings & { stored: boolean }> {
  const stored = await ctx.store.collection<Project>('projects').findOne({ _id: `project:${ctx.actor.enterpriseId}` });
  if (!stored) return { ...defaultSettings(), stored: false };
  const { _id, enterpriseId: _e, updatedAt: _u, timeline: _t, pointOverrides, ...settings } = stored;
  return { ...defaultSettings(), ...settings, pointOverrides: Object.fromEntries(pointOverrides.map((o) => [o.code, o.points])), stored: true };
}

/** The project's catalogue with its point overrides applied. */
export function projectCatalogue(settings: ProjectSettings): LoadedCatalogue {
  const base = getCatalogue(settings.catalogue.code, settings.catalogue.version);
  return Object.keys(settings.pointOverrides).length ? withPointOverrides(base, settings.pointOverrides) : base;
}

/** The stored form of some settings: point overrides as pairs, as the project document keeps them. */
function storedForm(settings: Partial<ProjectSettings>): Record<string, unknown> {
  const { pointOverrides, ...rest } = settings;
  return pointOverrides ? { ...rest, pointOverrides: Object.entries(pointOverrides).map(([code, points]) => ({ code, points })) } : rest;
}

export async function updateProject(ctx: TenantContext, changes: Partial<ProjectSettings>): Promise<ProjectSettings> {
  assertAllowed(ctx.actor, 'project', 'manage');
  return withTenantTransaction(ctx, async (tx) => {
    const current = await getProject(tx);
    const merged = { ...current, ...changes };
    // Validate everything before storing: a bad weight must not reach a score.
    validateChannelWeights(merged.channelWeights);
    if (!(merged.target >= 0 && merged.target <= 100)) throw new ValidationError('target: must be between 0 and 100', 'target');
    projectCatalogue(merged);
    const { stored: _s, ...settings } = merged;
    const { pointOverrides } = storedForm(settings) as { pointOverrides: Project['pointOverrides'] };
    await tx.store
      .collection<Project>('projects')
      .updateOne({ _id: `project:${ctx.actor.enterpriseId}` }, { $set: { ...settings, pointOverrides, updatedAt: nowIso() } }, { upsert: true });
    const changed = Object.keys(changes) as (keyof ProjectSettings)[];
    await recordAudit(tx, 'project.update', 'projects', `project:${ctx.actor.enterpriseId}`, {
      before: storedForm(Object.fromEntries(changed.map((k) => [k, current[k]]))),
      after: storedForm(changes),
    });
    return settings;
  });
}
