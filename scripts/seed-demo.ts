/** npm run seed:demo — loads the demo enterprise into the configured store (idempotent). */
import { loadConfig } from '../server/config';
import { linkBaseUrl } from '../server/http/campaigns/baseUrl';
import { createLogger } from '../server/logger';
import { createMailer } from '../server/mail/transport';
import { DEMO_USERS } from '../server/services/demo';
import { seedDemoWithProgress } from '../server/services/demo/progress';
import { exitOnStartupError } from '../server/startup/errors';
import { ensureCoreIndexes } from '../server/store/indexes';
import { openStore } from '../server/store';

async function run(): Promise<void> {
  const config = loadConfig();
  if (config.production) {
    console.error('seed:demo refused: NODE_ENV=production, and the demo logins share one known password');
    process.exit(1);
  }
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir });
  await ensureCoreIndexes(store);
  const started = Date.now();
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, store });
  const { created } = await seedDemoWithProgress(store, config.demoPassword, createLogger(config.logLevel), { mail: { mailer, baseUrl: linkBaseUrl(config) } });
  await store.close();
  if (!created) console.log('demo enterprise already present: nothing to do');
  else console.log(`seed finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`logins (password ${config.demoPassword}): ${DEMO_USERS.map((u) => u.email).join(', ')}`);
  if (mailer.kind === 'outbox') console.log('survey links to answer as a customer: the invitation mails on /admin/outbox (admin login)');
}

run().catch(exitOnStartupError);
