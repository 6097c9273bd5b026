/**
 * Two store handles on the same data, standing for two app processes: two
 * connections to one SQLite file, or two clients of one MongoDB database
 * (when MONGODB_URI is set). For contract suites of what processes share.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openEmbeddedStore } from '../../server/store/embedded';
import { openMongoStore } from '../../server/store/mongo';
import type { Store } from '../../server/store/types';

export interface TwoHandles {
  a: Store;
  b: Store;
  close(): Promise<void>;
}

export async function twoEmbeddedHandles(prefix: string): Promise<TwoHandles> {
  const dir = mkdtempSync(path.join(tmpdir(), `servicestar-${prefix}-`));
  const a = await openEmbeddedStore(dir);
  const b = await openEmbeddedStore(dir);
  return {
    a,
    b,
    async close() {
      await a.close();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function twoMongoHandles(uri: string, prefix: string): Promise<TwoHandles> {
  const dbName = `servicestar_${prefix}_${process.pid}_${Date.now()}`;
  const a = await openMongoStore(uri, dbName);
  const b = await openMongoStore(uri, dbName);
  return {
    a,
    b,
    async close() {
      await a.dropDatabase();
      await a.close();
      await b.close();
    },
  };
}
