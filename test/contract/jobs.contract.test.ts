/**
 * The job queue contract on the embedded store (two connections to one file,
 * as two processes on one machine have) and on MongoDB when MONGODB_URI points
 * at a replica set (two clients).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openEmbeddedStore } from '../../server/store/embedded';
import { openMongoStore } from '../../server/store/mongo';
import { describeJobQueueContract } from './jobs-contract';

describeJobQueueContract('embedded (SQLite)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'servicestar-jobs-'));
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
});

const mongoUri = process.env.MONGODB_URI;
if (mongoUri) {
  describeJobQueueContract('MongoDB', async () => {
    const dbName = `servicestar_jobs_${process.pid}_${Date.now()}`;
    const a = await openMongoStore(mongoUri, dbName);
    const b = await openMongoStore(mongoUri, dbName);
    return {
      a,
      b,
      async close() {
        await a.dropDatabase();
        await a.close();
        await b.close();
      },
    };
  });
} else {
  describe('Job queue contract: MongoDB', () => {
    test.skip('MongoDB leg skipped: no MONGODB_URI', () => undefined);
  });
}
