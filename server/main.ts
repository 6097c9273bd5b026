/** Start-up: config → store → app → realtime → listen; nothing else. */
import http from 'node:http';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { moveFolderOutbox } from './mail/folderOutbox';
import { createMailer } from './mail/transport';
import { linkBaseUrl } from './http/campaigns/baseUrl';
import { attachRealtime } from './realtime';
import { useMongoAdapter } from './realtime/adapter';
import { createJobWorker } from './services/jobs/registry';
import { DEMO_USERS } from './services/demo';
import { seedDemoWithProgress } from './services/demo/progress';
import { ensureCoreIndexes } from './store/indexes';
import { openStore } from './store';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir });
  await ensureCoreIndexes(store);
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, store });
  const folderOutbox = await moveFolderOutbox(store, config.dataDir);
  if (folderOutbox.moved || folderOutbox.unreadable) logger.info(folderOutbox, 'outbox messages of an earlier release moved into the store');
  // The seed sends the demo's current invitations through this mailer, so the outbox has them at once.
  const seeded = config.seedDemo === 'auto' ? await seedDemoWithProgress(store, config.demoPassword, logger, { mail: { mailer, baseUrl: linkBaseUrl(config) } }) : { created: false };
  const { app, sessionMiddleware, sessionStore } = createApp({ config, store, mailer, logger });
  const server = http.createServer(app);
  const realtime = attachRealtime(server, store, sessionMiddleware, logger);
  const closeAdapter = config.mongodbUri ? await useMongoAdapter(realtime.io, config.mongodbUri) : async () => {};
  app.locals.realtime = realtime;
  const pruneTimer = setInterval(() => void sessionStore.prune().catch((err) => logger.warn({ err }, 'session prune failed')), 3600_000);
  pruneTimer.unref();
  // Side effects (alerts, invitations, reminders, contact erasure) run from the job queue in the store.
  const jobs = createJobWorker({ store, mailer, logger, baseUrl: linkBaseUrl(config) }, { concurrency: config.jobConcurrency, pollMs: config.jobPollMs });
  jobs.start();

  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = config.publicUrl ?? `http://localhost:${port}`;
    const lines = [
      '',
      `ServiceStar is running at ${url}`,
      `store: ${store.kind}${store.kind === 'embedded' ? ` (${config.dataDir})` : ''} · mail: ${mailer.kind}`,
    ];
    if (config.seedDemo === 'auto') {
      lines.push(seeded.created ? 'demo data loaded; logins:' : 'demo logins:');
      for (const u of DEMO_USERS) lines.push(`  ${u.email.padEnd(22)} ${u.role.padEnd(9)} password: ${config.demoPassword}`);
      lines.push(mailer.kind === 'outbox' ? `survey links to answer as a customer: invitation mails in ${url}/admin/outbox (admin login)` : `survey links: the demo invitations went to @demo.test addresses over SMTP; walk-in links and QR posters are on ${url}/campaigns`);
    }
    console.log(lines.join('\n') + '\n');
  });

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

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
