/**
 * Overdue cases escalate by email, level by level: by default the site's
 * manager when the case passes its due time, the enterprise admins a day
 * later. Each level is mailed once: the level is claimed with a
 * compare-and-set on `escalatedLevel` that commits with its audit entry
 * before the mail goes out, so two job runs never mail it twice.
 * Time comes from the caller (`now`), so tests drive it with a clock.
 */
import type { Logger } from 'pino';
import { t } from '../../i18n';
import type { Mailer } from '../../mail/transport';
import type { Store } from '../../store/types';
import { getSite } from '../accounts/sites';
import { caseReasonText } from '../alerts/notify';
import { ACTIVE_STATUSES, type Escalation, type FollowUpTask } from '../alerts/types';
import { recordAudit } from '../auditLog';
import { localStamp, tzOffsetOf } from '../localTime';
import { systemActor, tenantContext, withTenantTransaction, type TenantContext } from '../context';
import { adminEmails, siteManagerEmails } from './owner';
import { getCaseSettings, type CaseSettings, type EscalationLevel } from './settings';

export interface EscalationDeps {
  mailer: Mailer;
  baseUrl: string;
  logger?: Logger;
}

async function recipientsOf(ctx: TenantContext, task: FollowUpTask, level: EscalationLevel, settings: CaseSettings): Promise<string[]> {
  if (Array.isArray(level.to)) return level.to;
  if (level.to === 'admins') return adminEmails(ctx);
  return siteManagerEmails(ctx, await getSite(ctx, task.siteId), settings);
}

/** The levels whose time has come and that were not mailed yet, in order. */
export function dueLevels(task: Pick<FollowUpTask, 'dueAt' | 'escalatedLevel'>, levels: readonly EscalationLevel[], now: Date): number[] {
  if (!task.dueAt) return [];
  const out: number[] = [];
  for (let i = task.escalatedLevel ?? 0; i < levels.length; i++) {
    if (now.getTime() < Date.parse(task.dueAt) + levels[i]!.afterHours * 3_600_000) break;
    out.push(i);
  }
  return out;
}

function message(task: FollowUpTask, level: number, link: string, tzOffsetMinutes: number) {
  const due = localStamp(task.dueAt, tzOffsetMinutes);
  const vars = (locale: 'zh-CN' | 'en') => ({
    site: task.siteCode,
    level: level + 1,
    reason: caseReasonText(locale, task),
    due,
    link,
    owner: task.assigneeName ?? t(locale, 'cases.owner.none'),
  });
  return {
    subject: t('zh-CN', 'cases.mail.escalation.subject', vars('zh-CN')),
    text: [t('zh-CN', 'cases.mail.escalation.body', vars('zh-CN')), '', '—', t('en', 'cases.mail.escalation.body', vars('en'))].join('\n'),
  };
}

/** Claims one level of one case and mails it; false when another run claimed it first. */
async function escalate(ctx: TenantContext, deps: EscalationDeps, task: FollowUpTask, level: number, settings: CaseSettings, now: Date): Promise<boolean> {
  const to = await recipientsOf(ctx, task, settings.escalation[level]!, settings);
  const entry: Escalation = { level, at: now.toISOString(), to, state: to.length ? 'sent' : 'nobody' };
  const claimed = await withTenantTransaction(ctx, async (tx) => {
    const after = await tx.store
      .collection<FollowUpTask>('followUpTasks')
      .findOneAndUpdate({ _id: task._id, escalatedLevel: level }, { $set: { escalatedLevel: level + 1, escalations: [...(task.escalations ?? []), entry] } });
    if (after) await recordAudit(tx, 'followUp.escalate', 'followUpTasks', task._id, { level, to });
    return after;
  });
  if (!claimed) return false;
  const { subject, text } = message(claimed, level, `${deps.baseUrl}/follow-ups/${encodeURIComponent(task._id)}`, await tzOffsetOf(ctx));
  try {
    for (const address of to) await deps.mailer.send({ enterpriseId: ctx.actor.enterpriseId, to: address, subject, text });
  } catch (err) {
    deps.logger?.error({ err, caseId: task._id, level }, 'escalation mail failed');
    const escalations = (claimed.escalations ?? []).map((e) => (e.level === level ? { ...e, state: 'failed' as const } : e));
    await ctx.store.collection<FollowUpTask>('followUpTasks').updateOne({ _id: task._id }, { $set: { escalations } });
  }
  return true;
}

/** Escalates every active case past its due time, across enterprises; returns how many levels were mailed. */
export async function escalateOverdueCases(root: Store, deps: EscalationDeps, now: Date): Promise<number> {
  const overdue = await root
    .collection<FollowUpTask>('followUpTasks')
    .find({ status: { $in: [...ACTIVE_STATUSES] }, dueAt: { $lt: now.toISOString() } }, { sort: { dueAt: 1 } });
  const settingsOf = new Map<string, CaseSettings>();
  let mailed = 0;
  for (const found of overdue) {
    const ctx = tenantContext(root, systemActor(found.enterpriseId));
    if (!settingsOf.has(found.enterpriseId)) settingsOf.set(found.enterpriseId, await getCaseSettings(ctx));
    const settings = settingsOf.get(found.enterpriseId)!;
    let task: FollowUpTask | null = found;
    for (const level of dueLevels(found, settings.escalation, now)) {
      if (!task || !(await escalate(ctx, deps, task, level, settings, now))) break;
      mailed++;
      task = await ctx.store.collection<FollowUpTask>('followUpTasks').findOne({ _id: found._id });
    }
  }
  return mailed;
}
