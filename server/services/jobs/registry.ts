/**
 * Every kind of job the app runs, and the recurring ones with their period.
 * A new side effect is one entry here plus an enqueueJob where its change is
 * written.
 */
import type { Logger } from 'pino';
import type { Mailer } from '../../mail/transport';
import type { Store } from '../../store/types';
import { handleCountedResponse } from '../alerts/listener';
import { ALERT_JOB, type AlertJobPayload } from '../alerts/trigger';
import { purgeEndedContacts, sendDueCampaignMail, sendOneCampaign } from '../campaigns/jobs';
import { CAMPAIGN_SEND_JOB } from '../campaigns/mailing';
import { MINUTE_MS, HOUR_MS } from '../calendar';
import { escalateOverdueCases } from '../cases/escalation';
import { MAIL_JOB, sendMailJob, type MailJobPayload } from '../mailJob';
import { deliverWebhook } from '../webhooks/deliver';
import { WEBHOOK_JOB, type WebhookJobPayload } from '../webhooks/emit';
import { purgeFinishedJobs } from './queue';
import type { RecurringJob } from './recurring';
import type { JobKinds } from './types';
import { JobWorker, type JobWorkerOptions } from './worker';

export interface JobDeps {
  store: Store;
  mailer: Mailer;
  logger: Logger;
  /** Where links in emails point (PUBLIC_URL, or the local address). */
  baseUrl: string;
}

export const RECURRING_JOBS: RecurringJob[] = [
  { kind: 'campaigns.sweep', everyMs: MINUTE_MS },
  { kind: 'cases.escalate', everyMs: MINUTE_MS },
  { kind: 'contacts.erase', everyMs: HOUR_MS },
  { kind: 'jobs.purge', everyMs: HOUR_MS },
];

export function jobKinds(deps: JobDeps): JobKinds {
  const { store, mailer, logger, baseUrl } = deps;
  return {
    [ALERT_JOB]: {
      handler: async (payload) => {
        await handleCountedResponse({ store, mailer, logger, baseUrl }, payload as unknown as AlertJobPayload);
      },
    },
    [CAMPAIGN_SEND_JOB]: {
      handler: async (payload, { job, now }) => {
        const report = await sendOneCampaign(store, job.enterpriseId!, String(payload.campaignId), { mailer, baseUrl, now });
        if (report.invitations || report.reminders || report.bounced || report.failed)
          logger.info({ report, campaignId: payload.campaignId }, 'campaign mail sent');
      },
    },
    'campaigns.sweep': {
      handler: async (_payload, { now }) => {
        const report = await sendDueCampaignMail(store, { mailer, baseUrl, now });
        if (report.invitations || report.reminders || report.bounced || report.failed || report.staleImports) logger.info({ report }, 'campaign sweep');
      },
    },
    'cases.escalate': {
      handler: async (_payload, { now }) => {
        const escalations = await escalateOverdueCases(store, { mailer, baseUrl, logger }, now());
        if (escalations) logger.info({ escalations }, 'overdue cases escalated');
      },
    },
    'contacts.erase': {
      handler: async (_payload, { now }) => {
        const purgedCampaigns = await purgeEndedContacts(store, now());
        if (purgedCampaigns) logger.info({ purgedCampaigns }, 'contact details erased');
      },
    },
    [WEBHOOK_JOB]: {
      handler: (payload, run) => deliverWebhook({ store, baseUrl }, payload as WebhookJobPayload, run),
    },
    [MAIL_JOB]: {
      handler: (payload) => sendMailJob(mailer, payload as unknown as MailJobPayload),
    },
    'jobs.purge': {
      handler: async (_payload, { now }) => {
        await purgeFinishedJobs(store, now());
      },
    },
  };
}

/** The app's worker: every kind above, the recurring ones scheduled. */
export function createJobWorker(deps: JobDeps, options: Omit<JobWorkerOptions, 'store' | 'kinds' | 'recurring' | 'logger'> = {}): JobWorker {
  return new JobWorker({ store: deps.store, kinds: jobKinds(deps), recurring: RECURRING_JOBS, logger: deps.logger, ...options });
}
