/**
 * Alert rules of one enterprise (the closed loop, domain.md §5): which
 * counted responses open a follow-up task and mail the site's manager.
 * Stored as one document per enterprise; the defaults apply until changed.
 */
import { ValidationError } from '../../errors';
import type { Doc } from '../../store/types';
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { EnterpriseSettingsCache } from '../enterpriseSettingsCache';
import { assertAllowed } from '../policy';

export const ALERT_RULES = ['lowOverall', 'lowNps', 'criticalMiss'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export interface AlertRules {
  /** Overall rating at or below this many points of 5 (other scales: the same share of the scale). */
  lowOverall: { enabled: boolean; maxRating: number };
  /** Likelihood to recommend (0–10) at or below this. */
  lowNps: { enabled: boolean; maxScore: number };
  /** A mystery visit with a critical checklist item answered "no". */
  criticalMiss: { enabled: boolean };
}

interface StoredRules extends Doc, AlertRules {
  enterpriseId: string;
  updatedAt: string;
  updatedBy: string;
}

export function defaultAlertRules(): AlertRules {
  return { lowOverall: { enabled: true, maxRating: 2 }, lowNps: { enabled: true, maxScore: 6 }, criticalMiss: { enabled: true } };
}

const rulesId = (enterpriseId: string) => `alertRules:${enterpriseId}`;

export async function getAlertRules(ctx: TenantContext): Promise<AlertRules> {
  const stored = await ctx.store.collection<StoredRules>('alertRules').findOne({ _id: rulesId(ctx.actor.enterpriseId) });
  const defaults = defaultAlertRules();
  if (!stored) return defaults;
  return {
    lowOverall: { ...defaults.lowOverall, ...stored.lowOverall },
    lowNps: { ...defaults.lowNps, ...stored.lowNps },
    criticalMiss: { ...defaults.criticalMiss, ...stored.criticalMiss },
  };
}

const countingRules = new EnterpriseSettingsCache<AlertRules>();

/** The rules as counting a response checks them: kept per enterprise for a bounded time (enterpriseSettingsCache.ts); the alert job reads them fresh. */
export function alertRulesForCounting(ctx: TenantContext): Promise<AlertRules> {
  return countingRules.get(ctx.actor.enterpriseId, () => getAlertRules(ctx));
}

function checkRules(rules: AlertRules): void {
  const r = rules.lowOverall.maxRating;
  if (!(Number.isInteger(r) && r >= 1 && r <= 4)) throw new ValidationError('lowOverall.maxRating: must be a whole number 1–4 (of 5)', 'lowOverall.maxRating');
  const n = rules.lowNps.maxScore;
  if (!(Number.isInteger(n) && n >= 0 && n <= 9)) throw new ValidationError('lowNps.maxScore: must be a whole number 0–9 (of 10)', 'lowNps.maxScore');
}

/** Any subset of the rules and of their settings. */
export type AlertRuleChanges = { [K in keyof AlertRules]?: Partial<AlertRules[K]> };

export async function updateAlertRules(ctx: TenantContext, changes: AlertRuleChanges): Promise<AlertRules> {
  assertAllowed(ctx.actor, 'alertRules', 'manage');
  const before = await getAlertRules(ctx);
  const after: AlertRules = {
    lowOverall: { ...before.lowOverall, ...changes.lowOverall },
    lowNps: { ...before.lowNps, ...changes.lowNps },
    criticalMiss: { ...before.criticalMiss, ...changes.criticalMiss },
  };
  checkRules(after);
  await countingRules.changing(ctx.actor.enterpriseId, () =>
    withTenantTransaction(ctx, async (tx) => {
      await tx.store
        .collection<StoredRules>('alertRules')
        .updateOne({ _id: rulesId(ctx.actor.enterpriseId) }, { $set: { ...after, updatedAt: nowIso(), updatedBy: ctx.actor.userId } }, { upsert: true });
      await recordAudit(tx, 'alertRules.update', 'alertRules', rulesId(ctx.actor.enterpriseId), { before, after });
    }),
  );
  return after;
}
