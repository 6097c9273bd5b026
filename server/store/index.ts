/**
 * Chooses the store at boot: MongoDB when a URI is configured, otherwise the
 * embedded SQLite file in dataDir. Domain code only ever sees `Store`.
 */
import { openEmbeddedStore } from './embedded';
import { openMongoStore } from './mongo';
import type { Store } from './types';

export interface StoreOptions {
  mongodbUri?: string;
  dataDir: string;
}

export async function openStore(opts: StoreOptions): Promise<Store> {
  if (opts.mongodbUri) return openMongoStore(opts.mongodbUri);
  return openEmbeddedStore(opts.dataDir);
}

export type { Store } from './types';
