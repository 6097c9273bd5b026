/**
 * The alert email to the site's manager address and site-manager users (or,
 * without any, the enterprise admins). A case's mail is claimed pending (or
 * failed, on a retry) → sending before it goes out, so two runs of the same
 * alert job never send it twice.
 */
import { t, type Locale } from '../../i18n';
import type { Mailer } from '../../mail/transport';
import { getEnterprise } from '../accounts/enterprises';
import { nameIn } from '../accounts/names';
import type { Site } from '../accounts/sites';
import { normaliseEmail, type User } from '../accounts/users';
import { nowIso, type TenantContext } from '../context';
import { localStamp, utcOffsetLabel } from '../localTime';
import type { LocalizedText } from '../templates/types';
import { type FollowUpTask, reasonsOf } from './types';

/**
 * The site's manager address and its active site-manager users, each address
 * once (an address typed twice, in another case, is still one person); without
 * either, the enterprise's admins.
 */
export async function recipientsFor(ctx: TenantContext, site: Site): Promise<string[]> {
  const users = ctx.store.collection<User>('users');
  // Array membership is no store feature: an enterprise has a handful of site managers per site, filtered here.
  const siteManagers = (await users.find({ role: 'siteManager' }, { sort: { email: 1 } })).filter((u) => !u.disabled && u.siteIds?.includes(site._id));
  const managers = [...(site.managerEmail ? [site.managerEmail] : []), ...siteManagers.map((u) => u.email)];
  if (managers.length) return [...new Map(managers.map((e) => [e.trim().toLowerCase(), e.trim()])).values()];
  const admins = await users.find({ role: 'admin' }, { sort: { email: 1 } });
  return admins.filter((u) => !u.disabled).map((u) => u.email);
}

/**
 * The reason in words, in one language, from the rule and its detail. Failed
 * checklist items are named by their prompts when `prompts` knows them (the
 * id is what a manager cannot read), else by id.
 */
export function reasonText(locale: Locale, task: Pick<FollowUpTask, 'rule' | 'detail'>, prompts?: ReadonlyMap<string, LocalizedText>): string {
  return oneReason(locale, task, prompts);
}

/** Every reason of a case, in words, joined into one line ("overall rating 1 of 5; likelihood to recommend 3 of 10"). */
export function caseReasonText(locale: Locale, task: FollowUpTask, prompts?: ReadonlyMap<string, LocalizedText>): string {
  return reasonsOf(task)
    .map((r) => oneReason(locale, r, prompts))
    .join(locale === 'en' ? '; ' : '；');
}

function oneReason(locale: Locale, task: Pick<FollowUpTask, 'rule' | 'detail'>, prompts?: ReadonlyMap<string, LocalizedText>): string {
  const d = task.detail;
  const items = (d.items ?? []).map((id) => {
    const prompt = prompts?.get(id);
    // The closing full stop of a prompt sentence would sit oddly inside the quotes.
    return prompt ? t(locale, 'alerts.reason.item', { prompt: (prompt[locale] || prompt['zh-CN']).replace(/[。.\s]+$/u, '') }) : id;
  });
  return t(locale, `alerts.reason.${task.rule}`, {
    rating: d.rating ?? '',
    scale: d.scale ?? '',
    nps: d.nps ?? '',
    items: new Intl.ListFormat(locale, { type: 'conjunction' }).format(items),
  });
}

/** "2026-03-01 14:05 (UTC+8)": the time as the enterprise reads it. */
function localTime(iso: string, tzOffsetMinutes: number): string {
  return `${localStamp(iso, tzOffsetMinutes)} (${utcOffsetLabel(tzOffsetMinutes)})`;
}

function message(task: FollowUpTask, site: Site, link: string, tzOffsetMinutes: number, prompts?: ReadonlyMap<string, LocalizedText>) {
  // Each half names the site in its own language.
  const vars = (locale: Locale) => ({
    site: `${site.code} ${nameIn(site, locale)}`,
    link,
    channel: task.channel,
    at: localTime(task.respondedAt, tzOffsetMinutes),
    reason: caseReasonText(locale, task, prompts),
  });
  const subject = (locale: Locale) => t(locale, 'alerts.mail.subject', vars(locale));
  const text = [t('zh-CN', 'alerts.mail.body', vars('zh-CN')), '', '—', t('en', 'alerts.mail.body', vars('en'))].join('\n');
  return { subject, text };
}

/** The language each address reads: a user's chosen one; Chinese for an address that is no user's (a site's manager address). */
async function readersLocale(ctx: TenantContext, addresses: string[]): Promise<(address: string) => Locale> {
  const users = await ctx.store.collection<User>('users').find({ email: { $in: addresses.map(normaliseEmail) } }, { fields: ['email', 'locale'] });
  const chosen = new Map(users.map((u) => [u.email, u.locale]));
  return (address) => chosen.get(normaliseEmail(address)) ?? 'zh-CN';
}

/** `prompts` (question id → prompt of the response's template version) name failed items in words. */
export async function notifyTask(
  ctx: TenantContext,
  mailer: Mailer,
  baseUrl: string,
  task: FollowUpTask,
  site: Site,
  prompts?: ReadonlyMap<string, LocalizedText>,
): Promise<boolean> {
  const tasks = ctx.store.collection<FollowUpTask>('followUpTasks');
  const claimed = await tasks.findOneAndUpdate({ _id: task._id, 'notify.state': { $in: ['pending', 'failed'] } }, { $set: { 'notify.state': 'sending' } });
  if (!claimed) return false;
  if (!claimed.notify.to.length) {
    await tasks.updateOne({ _id: task._id }, { $set: { 'notify.state': 'failed', 'notify.error': 'no manager email and no admin', 'notify.at': nowIso() } });
    return false;
  }
  const { tzOffsetMinutes } = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  const { subject, text } = message(claimed, site, `${baseUrl}/follow-ups/${encodeURIComponent(task._id)}`, tzOffsetMinutes, prompts);
  const localeOf = await readersLocale(ctx, claimed.notify.to);
  try {
    // Both halves for everyone; the subject, all most readers see in a list, in the reader's language.
    for (const to of claimed.notify.to) await mailer.send({ enterpriseId: ctx.actor.enterpriseId, to, subject: subject(localeOf(to)), text });
    await tasks.updateOne({ _id: task._id }, { $set: { 'notify.state': 'sent', 'notify.at': nowIso() } });
    return true;
  } catch (err) {
    await tasks.updateOne(
      { _id: task._id },
      { $set: { 'notify.state': 'failed', 'notify.error': String((err as Error).message).slice(0, 300), 'notify.at': nowIso() } },
    );
    throw err;
  }
}
