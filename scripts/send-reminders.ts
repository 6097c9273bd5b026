/**
 * Sends every due survey invitation and reminder once, escalates overdue
 * cases and erases expired contact details: the work the server's job queue
 * runs in its recurring slots, in one go (for a cron job, or to send now).
 *
 *   node dist/scripts/send-reminders.js
 */
import { loadConfig } from '../server/config';
import { linkBaseUrl } from '../server/http/campaigns/baseUrl';
import { createMailer } from '../server/mail/transport';
import { runCampaignJobs } from '../server/services/campaigns/jobs';
import { ensureCoreIndexes } from '../server/store/indexes';
import { openStore } from '../server/store';

async function run(): Promise<void> {
  const config = loadConfig();
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir });
  try {
    await ensureCoreIndexes(store);
    const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, store });
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
