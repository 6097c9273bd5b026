/** npm run seed:demo — loads the demo enterprise into the configured store (idempotent). */
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { DEMO_USERS, seedDemo } from '../server/services/demo';
import { ensureCoreIndexes } from '../server/store/indexes';
import { openStore } from '../server/store';

async function run(): Promise<void> {
  const config = loadConfig();
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir });
  await ensureCoreIndexes(store);
  const started = Date.now();
  const { created } = await seedDemo(store, config.demoPassword, createLogger(config.logLevel));
  await store.close();
  console.log(created ? `demo data loaded in ${((Date.now() - started) / 1000).toFixed(1)} s` : 'demo enterprise already present: nothing to do');
  console.log(`logins (password ${config.demoPassword}): ${DEMO_USERS.map((u) => u.email).join(', ')}`);
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
