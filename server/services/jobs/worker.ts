/**
 * Runs jobs: claims what is due, runs its handler, completes or fails it.
 * `start` keeps a process working (a poll, and a wake-up whenever this process
 * commits a job); `drain` runs due jobs until none are left, which is how
 * tests wait for side effects instead of sleeping.
 */
import type { Logger } from 'pino';
import type { Store } from '../../store/types';
import { claimJob, completeJob, DEFAULT_LEASE_MS, failJob, onJobCommitted } from './queue';
import { scheduleSlot, slotStart, type RecurringJob } from './recurring';
import type { Job, JobKinds } from './types';

export interface JobWorkerOptions {
  store: Store;
  kinds: JobKinds;
  recurring?: RecurringJob[];
  logger: Logger;
  /** The clock jobs are due by (tests drive it). */
  now?: () => Date;
  /** Jobs this process runs at once; 0 runs none (a web-only process). */
  concurrency?: number;
  pollMs?: number;
  leaseMs?: number;
}

export class JobWorker {
  readonly now: () => Date;
  private readonly active = new Set<Promise<void>>();
  private readonly scheduledSlots = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private pumping = false;
  private pumpAgain = false;
  private stopped = false;

  constructor(private readonly options: JobWorkerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  private get concurrency(): number {
    return this.options.concurrency ?? 2;
  }

  /** Keeps working until stop(): polls, and wakes at once when this process commits a job. */
  start(): void {
    if (this.concurrency <= 0 || this.timer) return;
    this.timer = setInterval(() => this.pump(), this.options.pollMs ?? 1000);
    this.timer.unref();
    this.unsubscribe = onJobCommitted(() => this.pump());
    this.pump();
  }

  /** Stops claiming and waits for the jobs in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    while (this.active.size) await Promise.all([...this.active]);
  }

  /** Enqueues the current slot of each recurring job this process has not scheduled yet. */
  async scheduleRecurring(): Promise<void> {
    const now = this.now();
    for (const r of this.options.recurring ?? []) {
      const slot = slotStart(r.everyMs, now).getTime();
      if (this.scheduledSlots.get(r.kind) === slot) continue;
      await scheduleSlot(this.options.store, r, now);
      this.scheduledSlots.set(r.kind, slot);
    }
  }

  /** Claims and runs one due job; false when none is due. */
  async runOne(): Promise<boolean> {
    const job = await claimJob(this.options.store, this.now(), this.options.leaseMs ?? DEFAULT_LEASE_MS);
    if (!job) return false;
    await this.execute(job);
    return true;
  }

  /** Runs due jobs (including those they enqueue) until none is left; returns how many ran. */
  async drain(): Promise<number> {
    let ran = 0;
    for (;;) {
      while (await this.runOne()) ran += 1;
      if (!this.active.size) return ran;
      await Promise.all([...this.active]);
    }
  }

  private async execute(job: Job): Promise<void> {
    const { store, logger } = this.options;
    const kind = this.options.kinds[job.kind];
    try {
      if (!kind) throw new Error(`no handler for job kind ${job.kind}`);
      await kind.handler(job.payload, { job, now: this.now });
      if (!(await completeJob(store, job, this.now()))) logger.warn({ jobId: job._id }, 'job finished after its lease ran out');
    } catch (err) {
      try {
        const state = await failJob(store, job, err, this.now(), kind);
        logger[state === 'failed' ? 'error' : 'warn']({ err, jobId: job._id, kind: job.kind, attempt: job.attempts, state }, 'job failed');
      } catch (storeErr) {
        // The lease runs out and the job is tried again: nothing is lost.
        logger.error({ err: storeErr, jobId: job._id }, 'could not record a failed job');
      }
    }
  }

  /** Fills free slots with due jobs; calls that arrive meanwhile make it look again. */
  private pump(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    void (async () => {
      try {
        do {
          this.pumpAgain = false;
          await this.scheduleRecurring();
          while (!this.stopped && this.active.size < this.concurrency) {
            const job = await claimJob(this.options.store, this.now(), this.options.leaseMs ?? DEFAULT_LEASE_MS);
            if (!job) break;
            const running: Promise<void> = this.execute(job).finally(() => {
              this.active.delete(running);
              this.pump();
            });
            this.active.add(running);
          }
        } while (this.pumpAgain && !this.stopped);
      } catch (err) {
        this.options.logger.error({ err }, 'job worker could not claim');
      } finally {
        this.pumping = false;
      }
    })();
  }
}
