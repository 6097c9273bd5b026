/**
 * A durable job: a side effect written in the same transaction as the change
 * that calls for it (the outbox pattern), run later by whichever process
 * claims it first. `runAt` is when it is due; while a worker holds it, it is
 * the end of that worker's lease, so a job whose worker died becomes due again
 * by itself.
 */
import type { Doc } from '../../store/types';

export type JobState = 'queued' | 'done' | 'failed';

export interface Job extends Doc {
  kind: string;
  payload: Record<string, unknown>;
  /** The enterprise the job acts for; absent for platform-wide work (recurring sweeps). */
  enterpriseId?: string;
  state: JobState;
  runAt: string;
  attempts: number;
  maxAttempts: number;
  /** The holder's token while a worker runs it; completing needs the same token. */
  lease?: string;
  createdAt: string;
  finishedAt?: string;
  lastError?: string;
  lastErrorAt?: string;
  /** The operator who last ran a failed job again, and when. */
  retriedBy?: string;
  retriedAt?: string;
}

/** What a handler receives besides the payload: the job itself and the worker's clock. */
export interface JobRun {
  job: Job;
  now: () => Date;
}

export type JobHandler = (payload: Record<string, unknown>, run: JobRun) => Promise<void>;

/** How one kind of job is run and retried. */
export interface JobKind {
  handler: JobHandler;
  /** First retry after this long, doubling each time (default 30 s). */
  backoffMs?: number;
  /** Longest wait between two tries (default 1 h). */
  maxBackoffMs?: number;
}

export type JobKinds = Record<string, JobKind>;
