/**
 * Invitations and reminders. Pressing "send invitations" schedules every
 * recipient with an email; the sender then mails whoever is due, reminds
 * non-responders every `afterDays` at most `maxCount` times, and never mails
 * anyone who answered, unsubscribed or bounced. Each recipient is claimed
 * atomically before its mail goes out, so two senders (two app processes, or
 * the scheduler and the button) never send the same mail twice.
 */
import { ConflictError, ValidationError } from '../../errors';
import type { Mailer } from '../../mail/transport';
import { getEnterprise } from '../accounts/enterprises';
import { getSite, type Site } from '../accounts/sites';
import { recordAudit } from '../auditLog';
import { withTenantTransaction, type TenantContext } from '../context';
import { enqueueJob } from '../jobs/queue';
import { dayOf } from '../scoring/rollup';
import { getCampaign, isOpen } from './campaigns';
import { bump } from './counters';
import { linkUrls, surveyMail, type MailContext } from './messages';
import { NEVER, type Campaign, type Recipient } from './types';
import { assertAllowed } from '../policy';

/** The job that sends a campaign's due mail at once (the button); the minute's sweep sends whatever it leaves. */
export const CAMPAIGN_SEND_JOB = 'campaign.send';
const CLAIM_MS = 5 * 60_000;
const DAY_MS = 86_400_000;
/** Parallel SMTP conversations per campaign run. */
const WORKERS = 4;
/** After this many transient failures in a row the server is taken to be down; the next run retries. */
const MAX_FAILURES_IN_A_ROW = 5;

export interface SenderDeps {
  mailer: Mailer;
  /** Public origin of the links, e.g. https://survey.example.com. */
  baseUrl: string;
  now?: () => Date;
}

export interface SendReport {
  invitations: number;
  reminders: number;
  bounced: number;
  failed: number;
}

export const emptyReport = (): SendReport => ({ invitations: 0, reminders: 0, bounced: 0, failed: 0 });

const recipientsOf = (ctx: TenantContext) => ctx.store.collection<Recipient>('recipients');

/** Recipients an invitation request would schedule: with an email, never mailed nor scheduled, not answered, unsubscribed or bounced. */
export const AWAITING_INVITATION = {
  mailsSent: 0,
  nextMailAt: NEVER,
  email: { $exists: true },
  respondedAt: { $exists: false },
  unsubscribedAt: { $exists: false },
  bouncedAt: { $exists: false },
} as const;

/**
 * Schedules the invitation of every recipient with an email who has none yet;
 * returns how many. With `sendAt` (a later moment) they wait until then: the
 * campaign keeps the scheduled send so its page shows it and can cancel it.
 */
export async function requestInvitations(ctx: TenantContext, campaignId: string, now = new Date(), sendAt?: Date): Promise<number> {
  assertAllowed(ctx.actor, 'campaigns', 'manage');
  const campaign = await getCampaign(ctx, campaignId);
  if (!isOpen(campaign, now)) throw new ConflictError('campaign: the campaign is closed or over', 'campaign');
  if (await ctx.store.collection('recipientImports').count({ campaignId, state: 'running' })) {
    throw new ConflictError('campaign: an import is still running; send the invitations when it has finished', 'campaign');
  }
  if (sendAt && sendAt.getTime() <= now.getTime()) throw new ValidationError('sendAt: must be later than now', 'sendAt');
  if (sendAt && sendAt.toISOString() >= campaign.linksExpireAt) throw new ValidationError("sendAt: must be before the campaign's links expire", 'sendAt');
  // Before the campaign starts the invitations wait for its first day.
  const wanted = sendAt ? sendAt.toISOString() : now.toISOString();
  const due = campaign.startsAt > wanted ? campaign.startsAt : wanted;
  const jobId = `${CAMPAIGN_SEND_JOB}:${campaignId}@${due}`;
  // The schedule, its audit entry and the job that sends it commit together: a crash cannot leave one without the others.
  return withTenantTransaction(ctx, async (tx) => {
    const scheduled = await recipientsOf(tx).updateMany({ campaignId, ...AWAITING_INVITATION }, { $set: { nextMailAt: due } });
    const later =
      sendAt && scheduled
        ? {
            scheduledSend: { at: due, count: scheduled + (campaign.scheduledSend?.at === due ? campaign.scheduledSend.count : 0), jobId, by: ctx.actor.userId },
          }
        : {};
    await tx.store.collection<Campaign>('campaigns').updateOne({ _id: campaignId }, { $set: { invitationsRequestedAt: now.toISOString(), ...later } });
    await recordAudit(tx, 'campaign.requestInvitations', 'campaigns', campaignId, { scheduled, due, ...(sendAt ? { sendAt: due } : {}) });
    if (scheduled)
      await enqueueJob(
        tx.store,
        { id: jobId, kind: CAMPAIGN_SEND_JOB, enterpriseId: ctx.actor.enterpriseId, payload: { campaignId }, runAt: new Date(due) },
        now,
      );
    return scheduled;
  });
}

