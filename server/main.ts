/** Start-up: config → store → app → realtime → listen; nothing else. */
import http from 'node:http';
import { createApp } from './app';
import { loadConfig } from './config';
import { createLogger, guardStdio, stdoutLog } from './logger';
import { handleShutdownSignals } from './lifecycle';
import { createMailer } from './mail/transport';
import { linkBaseUrl } from './http/campaigns/baseUrl';
import { attachRealtime } from './realtime';
import { useMongoAdapter } from './realtime/adapter';
import { startCampaignJobs } from './services/campaigns/jobs';
import { startAlerts } from './services/alerts/listener';
import { Readiness } from './services/health/readiness';
import { startupBanner } from './startup/banner';
import { assertDataDirWritable } from './startup/dataDir';
import { exitOnStartupError, storeOpenError } from './startup/errors';
import { prepareFirstRun } from './startup/firstRun';
import { listen } from './startup/listen';
import { upgradeLegacyTasks } from './services/cases/legacy';
import { stampVisitSites } from './services/visits/siteStamp';
import { ensureCoreIndexes } from './store/indexes';
import { loadImportedCatalogues } from './services/catalogues/import/imports';
import { StoreDamagedError } from './store/integrity';
import { openWatchedStore } from './watchedStore';

async function main(): Promise<void> {
  const config = loadConfig();
  assertDataDirWritable(config.dataDir);
  const logger = createLogger(config.logLevel);
  guardStdio();
  const { store, readiness } = await openWatchedStore(config, logger, () => stdoutLog.dropped).catch((err) => {
    throw storeOpenError(err, { mongodb: !!config.mongodbUri, dataDir: config.dataDir });
  });
  await ensureCoreIndexes(store);
  // Follow-up tasks from before cases become cases in place (ids and links unchanged).
  await upgradeLegacyTasks(store);
  // Visit photos and history stored before site scope get their visit's site.
  await stampVisitSites(store);
  // Catalogues an operator imported join the shipped ones before any request needs them.
  await loadImportedCatalogues(store);
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    dataDir: config.dataDir,
    onDamagedFile: (fault) => logger.warn(fault, 'outbox file damaged: the message is listed as unreadable'),
  });
  // The demo for development, or the setup URL of an installation without an operator.
  const firstRun = await prepareFirstRun({ store, config, logger, mail: { mailer, baseUrl: linkBaseUrl(config) } });
  const { app, sessionMiddleware, sessionStore } = createApp({ config, store, mailer, logger, readiness, showDemoLogins: firstRun.showDemoLogins });
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

  handleShutdownSignals({
    server,
    logger,
    logOutput: stdoutLog,
    deadlineMs: config.shutdownTimeoutMs,
    dataDir: config.dataDir,
    onStopping: () => readiness.markStopping(),
    stopJobs: [stopCampaignJobs, stopAlerts, () => clearInterval(pruneTimer)],
    closeRealtime: async () => {
      await realtime.close();
      await closeAdapter();
    },
    closeStore: () => store.close(),
  });
}

main().catch((err) => {
  // A damaged store: one line saying what is wrong and what to do, nothing written (exit 3).
  if (err instanceof StoreDamagedError) {
    console.error(err.message);
    process.exit(3);
  }
  exitOnStartupError(err);
});
