/** npm run seed:demo — loads the demo enterprise into the configured store (idempotent). */
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { DEMO_USERS } from '../server/services/demo';
import { seedDemoWithProgress } from '../server/services/demo/progress';
import { ensureCoreIndexes } from '../server/store/indexes';
import { openStore } from '../server/store';

async function run(): Promise<void> {
  const config = loadConfig();
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir });
  await ensureCoreIndexes(store);
  const started = Date.now();
  const { created } = await seedDemoWithProgress(store, config.demoPassword, createLogger(config.logLevel));
  await store.close();
  if (!created) console.log('demo enterprise already present: nothing to do');
  else console.log(`seed finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`logins (password ${config.demoPassword}): ${DEMO_USERS.map((u) => u.email).join(', ')}`);
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
