/**
 * Chooses the store at boot: MongoDB when a URI is configured, otherwise the
 * embedded SQLite file in dataDir. Domain code only ever sees `Store`.
 */
import { openEmbeddedStore, type IntegrityOptions } from './embedded';
import type { Store } from './types';

export interface StoreOptions {
  mongodbUri?: string;
  dataDir: string;
  /** The embedded store's quick_check at start-up (MongoDB checks its own files). */
  integrity?: IntegrityOptions;
}

export async function openStore(opts: StoreOptions): Promise<Store> {
  // The MongoDB adapter (and its driver, about 130 modules) loads only when configured: an embedded install starts without it.
  if (opts.mongodbUri) return (await import('./mongo')).openMongoStore(opts.mongodbUri);
  return openEmbeddedStore(opts.dataDir, opts.integrity);
}

export type { Store } from './types';
