/**
 * The job queue's operations on the store, one atomic step each: enqueue (in
 * the caller's transaction), claim with a lease, complete, fail with
 * exponential back-off, and the operator's retry. Nothing here runs a job;
 * worker.ts does.
 */
import crypto from 'node:crypto';
import { DuplicateKeyError, type Store } from '../../store/types';
import type { Job, JobKind } from './types';
import { DAY_MS } from '../calendar';

export const JOBS = 'jobs';
export const DEFAULT_MAX_ATTEMPTS = 8;
const DEFAULT_BACKOFF_MS = 30_000;
const DEFAULT_MAX_BACKOFF_MS = 3600_000;
/** Long enough for a campaign's mail run; a job's handlers are idempotent, so an overrun costs a repeat, not a loss. */
export const DEFAULT_LEASE_MS = 5 * 60_000;
/** Stored error texts are cut here: a stack trace is for the logs, the page shows the message. */
const ERROR_CHARS = 500;

export interface JobSpec {
  kind: string;
  payload?: Record<string, unknown>;
  enterpriseId?: string;
  /** A key that makes the job unique: enqueueing it again is a no-op. */
  id?: string;
  runAt?: Date;
  maxAttempts?: number;
}

type Listener = () => void;
const listeners = new Set<Listener>();

/** Wakes this process's workers when a job is committed, so it runs at once rather than at the next poll. */
export function onJobCommitted(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Writes a job with the store handle it is given: inside a transaction it
 * commits (or rolls back) with the change that called for it. Returns false
 * when a job with the same id already exists.
 */
export async function enqueueJob(store: Store, spec: JobSpec, now = new Date()): Promise<boolean> {
  const job: Job = {
    _id: spec.id ?? `${spec.kind}:${crypto.randomUUID()}`,
    kind: spec.kind,
    payload: spec.payload ?? {},
    ...(spec.enterpriseId ? { enterpriseId: spec.enterpriseId } : {}),
    state: 'queued',
    runAt: (spec.runAt ?? now).toISOString(),
    attempts: 0,
    maxAttempts: spec.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    createdAt: now.toISOString(),
  };
  const jobs = store.collection<Job>(JOBS);
  // MongoDB aborts a whole transaction on a duplicate key, so inside one a known id is looked up first.
  if (spec.id && store.inTransaction && (await jobs.findOne({ _id: spec.id }, { fields: ['_id'] }))) return false;
  try {
    await jobs.insertOne(job);
  } catch (err) {
    if (err instanceof DuplicateKeyError) return false;
    throw err;
  }
  store.afterCommit(() => listeners.forEach((l) => l()));
  return true;
}

/**
 * Takes the job due first, atomically: of two workers asking at once one gets
 * it. Its runAt moves to the end of the lease, so if this worker dies the job
 * is due again then.
 */
export async function claimJob(store: Store, now: Date, leaseMs = DEFAULT_LEASE_MS): Promise<Job | null> {
  return store
    .collection<Job>(JOBS)
    .findOneAndUpdate(
      { state: 'queued', runAt: { $lte: now.toISOString() } },
      { $set: { runAt: new Date(now.getTime() + leaseMs).toISOString(), lease: crypto.randomUUID() }, $inc: { attempts: 1 } },
      { sort: { runAt: 1 } },
    );
}

/** False when the lease was lost (it ran out and another worker took the job). */
export async function completeJob(store: Store, job: Job, now: Date): Promise<boolean> {
  const { matched } = await store
    .collection<Job>(JOBS)
    .updateOne({ _id: job._id, lease: job.lease! }, { $set: { state: 'done', finishedAt: now.toISOString() }, $unset: { lease: true } });
  return matched === 1;
}

/** Waits base · 2^(attempt − 1), at most the kind's ceiling. */
export function backoffMs(kind: Pick<JobKind, 'backoffMs' | 'maxBackoffMs'>, attempts: number): number {
  const base = kind.backoffMs ?? DEFAULT_BACKOFF_MS;
  return Math.min(base * 2 ** Math.max(0, attempts - 1), kind.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS);
}

export function errorText(err: unknown): string {
  // By shape, not instanceof: errors from fetch's internals may come from another realm.
  const message = (err as { message?: unknown } | null)?.message;
  const text = typeof message === 'string' ? message : String(err);
  return text.slice(0, ERROR_CHARS);
}

/** Schedules the next try, or marks the job failed once it has used its attempts. Returns the new state. */
export async function failJob(
  store: Store,
  job: Job,
  err: unknown,
  now: Date,
  kind: Pick<JobKind, 'backoffMs' | 'maxBackoffMs'> = {},
): Promise<'queued' | 'failed' | 'lost'> {
  const givesUp = job.attempts >= job.maxAttempts;
  const error = { lastError: errorText(err), lastErrorAt: now.toISOString() };
  const $set = givesUp
    ? { ...error, state: 'failed' as const, finishedAt: now.toISOString() }
    : { ...error, runAt: new Date(now.getTime() + backoffMs(kind, job.attempts)).toISOString() };
  const { matched } = await store.collection<Job>(JOBS).updateOne({ _id: job._id, lease: job.lease! }, { $set, $unset: { lease: true } });
  if (!matched) return 'lost';
  return givesUp ? 'failed' : 'queued';
}

/** The operator's "run again": a failed job gets its attempts back and is due at once. */
export async function retryFailedJob(store: Store, id: string, now = new Date(), by = 'system'): Promise<Job | null> {
  const job = await store
    .collection<Job>(JOBS)
    .findOneAndUpdate(
      { _id: id, state: 'failed' },
      { $set: { state: 'queued', runAt: now.toISOString(), attempts: 0, retriedAt: now.toISOString(), retriedBy: by }, $unset: { finishedAt: true } },
    );
  if (job) store.afterCommit(() => listeners.forEach((l) => l()));
  return job;
}

/** Removes finished jobs: done ones after `doneDays`, failed ones (kept for the operator) after `failedDays`. */
export async function purgeFinishedJobs(store: Store, now: Date, doneDays = 2, failedDays = 30): Promise<number> {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const jobs = store.collection<Job>(JOBS);
  return (
    (await jobs.deleteMany({ state: 'done', finishedAt: { $lt: before(doneDays) } })) +
    (await jobs.deleteMany({ state: 'failed', finishedAt: { $lt: before(failedDays) } }))
  );
}

/** Withdraws a job that has not started (e.g. a scheduled send cancelled); false when it is running, done or gone. */
export async function cancelQueuedJob(store: Store, id: string): Promise<boolean> {
  return (await store.collection<Job>(JOBS).deleteOne({ _id: id, state: 'queued', attempts: 0 })) > 0;
}
