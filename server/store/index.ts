/**
 * Chooses the store at boot: MongoDB when a URI is configured, otherwise the
 * embedded SQLite file in dataDir. Domain code only ever sees `Store`.
 */
import { openEmbeddedStore, type IntegrityOptions } from './embedded';
import { openMongoStore } from './mongo';
import type { Store } from './types';

export interface StoreOptions {
  mongodbUri?: string;
  dataDir: string;
  /** The embedded store's quick_check at start-up (MongoDB checks its own files). */
  integrity?: IntegrityOptions;
}

export async function openStore(opts: StoreOptions): Promise<Store> {
  if (opts.mongodbUri) return openMongoStore(opts.mongodbUri);
  return openEmbeddedStore(opts.dataDir, opts.integrity);
}

export type { Store } from './types';
