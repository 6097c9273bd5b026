/**
 * Start-up: config → store → app → realtime → listen; nothing else.
 * With WORKERS=N the primary prepares the store once and forks N app
 * processes (server/cluster/), each of which serves what the primary hands it.
 */
import cluster from 'node:cluster';
import http from 'node:http';
import type { Logger } from 'pino';
import { createApp } from './app';
import { startupBanner } from './banner';
import { runPrimary } from './cluster/primary';
import { listenOn } from './cluster/listen';
import { reportReady, serveAsWorker } from './cluster/worker';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger } from './logger';
import { moveFolderOutbox } from './mail/folderOutbox';
import { createMailer, type Mailer } from './mail/transport';
import { linkBaseUrl } from './http/campaigns/baseUrl';
import { attachRealtime } from './realtime';
import { useMongoAdapter } from './realtime/adapter';
import { pruneHitWindows } from './services/rateLimits';
import { createJobWorker } from './services/jobs/registry';
import { seedDemoWithProgress } from './services/demo/progress';
import { ensureCoreIndexes } from './store/indexes';
import { openStore, type Store } from './store';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

const mailerFor = (config: Config, store: Store): Mailer => createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, store });

/** What runs once per start whatever the number of processes: indexes, an earlier release's outbox, the demo. Returns whether the demo was loaded. */
async function prepareStore(config: Config, store: Store, logger: Logger): Promise<boolean> {
  await ensureCoreIndexes(store);
  const mailer = mailerFor(config, store);
  const folderOutbox = await moveFolderOutbox(store, config.dataDir);
  if (folderOutbox.moved || folderOutbox.unreadable) logger.info(folderOutbox, 'outbox messages of an earlier release moved into the store');
  // The seed sends the demo's current invitations through this mailer, so the outbox has them at once.
  if (config.seedDemo !== 'auto') return false;
  return (await seedDemoWithProgress(store, config.demoPassword, logger, { mail: { mailer, baseUrl: linkBaseUrl(config) } })).created;
}

/** The app with socket.io and the job worker; in a cluster worker it serves connections from the primary, otherwise it listens. */
async function serve(config: Config, logger: Logger, seeded: boolean | null): Promise<void> {
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir });
  if (seeded === null) seeded = await prepareStore(config, store, logger);
  const mailer = mailerFor(config, store);
  const { app, sessionMiddleware, sessionStore } = createApp({ config, store, mailer, logger });
  const server = http.createServer(app);
  const realtime = attachRealtime(server, store, sessionMiddleware, logger);
  const closeAdapter = config.mongodbUri ? await useMongoAdapter(realtime.io, config.mongodbUri) : async () => {};
  app.locals.realtime = realtime;
  const prune = () => Promise.all([sessionStore.prune(), pruneHitWindows(store)]);
  const pruneTimer = setInterval(() => void prune().catch((err) => logger.warn({ err }, 'session or rate-limit prune failed')), 3600_000);
  pruneTimer.unref();
  // Side effects (alerts, invitations, reminders, contact erasure) run from the job queue in the store; claims make each run once across processes.
  const jobs = createJobWorker({ store, mailer, logger, baseUrl: linkBaseUrl(config) }, { concurrency: config.jobConcurrency, pollMs: config.jobPollMs });
  jobs.start();

  if (cluster.isWorker) {
    serveAsWorker(realtime.io, !config.mongodbUri);
    reportReady();
  } else {
    const port = await listenOn(server, config.port, config.host);
    console.log(startupBanner(config, { url: config.publicUrl ?? `http://localhost:${port}`, storeKind: store.kind, mailKind: mailer.kind, seeded }));
  }

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close();
    await jobs.stop();
    await realtime.close();
    await closeAdapter();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/** WORKERS>1: prepare the store once here, then the workers open it themselves. */
async function servePrimary(config: Config, logger: Logger): Promise<void> {
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir });
  const seeded = await prepareStore(config, store, logger);
  const facts = { storeKind: store.kind, mailKind: mailerFor(config, store).kind, seeded };
  await store.close();
  const { port } = await runPrimary({ workers: config.workers, port: config.port, host: config.host, logger });
  console.log(startupBanner(config, { ...facts, url: config.publicUrl ?? `http://localhost:${port}` }));
}

async function main(): Promise<void> {
  const config = configOrExit();
  const logger = createLogger(config.logLevel);
  if (cluster.isPrimary && config.workers > 1) return servePrimary(config, logger);
  // A cluster worker finds the store prepared by its primary.
  return serve(config, logger, cluster.isWorker ? false : null);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
