/**
 * What the platform operator sees of the job queue: how much waits, what is
 * being retried, and every job that gave up, with its error, to run again
 * once the cause is fixed.
 */
import { NotFoundError } from '../../errors';
import type { Store } from '../../store/types';
import type { Enterprise } from '../accounts/enterprises';
import { recordAudit } from '../auditLog';
import { tenantContext, type Actor } from '../context';
import { assertAllowed } from '../policy';
import { JOBS, retryFailedJob } from './queue';
import type { Job } from './types';

export interface JobRow {
  id: string;
  kind: string;
  enterpriseCode: string | null;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  createdAt: string;
  finishedAt?: string;
  lastError?: string;
  lastErrorAt?: string;
}

export interface JobOverview {
  /** Queued and due now (a backlog when it stays high). */
  due: number;
  /** Queued after a failed try, waiting for their next one. */
  retrying: number;
  failed: number;
  failedJobs: JobRow[];
  retryingJobs: JobRow[];
}

async function rowsOf(store: Store, jobs: Job[]): Promise<JobRow[]> {
  const ids = [...new Set(jobs.flatMap((j) => (j.enterpriseId ? [j.enterpriseId] : [])))];
  const enterprises = ids.length ? await store.collection<Enterprise>('enterprises').find({ _id: { $in: ids } }, { fields: ['_id', 'code'] }) : [];
  const codes = new Map(enterprises.map((e) => [e._id, e.code]));
  return jobs.map((j) => ({
    id: j._id,
    kind: j.kind,
    enterpriseCode: j.enterpriseId ? (codes.get(j.enterpriseId) ?? j.enterpriseId) : null,
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    runAt: j.runAt,
    createdAt: j.createdAt,
    ...(j.finishedAt ? { finishedAt: j.finishedAt } : {}),
    ...(j.lastError ? { lastError: j.lastError, lastErrorAt: j.lastErrorAt } : {}),
  }));
}

export async function jobOverview(store: Store, actor: Actor, now = new Date(), limit = 100): Promise<JobOverview> {
  assertAllowed(actor, 'jobs', 'manage');
  const jobs = store.collection<Job>(JOBS);
  const at = now.toISOString();
  const failedJobs = await jobs.find({ state: 'failed' }, { sort: { finishedAt: -1 }, limit });
  // A queued job that has been tried and is not yet due again is waiting out its back-off (or is held by a worker).
  const retryingJobs = await jobs.find({ state: 'queued', runAt: { $gt: at }, lastError: { $exists: true } }, { sort: { runAt: 1 }, limit });
  return {
    due: await jobs.count({ state: 'queued', runAt: { $lte: at } }),
    retrying: await jobs.count({ state: 'queued', runAt: { $gt: at }, lastError: { $exists: true } }),
    failed: await jobs.count({ state: 'failed' }),
    failedJobs: await rowsOf(store, failedJobs),
    retryingJobs: await rowsOf(store, retryingJobs),
  };
}

/**
 * Runs a failed job again with all its attempts; 404 when it is not (or no
 * longer) failed. A job done for an enterprise goes in that enterprise's audit
 * log, in the retry's transaction (as the operator's enterprise.create does);
 * a platform-wide job (a sweep) has no enterprise log and keeps who retried it
 * and when on the job itself.
 */
export async function retryJob(store: Store, actor: Actor, id: string, now = new Date()): Promise<JobRow> {
  assertAllowed(actor, 'jobs', 'manage');
  const job = await store.withTransaction(async (tx) => {
    const retried = await retryFailedJob(tx, id, now, actor.userId);
    if (retried?.enterpriseId) {
      await recordAudit(tenantContext(tx, { ...actor, enterpriseId: retried.enterpriseId }), 'job.retry', 'jobs', retried._id, {
        kind: retried.kind,
        lastError: retried.lastError,
      });
    }
    return retried;
  });
  if (!job) throw new NotFoundError('failed job');
  return (await rowsOf(store, [job]))[0]!;
}
