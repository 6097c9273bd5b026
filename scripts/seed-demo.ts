/** npm run seed:demo — loads the demo enterprise into the configured store (idempotent). */
import { openDeps } from '../server/compose';
import { loadConfig } from '../server/config';
import { linkBaseUrl } from '../server/http/campaigns/baseUrl';
import { DEMO_USERS } from '../server/services/demo';
import { seedDemoWithProgress } from '../server/services/demo/progress';
import { exitOnStartupError } from '../server/startup/errors';

async function run(): Promise<void> {
  const config = loadConfig();
  if (config.production) {
    console.error('seed:demo refused: NODE_ENV=production, and the demo logins share one known password');
    process.exit(1);
  }
  const { store, mailer, logger } = await openDeps(config);
  const started = Date.now();
  const { created } = await seedDemoWithProgress(store, config.demoPassword, logger, { mail: { mailer, baseUrl: linkBaseUrl(config) } });
  await store.close();
  if (!created) console.log('demo enterprise already present: nothing to do');
  else console.log(`seed finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`logins (password ${config.demoPassword}): ${DEMO_USERS.map((u) => u.email).join(', ')}`);
  if (mailer.kind === 'outbox') console.log('survey links to answer as a customer: the invitation mails on /admin/outbox (admin login)');
}

run().catch(exitOnStartupError);