/** SMTP 5xx: the address is refused for good (unknown user, domain without mail). */
function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: number })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

async function claimNext(ctx: TenantContext, campaignId: string, now: Date): Promise<Recipient | null> {
  const at = now.toISOString();
  return recipientsOf(ctx).findOneAndUpdate(
    { campaignId, nextMailAt: { $lte: at }, claimUntil: { $lt: at } },
    { $set: { claimUntil: new Date(now.getTime() + CLAIM_MS).toISOString() } },
    { sort: { nextMailAt: 1 } },
  );
}

/** Sends every mail of one campaign that is due now. */
export async function sendCampaignMail(ctx: TenantContext, campaign: Campaign, deps: SenderDeps): Promise<SendReport> {
  const report = emptyReport();
  const now = () => (deps.now ? deps.now() : new Date());
  if (!isOpen(campaign, now())) return report;
  const enterprise = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  const sites = new Map<string, Site>();
  let failuresInARow = 0;

  const sendOne = async (r: Recipient): Promise<void> => {
    const recipients = recipientsOf(ctx);
    const isReminder = r.mailsSent > 0;
    const stop = r.respondedAt || r.unsubscribedAt || r.bouncedAt || !r.email || (isReminder && r.remindersSent >= campaign.reminders.maxCount);
    if (stop || now().toISOString() >= r.expiresAt) {
      await recipients.updateOne({ _id: r._id }, { $set: { nextMailAt: NEVER, claimUntil: '' } });
      return;
    }
    if (!sites.has(r.siteId)) sites.set(r.siteId, await getSite(ctx, r.siteId));
    const site = sites.get(r.siteId)!;
    const context: MailContext = {
      enterpriseName: enterprise.name,
      siteName: site.name,
      enterpriseNameEn: enterprise.nameEn,
      siteNameEn: site.nameEn,
      lastDay: dayOf(new Date(Date.parse(r.expiresAt) - 1), enterprise.tzOffsetMinutes),
    };
    try {
      await deps.mailer.send(surveyMail(isReminder ? 'reminder' : 'invitation', r, context, linkUrls(deps.baseUrl, r.token)));
    } catch (err) {
      if (!isPermanent(err)) {
        // Left claimed: it becomes due again when the claim runs out.
        report.failed += 1;
        failuresInARow += 1;
        return;
      }
      const reason = err instanceof Error ? err.message.slice(0, 300) : 'refused';
      await recipients.updateOne({ _id: r._id }, { $set: { bouncedAt: now().toISOString(), bounceReason: reason, nextMailAt: NEVER, claimUntil: '' } });
      await bump(ctx.store, r, { bounced: 1 });
      report.bounced += 1;
      return;
    }
    failuresInARow = 0;
    const sentAt = now();
    const reminders = r.remindersSent + (isReminder ? 1 : 0);
    const next = reminders < campaign.reminders.maxCount ? new Date(sentAt.getTime() + campaign.reminders.afterDays * DAY_MS).toISOString() : NEVER;
    await recipients.updateOne(
      { _id: r._id },
      {
        $set: {
          lastMailedAt: sentAt.toISOString(),
          nextMailAt: next,
          claimUntil: '',
          ...(r.invitedAt ? {} : { invitedAt: sentAt.toISOString(), invitedVia: 'email' }),
        },
        $inc: { mailsSent: 1, remindersSent: isReminder ? 1 : 0 },
      },
    );
    if (!r.invitedAt) await bump(ctx.store, r, { invited: 1 });
    if (isReminder) report.reminders += 1;
    else report.invitations += 1;
  };

  const worker = async () => {
    while (failuresInARow < MAX_FAILURES_IN_A_ROW) {
      const next = await claimNext(ctx, campaign._id, now());
      if (!next) return;
      await sendOne(next);
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  return report;
}

export function addReports(a: SendReport, b: SendReport): SendReport {
  return { invitations: a.invitations + b.invitations, reminders: a.reminders + b.reminders, bounced: a.bounced + b.bounced, failed: a.failed + b.failed };
}
