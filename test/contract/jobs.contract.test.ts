/**
 * The job queue contract on the embedded store (two connections to one file,
 * as two processes on one machine have) and on MongoDB when MONGODB_URI points
 * at a replica set (two clients).
 */
import { describeJobQueueContract } from './jobs-contract';
import { twoEmbeddedHandles, twoMongoHandles } from './twoHandles';

describeJobQueueContract('embedded (SQLite)', () => twoEmbeddedHandles('jobs'));

const mongoUri = process.env.MONGODB_URI;
if (mongoUri) {
  describeJobQueueContract('MongoDB', () => twoMongoHandles(mongoUri, 'jobs'));
} else {
  describe('Job queue contract: MongoDB', () => {
    test.skip('MongoDB leg skipped: no MONGODB_URI', () => undefined);
  });
}
