/**
 * The campaign scheduler: every minute it sends due invitations and reminders
 * of every open campaign, rolls back interrupted imports and erases contact
 * details of campaigns that ended long enough ago; it also escalates overdue
 * follow-up cases. `runCampaignJobs` is the whole job, callable from tests and
 * scripts/send-reminders.ts.
 */
import type { Logger } from 'pino';
import type { Store } from '../../store/types';
import { escalateOverdueCases } from '../cases/escalation';
import { eraseWalkInContacts } from '../cases/consent';
import { systemActor, tenantContext } from '../context';
import { failStaleImports } from './imports';
import { addReports, emptyReport, sendCampaignMail, type SendReport, type SenderDeps } from './mailing';
import type { Campaign } from './types';

/** Contact details (name, email, phone) are kept this long after a campaign's links expire; the privacy notice says so. */
export const CONTACT_RETENTION_DAYS = 90;

export interface JobReport extends SendReport {
  campaigns: number;
  staleImports: number;
  purgedCampaigns: number;
  escalations: number;
}

export async function purgeEndedContacts(root: Store, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - CONTACT_RETENTION_DAYS * 86_400_000).toISOString();
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

export async function runCampaignJobs(root: Store, deps: SenderDeps): Promise<JobReport> {
  const now = deps.now ? deps.now() : new Date();
  const staleImports = await failStaleImports(root, now);
  const open = await root.collection<Campaign>('campaigns').find({ closedAt: { $exists: false }, linksExpireAt: { $gt: now.toISOString() } });
  let report = emptyReport();
  for (const campaign of open) {
    report = addReports(report, await sendCampaignMail(tenantContext(root, systemActor(campaign.enterpriseId)), campaign, deps));
  }
  const purgedCampaigns = await purgeEndedContacts(root, now);
  const escalations = await escalateOverdueCases(root, deps, now);
  return { ...report, campaigns: open.length, staleImports, purgedCampaigns, escalations };
}

/** Runs the job every `everyMs` (one run at a time); returns the function that stops it. */
export function startCampaignJobs(root: Store, deps: SenderDeps & { logger: Logger }, everyMs = 60_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const report = await runCampaignJobs(root, deps);
      if (report.invitations || report.reminders || report.bounced || report.failed || report.staleImports || report.purgedCampaigns || report.escalations) deps.logger.info({ report }, 'campaign jobs');
    } catch (err) {
      deps.logger.error({ err }, 'campaign jobs failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
