/**
 * A certification project pins one scheme version. Pinning adopts the
 * scheme's catalogue, channel weights, gate and roll-up rule as the project's
 * settings (which the admin may still adjust), and its audit rules and levels
 * apply to every projection from then on. Nothing stored is rewritten:
 * rollups do not depend on the scheme, so the scores are simply re-projected.
 */
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { assertAllowed } from '../policy';
import { getProject, type Project, type ProjectSettings } from '../scores/projects';
import { getScheme } from './registry';
import { schemeSummary, type SchemeSummary } from './settings';
import { schemeKey, type RegisteredScheme, type SchemeRef } from './types';

const ADOPTED = ['scheme', 'catalogue', 'target', 'gateRule', 'channelWeights', 'auditWeighting'] as const;

export async function pinScheme(ctx: TenantContext, ref: SchemeRef): Promise<ProjectSettings> {
  assertAllowed(ctx.actor, 'project', 'manage');
  const scheme = await getScheme(ctx.root, ref);
  return withTenantTransaction(ctx, async (tx) => {
    const { stored: _s, pointOverrides, ...current } = await getProject(tx);
    const adopted: Pick<ProjectSettings, (typeof ADOPTED)[number]> = {
      scheme: { code: scheme.code, version: scheme.version },
      catalogue: { ...scheme.catalogue },
      target: scheme.gate.target,
      gateRule: scheme.gate.rule,
      channelWeights: { ...scheme.channelWeights },
      auditWeighting: scheme.enterpriseRollup,
    };
    const sameCatalogue = current.catalogue.code === scheme.catalogue.code && current.catalogue.version === scheme.catalogue.version;
    // Point overrides name codes of the old catalogue; on another catalogue they would not apply.
    const overrides = sameCatalogue ? pointOverrides : {};
    await tx.store
      .collection<Project>('projects')
      .updateOne(
        { _id: `project:${ctx.actor.enterpriseId}` },
        { $set: { ...current, ...adopted, pointOverrides: Object.entries(overrides).map(([code, points]) => ({ code, points })), updatedAt: nowIso() } },
        { upsert: true },
      );
    await recordAudit(tx, 'project.scheme', 'projects', `project:${ctx.actor.enterpriseId}`, {
      before: { scheme: schemeKey(current.scheme), ...Object.fromEntries(ADOPTED.slice(1).map((k) => [k, current[k]])) },
      after: { scheme: schemeKey(scheme), ...Object.fromEntries(ADOPTED.slice(1).map((k) => [k, adopted[k]])) },
      ...(sameCatalogue || !Object.keys(pointOverrides).length ? {} : { pointOverridesDropped: Object.keys(pointOverrides).length }),
    });
    return { ...current, ...adopted, pointOverrides: overrides };
  });
}

/** The scheme version the caller's project follows. */
export async function projectScheme(ctx: TenantContext, settings?: ProjectSettings): Promise<RegisteredScheme> {
  return getScheme(ctx.root, (settings ?? (await getProject(ctx))).scheme);
}

export async function projectSchemeSummary(ctx: TenantContext, settings?: ProjectSettings): Promise<SchemeSummary> {
  return schemeSummary(await projectScheme(ctx, settings));
}
