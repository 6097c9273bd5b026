/** Start-up: config → store → app → realtime → listen; nothing else. */
import http from 'node:http';
import { createApp } from './app';
import { loadConfig } from './config';
import { createLogger, guardStdio, stdoutLog } from './logger';
import { handleShutdownSignals } from './lifecycle';
import { moveFolderOutbox } from './mail/folderOutbox';
import { createMailer } from './mail/transport';
import { linkBaseUrl } from './http/campaigns/baseUrl';
import { attachRealtime } from './realtime';
import { useMongoAdapter } from './realtime/adapter';
import { createJobWorker } from './services/jobs/registry';
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
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, store });
  // An earlier release's folder outbox moves into the store; a damaged file spoils only its message and never stops start-up.
  await moveFolderOutbox(store, config.dataDir, (fault) => logger.warn(fault, 'outbox file damaged: the message is listed as unreadable or left on disk'))
    .then((moved) => (moved.moved || moved.unreadable) && logger.info(moved, 'outbox messages of an earlier release moved into the store'))
    .catch((err) => logger.error({ err }, 'outbox of an earlier release not moved; it stays on disk and is tried again at the next start'));
  // The demo for development, or the setup URL of an installation without an operator.
  const firstRun = await prepareFirstRun({ store, config, logger, mail: { mailer, baseUrl: linkBaseUrl(config) } });
  const { app, sessionMiddleware, sessionStore } = createApp({ config, store, mailer, logger, readiness, showDemoLogins: firstRun.showDemoLogins });
  const server = http.createServer(app);
  const realtime = attachRealtime(server, store, sessionMiddleware, logger);
  const closeAdapter = config.mongodbUri ? await useMongoAdapter(realtime.io, config.mongodbUri) : async () => {};
  app.locals.realtime = realtime;
  const pruneTimer = setInterval(() => void sessionStore.prune().catch((err) => logger.warn({ err }, 'session prune failed')), 3600_000);
  pruneTimer.unref();
  // Side effects (alerts, invitations, reminders, contact erasure) run from the job queue in the store.
  const jobs = createJobWorker({ store, mailer, logger, baseUrl: linkBaseUrl(config) }, { concurrency: config.jobConcurrency, pollMs: config.jobPollMs });
  jobs.start();

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
    stopJobs: [() => jobs.stop(), () => clearInterval(pruneTimer)],
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
