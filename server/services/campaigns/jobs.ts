/**
 * The campaign and case work the job queue runs: every minute's sweep sends
 * the due invitations and reminders of every open campaign and rolls back
 * interrupted imports; every minute overdue follow-up cases escalate; every
 * hour contact details of campaigns that ended long enough ago are erased; the
 * invitation button's job sends one campaign at once. `runCampaignJobs` is all
 * of it in one call, for scripts/send-reminders.ts.
 */
import type { Store } from '../../store/types';
import { escalateOverdueCases } from '../cases/escalation';
import { eraseWalkInContacts } from '../cases/consent';
import { systemActor, tenantContext } from '../context';
import { getCampaign } from './campaigns';
import { failStaleImports } from './imports';
import { addReports, emptyReport, sendCampaignMail, type SendReport, type SenderDeps } from './mailing';
import type { Campaign } from './types';
import { DAY_MS } from '../calendar';

/** Contact details (name, email, phone) are kept this long after a campaign's links expire; the privacy notice says so. */
export const CONTACT_RETENTION_DAYS = 90;

export interface SweepReport extends SendReport {
  campaigns: number;
  staleImports: number;
}

export interface JobReport extends SweepReport {
  purgedCampaigns: number;
  escalations: number;
}

export async function purgeEndedContacts(root: Store, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - CONTACT_RETENTION_DAYS * DAY_MS).toISOString();
  const ended = await root.collection<Campaign>('campaigns').find({ linksExpireAt: { $lt: cutoff }, contactsPurgedAt: { $exists: false } });
  for (const c of ended) {
    const ctx = tenantContext(root, systemActor(c.enterpriseId));
    await ctx.store.collection('recipients').updateMany({ campaignId: c._id }, { $unset: { name: true, email: true, phone: true } });
    // Walk-in customers' phone numbers (the consent question) go with the campaign's other contact details.
    await eraseWalkInContacts(ctx, c._id);
    await ctx.store.collection<Campaign>('campaigns').updateOne({ _id: c._id }, { $set: { contactsPurgedAt: now.toISOString() } });
  }
  return ended.length;
}

/** Sends what is due in every open campaign; rolls back imports whose process died. */
export async function sendDueCampaignMail(root: Store, deps: SenderDeps): Promise<SweepReport> {
  const now = deps.now ? deps.now() : new Date();
  const staleImports = await failStaleImports(root, now);
  const open = await root.collection<Campaign>('campaigns').find({ closedAt: { $exists: false }, linksExpireAt: { $gt: now.toISOString() } });
  let report = emptyReport();
  for (const campaign of open) {
    report = addReports(report, await sendCampaignMail(tenantContext(root, systemActor(campaign.enterpriseId)), campaign, deps));
  }
  return { ...report, campaigns: open.length, staleImports };
}

/** The invitation button's job: one campaign's due mail, now. */
export async function sendOneCampaign(root: Store, enterpriseId: string, campaignId: string, deps: SenderDeps): Promise<SendReport> {
  const ctx = tenantContext(root, systemActor(enterpriseId));
  return sendCampaignMail(ctx, await getCampaign(ctx, campaignId), deps);
}

export async function runCampaignJobs(root: Store, deps: SenderDeps): Promise<JobReport> {
  const report = await sendDueCampaignMail(root, deps);
  const now = deps.now ? deps.now() : new Date();
  const purgedCampaigns = await purgeEndedContacts(root, now);
  const escalations = await escalateOverdueCases(root, deps, now);
  return { ...report, purgedCampaigns, escalations };
}
