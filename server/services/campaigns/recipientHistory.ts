/**
 * One recipient's story and the resend button. The history joins what the
 * recipient document records (imported, opened, answered, unsubscribed, link
 * expiry) with its mail events (each invitation and reminder, failures,
 * bounces, resends asked for); recipients mailed before events were recorded
 * get their invitation and bounce from the document's own fields.
 * A resend stays within the campaign's reminder rules and is a queued send,
 * committed with its audit entry.
 */
import { ConflictError, NotFoundError } from '../../errors';
import { t, type Locale } from '../../i18n';
import { recordAudit } from '../auditLog';
import { DAY_MS } from '../calendar';
import { withTenantTransaction, type TenantContext } from '../context';
import { enqueueJob } from '../jobs/queue';
import { localStamp, tzOffsetOf } from '../localTime';
import { assertAllowed } from '../policy';
import { getCampaign, isOpen } from './campaigns';
import { CAMPAIGN_SEND_JOB } from './mailing';
import { RECIPIENT_EVENTS, recordRecipientEvent, type RecipientEvent } from './recipientEvents';
import type { Campaign, Recipient } from './types';

export interface HistoryItem {
  kind: RecipientEvent['kind'] | 'imported' | 'invitedSms' | 'opened' | 'answered' | 'unsubscribed' | 'expired';
  at: string;
  to?: string;
  subject?: string;
  reason?: string;
  by?: string;
  responseId?: string;
}

export async function getRecipient(ctx: TenantContext, campaignId: string, recipientId: string): Promise<Recipient> {
  assertAllowed(ctx.actor, 'campaigns', 'read');
  // The scoped store confines a site manager to their sites: another site's recipient is a 404, like another enterprise's.
  const r = await ctx.store.collection<Recipient>('recipients').findOne({ _id: recipientId, campaignId });
  if (!r) throw new NotFoundError('recipient');
  return r;
}

export async function recipientHistory(ctx: TenantContext, r: Recipient, now = new Date()): Promise<HistoryItem[]> {
  const events = await ctx.store.collection<RecipientEvent>(RECIPIENT_EVENTS).find({ recipientId: r._id }, { sort: { at: 1, _id: 1 } });
  const has = (kind: RecipientEvent['kind']) => events.some((e) => e.kind === kind);
  const items: HistoryItem[] = [{ kind: 'imported', at: r.createdAt }];
  if (r.invitedAt && r.invitedVia === 'sms') items.push({ kind: 'invitedSms', at: r.invitedAt });
  else if (r.invitedAt && !has('invitation')) items.push({ kind: 'invitation', at: r.invitedAt, to: r.email });
  if (r.bouncedAt && !has('bounced')) items.push({ kind: 'bounced', at: r.bouncedAt, reason: r.bounceReason });
  for (const e of events) items.push({ kind: e.kind, at: e.at, to: e.to, subject: e.subject, reason: e.reason, by: e.by });
  if (r.openedAt) items.push({ kind: 'opened', at: r.openedAt });
  if (r.respondedAt) items.push({ kind: 'answered', at: r.respondedAt, responseId: r.responseId });
  if (r.unsubscribedAt) items.push({ kind: 'unsubscribed', at: r.unsubscribedAt });
  if (!r.respondedAt && r.expiresAt <= now.toISOString()) items.push({ kind: 'expired', at: r.expiresAt });
  return items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** A resend the reminder rules refuse: the API keeps the English message; pages and `text` say it in the reader's language. */
export class ResendRefusedError extends ConflictError {
  constructor(
    readonly rule: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`recipient: ${t('en', `campaignRecipient.rule.${rule}`, params)}`, 'recipient', 'resend_refused');
  }

  /** The rule's code too, so a client can tell an answered recipient from one who unsubscribed. */
  override toJSON() {
    const body = super.toJSON();
    return { error: { ...body.error, rule: this.rule } };
  }
}

export const resendRuleText = (err: ResendRefusedError, locale: Locale) => t(locale, `campaignRecipient.rule.${err.rule}`, err.params);

/** Why a resend is refused now, or null when the reminder rules allow one. */
export function resendRefusal(campaign: Campaign, r: Recipient, now: Date, tzOffset: number): ResendRefusedError | null {
  const at = now.toISOString();
  if (r.respondedAt) return new ResendRefusedError('answered');
  if (r.unsubscribedAt) return new ResendRefusedError('unsubscribed');
  if (r.expiresAt <= at || !isOpen(campaign, now)) return new ResendRefusedError('expired');
  if (r.bouncedAt) return new ResendRefusedError('bounced');
  if (!r.email) return new ResendRefusedError('noEmail');
  if (r.mailsSent === 0) return new ResendRefusedError('notInvited');
  if (r.nextMailAt <= at) return new ResendRefusedError('alreadyDue');
  if (r.remindersSent >= campaign.reminders.maxCount) return new ResendRefusedError('maxReached', { max: campaign.reminders.maxCount });
  const earliest = new Date(Date.parse(r.lastMailedAt ?? r.invitedAt ?? r.createdAt) + campaign.reminders.afterDays * DAY_MS);
  if (earliest > now) return new ResendRefusedError('tooSoon', { days: campaign.reminders.afterDays, from: localStamp(earliest, tzOffset) });
  return null;
}

/** Queues the recipient's next mail now: the campaign's send job mails it as a reminder. */
export async function resendToRecipient(ctx: TenantContext, campaignId: string, recipientId: string, now = new Date()): Promise<void> {
  assertAllowed(ctx.actor, 'campaigns', 'resend');
  const campaign = await getCampaign(ctx, campaignId);
  const r = await getRecipient(ctx, campaignId, recipientId);
  const refusal = resendRefusal(campaign, r, now, await tzOffsetOf(ctx));
  if (refusal) throw refusal;
  await withTenantTransaction(ctx, async (tx) => {
    // Only if nothing changed since the rules were checked (a sender or another click in between).
    const { matched } = await tx.store
      .collection<Recipient>('recipients')
      .updateOne({ _id: r._id, mailsSent: r.mailsSent, nextMailAt: r.nextMailAt }, { $set: { nextMailAt: now.toISOString() } });
    if (!matched) throw new ResendRefusedError('alreadyDue');
    await recordRecipientEvent(tx.store, r, { kind: 'resendRequested', at: now.toISOString(), by: ctx.actor.userId });
    await recordAudit(tx, 'recipient.resend', 'recipients', r._id, { campaignId, mailsSent: r.mailsSent });
    await enqueueJob(
      tx.store,
      {
        id: `${CAMPAIGN_SEND_JOB}:${campaignId}:resend:${r._id}:${r.mailsSent}`,
        kind: CAMPAIGN_SEND_JOB,
        enterpriseId: ctx.actor.enterpriseId,
        payload: { campaignId },
      },
      now,
    );
  });
}
