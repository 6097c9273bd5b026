/**
 * Sends every due survey invitation and reminder once, escalates overdue
 * cases and erases expired contact details: the work the server's job queue
 * runs in its recurring slots, in one go (for a cron job, or to send now).
 *
 *   node dist/scripts/send-reminders.js
 */
import { openDeps } from '../server/compose';
import { loadConfig } from '../server/config';
import { linkBaseUrl } from '../server/http/campaigns/baseUrl';
import { runCampaignJobs } from '../server/services/campaigns/jobs';

async function run(): Promise<void> {
  const config = loadConfig();
  const { store, mailer } = await openDeps(config);
  try {
    const started = Date.now();
    const report = await runCampaignJobs(store, { mailer, baseUrl: linkBaseUrl(config) });
    console.log(
      [
        `open campaigns: ${report.campaigns}`,
        `invitations sent: ${report.invitations}`,
        `reminders sent: ${report.reminders}`,
        `bounced: ${report.bounced}`,
        `failed, will retry: ${report.failed}`,
        `interrupted imports rolled back: ${report.staleImports}`,
        `campaigns whose contact details were erased: ${report.purgedCampaigns}`,
        `overdue cases escalated: ${report.escalations}`,
        `mail: ${mailer.kind} · ${((Date.now() - started) / 1000).toFixed(1)} s`,
      ].join('\n'),
    );
  } finally {
    await store.close();
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
