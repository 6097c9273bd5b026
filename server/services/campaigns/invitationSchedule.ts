/**
 * Before and after pressing "send invitations": how many recipients it would
 * invite (the confirmation asks with that count), and cancelling a send
 * scheduled for later, which puts those recipients back to "not invited" and
 * withdraws the queued job, with its audit entry in the same transaction.
 */
import { ConflictError } from '../../errors';
import { recordAudit } from '../auditLog';
import { withTenantTransaction, type TenantContext } from '../context';
import { cancelQueuedJob } from '../jobs/queue';
import { assertAllowed } from '../policy';
import { getCampaign } from './campaigns';
import { AWAITING_INVITATION } from './mailing';
import { NEVER, type Campaign, type Recipient, type ScheduledSend } from './types';

/** How many recipients "send invitations" would invite now. */
export async function awaitingInvitationCount(ctx: TenantContext, campaignId: string): Promise<number> {
  assertAllowed(ctx.actor, 'campaigns', 'manage');
  return ctx.store.collection<Recipient>('recipients').count({ campaignId, ...AWAITING_INVITATION });
}

/** The send still waiting for its moment, if any. */
export function pendingScheduledSend(campaign: Campaign, now = new Date()): ScheduledSend | null {
  return campaign.scheduledSend && campaign.scheduledSend.at > now.toISOString() ? campaign.scheduledSend : null;
}

/** Cancels the scheduled send; returns how many recipients went back to "not invited". */
export async function cancelScheduledInvitations(ctx: TenantContext, campaignId: string, now = new Date()): Promise<number> {
  assertAllowed(ctx.actor, 'campaigns', 'manage');
  const campaign = await getCampaign(ctx, campaignId);
  const pending = pendingScheduledSend(campaign, now);
  if (!pending) throw new ConflictError('campaign: no send is scheduled for later; invitations already sent stay sent', 'campaign');
  return withTenantTransaction(ctx, async (tx) => {
    const released = await tx.store
      .collection<Recipient>('recipients')
      .updateMany({ campaignId, mailsSent: 0, nextMailAt: pending.at }, { $set: { nextMailAt: NEVER } });
    await cancelQueuedJob(tx.store, pending.jobId);
    await tx.store.collection<Campaign>('campaigns').updateOne({ _id: campaignId }, { $unset: { scheduledSend: true } });
    await recordAudit(tx, 'campaign.cancelScheduledInvitations', 'campaigns', campaignId, { at: pending.at, released });
    return released;
  });
}
