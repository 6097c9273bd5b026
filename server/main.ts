/**
 * Start-up: config → store → app → realtime → listen; nothing else.
 * With WORKERS=N the primary prepares the store once and forks N app
 * processes (server/cluster/), which all listen on the one port.
 */
import cluster from 'node:cluster';
import type { Logger } from 'pino';
import { composeServer, configuredMailer } from './compose';
import { loadConfig, type Config } from './config';
import { createLogger, guardStdio, stdoutLog } from './logger';
import { handleShutdownSignals, holdPidFile } from './lifecycle';
import { moveFolderOutbox } from './mail/folderOutbox';
import { linkBaseUrl } from './http/campaigns/baseUrl';
import { pruneHitWindows } from './services/rateLimits';
import { createJobWorker } from './services/jobs/registry';
import { startupBanner } from './startup/banner';
import { assertDataDirWritable } from './startup/dataDir';
import { exitOnStartupError, storeOpenError } from './startup/errors';
import { firstRunAsFound, prepareFirstRun, type FirstRun } from './startup/firstRun';
import { listen } from './startup/listen';
import { upgradeLegacyTasks } from './services/cases/legacy';
import { stampVisitSites } from './services/visits/siteStamp';
import { ensureCoreIndexes } from './store/indexes';
import { loadImportedCatalogues } from './services/catalogues/import/imports';
import { StoreDamagedError } from './store/integrity';
import type { Store } from './store/types';
import { openWatchedStore } from './watchedStore';

function openCheckedStore(config: Config, logger: Logger) {
  return openWatchedStore(config, logger, () => stdoutLog.dropped).catch((err) => {
    throw storeOpenError(err, { mongodb: !!config.mongodbUri, dataDir: config.dataDir });
  });
}

/** What runs once per start, however many processes serve: indexes, upgrades of older data, the first-run demo or setup URL. */
async function prepareStore(config: Config, store: Store, logger: Logger): Promise<FirstRun> {
  const indexing = Date.now();
  await ensureCoreIndexes(store);
  // The first start after an upgrade that changes how a store keeps its indexes rewrites each indexed table once:
  // on a large store that is minutes of silence, so the operator is told what it was.
  const indexingSeconds = (Date.now() - indexing) / 1000;
  if (indexingSeconds >= 5) logger.info({ seconds: Math.round(indexingSeconds) }, 'store indexes brought up to date (a one-time conversion after an upgrade)');
  // Follow-up tasks from before cases become cases in place (ids and links unchanged).
  await upgradeLegacyTasks(store);
  // Visit photos and history stored before site scope get their visit's site.
  await stampVisitSites(store);
  const mailer = configuredMailer(config, store);
  // An earlier release's folder outbox moves into the store; a damaged file spoils only its message and never stops start-up.
  await moveFolderOutbox(store, config.dataDir, (fault) => logger.warn(fault, 'outbox file damaged: the message is listed as unreadable or left on disk'))
    .then((moved) => (moved.moved || moved.unreadable) && logger.info(moved, 'outbox messages of an earlier release moved into the store'))
    .catch((err) => logger.error({ err }, 'outbox of an earlier release not moved; it stays on disk and is tried again at the next start'));
  // The demo for development, or the setup URL of an installation without an operator.
  return prepareFirstRun({ store, config, logger, mail: { mailer, baseUrl: linkBaseUrl(config) } });
}

/** The app with socket.io and the job worker, listening: alone, or as one of the cluster's workers on the shared port. */
async function serve(config: Config, logger: Logger): Promise<void> {
  const { store, readiness } = await openCheckedStore(config, logger);
  // A cluster worker finds the store prepared by its primary.
  const firstRun = cluster.isWorker ? await firstRunAsFound(store, config) : await prepareStore(config, store, logger);
  // Imported catalogues live in each process's registry: every process loads them before any request needs them.
  await loadImportedCatalogues(store);
  const mailer = configuredMailer(config, store);
  const { server, sessionStore, realtime, closeRealtime } = await composeServer({
    config,
    store,
    mailer,
    logger,
    readiness,
    showDemoLogins: firstRun.showDemoLogins,
  });
  const prune = () => Promise.all([sessionStore.prune(), pruneHitWindows(store)]);
  const pruneTimer = setInterval(() => void prune().catch((err) => logger.warn({ err }, 'session or rate-limit prune failed')), 3600_000);
  pruneTimer.unref();
  // A catalogue imported through another process reaches this one's registry within half a minute.
  const catalogueTimer = setInterval(
    () => void loadImportedCatalogues(store).catch((err) => logger.warn({ err }, 'imported catalogues not refreshed')),
    30_000,
  );
  catalogueTimer.unref();
  // Side effects (alerts, invitations, reminders, contact erasure) run from the job queue in the store; claims make each run once across processes.
  const jobs = createJobWorker({ store, mailer, logger, baseUrl: linkBaseUrl(config) }, { concurrency: config.jobConcurrency, pollMs: config.jobPollMs });
  jobs.start();
  const stopOnShutdown = [() => jobs.stop(), () => clearInterval(pruneTimer), () => clearInterval(catalogueTimer)];

  if (cluster.isWorker) {
    // The cluster's socket.io relays load only under WORKERS>1 (here and in servePrimary).
    const { reportReady, serveAsWorker } = await import('./cluster/worker');
    const polls = await serveAsWorker(realtime.io, !config.mongodbUri);
    stopOnShutdown.push(() => polls.close());
    reportReady(await listen(server, config.port, config.host), polls);
  } else {
    const port = await listen(server, config.port, config.host);
    const url = config.publicUrl ?? `http://localhost:${port}`;
    console.log(startupBanner({ url, config, storeKind: store.kind, mailKind: mailer.kind, firstRun }).join('\n') + '\n');
  }

  handleShutdownSignals({
    server,
    logger,
    logOutput: stdoutLog,
    deadlineMs: config.shutdownTimeoutMs,
    dataDir: config.dataDir,
    // Under a primary, the primary holds the pid file for the whole group.
    ownsPidFile: !cluster.isWorker,
    onStopping: () => readiness.markStopping(),
    stopJobs: stopOnShutdown,
    closeRealtime,
    closeStore: () => store.close(),
  });
}

/** WORKERS>1: prepare the store once here, then the workers open it themselves. */
async function servePrimary(config: Config, logger: Logger): Promise<void> {
  const { store } = await openCheckedStore(config, logger);
  const firstRun = await prepareStore(config, store, logger);
  const facts = { storeKind: store.kind, mailKind: configuredMailer(config, store).kind, firstRun };
  await store.close();
  const releasePidFile = holdPidFile(config.dataDir);
  const { runPrimary } = await import('./cluster/primary');
  // Each worker gets the whole shutdown deadline for its requests, and a little more to close its store.
  const { port } = await runPrimary({ workers: config.workers, logger, stopDeadlineMs: config.shutdownTimeoutMs + 5000, onStopped: releasePidFile });
  console.log(startupBanner({ ...facts, config, url: config.publicUrl ?? `http://localhost:${port}` }).join('\n') + '\n');
}

async function main(): Promise<void> {
  const config = loadConfig();
  assertDataDirWritable(config.dataDir);
  const logger = createLogger(config.logLevel);
  guardStdio();
  if (cluster.isPrimary && config.workers > 1) return servePrimary(config, logger);
  return serve(config, logger);
}

main().catch((err) => {
  // A damaged store: one line saying what is wrong and what to do, nothing written (exit 3).
  if (err instanceof StoreDamagedError) {
    console.error(err.message);
    process.exit(3);
  }
  exitOnStartupError(err);
});
