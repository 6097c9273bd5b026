/**
 * The store as the server opens it: the embedded file checked before use
 * (store/integrity.ts), every write's outcome watched, and the readiness that
 * reports both, with the disk's room and the log lines dropped.
 */
import type { Config } from './config';
import type { Logger } from 'pino';
import { Readiness } from './services/health/readiness';
import { openStore } from './store';
import type { StoreDamagedError } from './store/integrity';
import type { Store } from './store/types';
import { observeWrites, WriteHealth } from './store/writeHealth';

export async function openWatchedStore(config: Config, logger: Logger, droppedLogLines: () => number): Promise<{ store: Store; readiness: Readiness }> {
  const writes = new WriteHealth();
  let readiness: Readiness | undefined;
  const integrity = {
    deadlineMs: config.storeCheckMs,
    // A check that outlived its deadline found damage: say so loudly, and stop being ready.
    onLateDamage: (err: StoreDamagedError) => {
      logger.fatal({ code: err.code }, err.message);
      readiness?.markDamaged(err.code);
    },
  };
  const store = observeWrites(await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, integrity }), writes);
  readiness = new Readiness({ store, writes, dataDir: config.dataDir, minFreeBytes: config.readyMinFreeBytes, droppedLogLines });
  return { store, readiness };
}
