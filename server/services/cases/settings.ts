/**
 * How an enterprise works its follow-up cases: due times by severity, who an
 * overdue case escalates to, the root causes a resolution chooses from, the
 * owner of each site's cases, and whether customers get a recovery survey.
 * One document per enterprise; the defaults apply until changed.
 */
import { ValidationError } from '../../errors';
import type { Doc } from '../../store/types';
import { assertCan } from '../accounts/roles';
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import type { Severity } from '../alerts/types';

export interface RootCause {
  code: string;
  zh: string;
  en: string;
}

/** Who one escalation level mails: the site's manager(s), the enterprise admins, or fixed addresses. */
export interface EscalationLevel {
  to: 'siteManager' | 'admins' | string[];
  /** Hours after the due time at which this level is mailed. */
  afterHours: number;
}

export interface CaseSettings {
  slaHours: Record<Severity, number>;
  escalation: EscalationLevel[];
  rootCauses: RootCause[];
  /** siteId → the user who owns new cases of that site. */
  siteOwners: Record<string, string>;
  /** Mail the customer a short "was it solved?" survey after resolution (when their email is known). */
  recoverySurvey: boolean;
}

interface StoredSettings extends Doc, Partial<CaseSettings> {
  enterpriseId: string;
  updatedAt: string;
  updatedBy: string;
}

/** After-sales defaults (issue 20): the usual causes of an unhappy service customer. */
export const DEFAULT_ROOT_CAUSES: RootCause[] = [
  { code: 'lateVisit', zh: '上门超时', en: 'Late home visit' },
  { code: 'repairQuality', zh: '维修质量', en: 'Repair quality' },
  { code: 'chargeDispute', zh: '收费争议', en: 'Charge dispute' },
  { code: 'staffAttitude', zh: '服务态度', en: 'Staff attitude' },
  { code: 'partsShortage', zh: '配件缺货', en: 'Parts out of stock' },
  { code: 'poorCommunication', zh: '沟通不畅', en: 'Poor communication' },
  { code: 'other', zh: '其他', en: 'Other' },
];

export function defaultCaseSettings(): CaseSettings {
  return {
    slaHours: { critical: 24, normal: 72 },
    escalation: [
      { to: 'siteManager', afterHours: 0 },
      { to: 'admins', afterHours: 24 },
    ],
    rootCauses: DEFAULT_ROOT_CAUSES.map((c) => ({ ...c })),
    siteOwners: {},
    recoverySurvey: true,
  };
}

const settingsId = (enterpriseId: string) => `caseSettings:${enterpriseId}`;
const collection = (ctx: TenantContext) => ctx.store.collection<StoredSettings>('caseSettings');

export async function getCaseSettings(ctx: TenantContext): Promise<CaseSettings> {
  const stored = await collection(ctx).findOne({ _id: settingsId(ctx.actor.enterpriseId) });
  const defaults = defaultCaseSettings();
  if (!stored) return defaults;
  return {
    slaHours: { ...defaults.slaHours, ...stored.slaHours },
    escalation: stored.escalation ?? defaults.escalation,
    rootCauses: stored.rootCauses?.length ? stored.rootCauses : defaults.rootCauses,
    siteOwners: stored.siteOwners ?? {},
    recoverySurvey: stored.recoverySurvey ?? defaults.recoverySurvey,
  };
}

function check(s: CaseSettings): void {
  for (const sev of ['critical', 'normal'] as const) {
    const h = s.slaHours[sev];
    if (!(Number.isInteger(h) && h >= 1 && h <= 24 * 60))
      throw new ValidationError(`slaHours.${sev}: must be a whole number of hours 1–1440`, `slaHours.${sev}`);
  }
  const codes = new Set<string>();
  for (const [i, c] of s.rootCauses.entries()) {
    if (codes.has(c.code)) throw new ValidationError(`rootCauses.${i}.code: ${c.code} is listed twice`, `rootCauses.${i}.code`);
    codes.add(c.code);
  }
  for (const [i, level] of s.escalation.entries()) {
    const before = s.escalation[i - 1];
    if (before && level.afterHours < before.afterHours)
      throw new ValidationError(`escalation.${i}.afterHours: must not be earlier than the level before`, `escalation.${i}.afterHours`);
  }
}

/** Any part of the settings; due times one severity at a time. */
export type CaseSettingsChanges = Partial<Omit<CaseSettings, 'slaHours'>> & { slaHours?: Partial<CaseSettings['slaHours']> };

/** Who may change which part: admins everything; the owner of one site is a site matter, checked by the caller's permission too. */
export async function updateCaseSettings(ctx: TenantContext, changes: CaseSettingsChanges): Promise<CaseSettings> {
  assertCan(ctx.actor.role, 'alerts.manage');
  const before = await getCaseSettings(ctx);
  const after: CaseSettings = { ...before, ...changes, slaHours: { ...before.slaHours, ...changes.slaHours } };
  check(after);
  if (changes.siteOwners) {
    const users = await ctx.store.collection<{ _id: string; disabled?: boolean }>('users').find({ _id: { $in: Object.values(changes.siteOwners) } });
    const known = new Set(users.filter((u) => !u.disabled).map((u) => u._id));
    for (const [siteId, userId] of Object.entries(changes.siteOwners)) {
      if (!known.has(userId)) throw new ValidationError(`siteOwners.${siteId}: must be an active user of this enterprise`, `siteOwners.${siteId}`);
    }
  }
  await withTenantTransaction(ctx, async (tx) => {
    await collection(tx).updateOne(
      { _id: settingsId(ctx.actor.enterpriseId) },
      { $set: { ...after, updatedAt: nowIso(), updatedBy: ctx.actor.userId } },
      { upsert: true },
    );
    await recordAudit(tx, 'caseSettings.update', 'caseSettings', settingsId(ctx.actor.enterpriseId), { before, after });
  });
  return after;
}

/** A root cause's name in the page language. */
export function rootCauseName(settings: Pick<CaseSettings, 'rootCauses'>, code: string | undefined, locale: string): string {
  const found = settings.rootCauses.find((c) => c.code === code);
  if (!found) return code ?? '';
  return locale === 'en' ? found.en || found.zh : found.zh;
}
