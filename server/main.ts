/** Start-up: config → store → app → realtime → listen; nothing else. */
import http from 'node:http';
import { createApp } from './app';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { createMailer } from './mail/transport';
import { linkBaseUrl } from './http/campaigns/baseUrl';
import { attachRealtime } from './realtime';
import { useMongoAdapter } from './realtime/adapter';
import { startCampaignJobs } from './services/campaigns/jobs';
import { startAlerts } from './services/alerts/listener';
import { startupBanner } from './startup/banner';
import { assertDataDirWritable } from './startup/dataDir';
import { exitOnStartupError, storeOpenError } from './startup/errors';
import { prepareFirstRun } from './startup/firstRun';
import { listen } from './startup/listen';
import { ensureCoreIndexes } from './store/indexes';
import { openStore } from './store';

async function main(): Promise<void> {
  const config = loadConfig();
  assertDataDirWritable(config.dataDir);
  const logger = createLogger(config.logLevel);
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir }).catch((err) => {
    throw storeOpenError(err, { mongodb: !!config.mongodbUri, dataDir: config.dataDir });
  });
  await ensureCoreIndexes(store);
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, dataDir: config.dataDir });
  // The demo for development, or the setup URL of an installation without an operator.
  const firstRun = await prepareFirstRun({ store, config, logger, mail: { mailer, baseUrl: linkBaseUrl(config) } });
  const { app, sessionMiddleware, sessionStore } = createApp({ config, store, mailer, logger, showDemoLogins: firstRun.showDemoLogins });
  const server = http.createServer(app);
  const realtime = attachRealtime(server, store, sessionMiddleware, logger);
  const closeAdapter = config.mongodbUri ? await useMongoAdapter(realtime.io, config.mongodbUri) : async () => {};
  app.locals.realtime = realtime;
  const pruneTimer = setInterval(() => void sessionStore.prune().catch((err) => logger.warn({ err }, 'session prune failed')), 3600_000);
  pruneTimer.unref();
  // Jobs: survey invitations, reminders and contact purges, every minute.
  const stopCampaignJobs = startCampaignJobs(store, { mailer, baseUrl: linkBaseUrl(config), logger });
  // Alerts: every counted response is checked against the enterprise's rules (follow-up task + email).
  const stopAlerts = startAlerts({ store, mailer, logger, baseUrl: linkBaseUrl(config) });

  const port = await listen(server, config.port, config.host);
  const url = config.publicUrl ?? `http://localhost:${port}`;
  console.log(startupBanner({ url, config, storeKind: store.kind, mailKind: mailer.kind, firstRun }).join('\n') + '\n');

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close();
    stopCampaignJobs();
    stopAlerts();
    await realtime.close();
    await closeAdapter();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch(exitOnStartupError);
