/**
 * The job queue's behaviour on every store: two handles on the same data stand
 * for two app processes. Claims are atomic, a lease that runs out hands the job
 * to another worker, failures retry with exponential back-off and end visible
 * as failed, and a recurring slot runs once however many workers schedule it.
 * Time is a controllable clock: nothing here waits for a real lease to pass.
 */
import pino from 'pino';
import { claimJob, completeJob, enqueueJob, failJob, JOBS, retryFailedJob } from '../../server/services/jobs/queue';
import type { Job, JobKinds } from '../../server/services/jobs/types';
import { JobWorker } from '../../server/services/jobs/worker';
import { ensureCoreIndexes } from '../../server/store/indexes';
import type { Store } from '../../server/store/types';
import { DAY_MS } from '../../server/services/calendar';

const logger = pino({ level: 'silent' });
const T0 = Date.parse('2026-03-02T08:00:00.000Z');

/** A clock the test moves by hand. */
function manualClock(start = T0) {
  let at = start;
  return { now: () => new Date(at), advance: (ms: number) => (at += ms), set: (ms: number) => (at = ms) };
}

export function describeJobQueueContract(name: string, open: () => Promise<{ a: Store; b: Store; close(): Promise<void> }>): void {
  describe(`Job queue contract: ${name}`, () => {
    let a: Store;
    let b: Store;
    let close: () => Promise<void>;
    let n = 0;
    /** Each test uses kinds of its own, and clears the queue before it starts. */
    const kind = (label: string) => `t${++n}.${label}`;

    beforeAll(async () => {
      ({ a, b, close } = await open());
      await ensureCoreIndexes(a);
    });
    afterAll(() => close());
    beforeEach(() => a.collection(JOBS).deleteMany({}));

    test('a job written in a transaction that rolls back never exists; one that commits does', async () => {
      const k = kind('tx');
      await expect(
        a.withTransaction(async (tx) => {
          await enqueueJob(tx, { kind: k, id: 'rolled-back' });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      await a.withTransaction((tx) => enqueueJob(tx, { kind: k, id: 'committed' }));
      expect((await b.collection<Job>(JOBS).find({ kind: k })).map((j) => j._id)).toEqual(['committed']);
    });

    test('enqueueing the same id twice keeps one job', async () => {
      const k = kind('dup');
      expect(await enqueueJob(a, { kind: k, id: 'once' })).toBe(true);
      expect(await enqueueJob(b, { kind: k, id: 'once' })).toBe(false);
      expect(await a.collection(JOBS).count({ kind: k })).toBe(1);
    });

    test('two claimers asking at once never get the same job', async () => {
      const k = kind('race');
      const clock = manualClock();
      for (let i = 0; i < 10; i++) await enqueueJob(a, { kind: k, id: `${k}-${i}`, runAt: new Date(T0 - 1000 + i) });
      const claimed: string[] = [];
      const claimer = async (store: Store) => {
        for (;;) {
          const job = await claimJob(store, clock.now());
          if (!job) return;
          claimed.push(job._id);
        }
      };
      await Promise.all([claimer(a), claimer(b), claimer(a), claimer(b)]);
      expect(claimed.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `${k}-${i}`).sort());

      // One job, two claimers at the same moment: exactly one wins.
      await enqueueJob(a, { kind: k, id: `${k}-single`, runAt: clock.now() });
      const [x, y] = await Promise.all([claimJob(a, clock.now()), claimJob(b, clock.now())]);
      expect([x, y].filter(Boolean).map((j) => j!._id)).toEqual([`${k}-single`]);
    });

    test('a job is not due before its time; a lease keeps others off until it runs out, then the job is claimed again', async () => {
      const k = kind('lease');
      const clock = manualClock();
      await enqueueJob(a, { kind: k, id: `${k}-1`, runAt: new Date(T0 + 10_000) });
      expect(await claimJob(a, clock.now())).toBeNull();
      clock.advance(10_000);
      const first = await claimJob(a, clock.now(), 60_000);
      expect(first).toMatchObject({ _id: `${k}-1`, attempts: 1 });
      clock.advance(59_000);
      expect(await claimJob(b, clock.now(), 60_000)).toBeNull();
      clock.advance(2_000);
      // The first worker died (or stalled): its lease ran out.
      const second = await claimJob(b, clock.now(), 60_000);
      expect(second).toMatchObject({ _id: `${k}-1`, attempts: 2 });
      expect(second!.lease).not.toBe(first!.lease);
      // The stale holder can neither complete nor fail it any more; the new one can.
      expect(await completeJob(a, first!, clock.now())).toBe(false);
      expect(await failJob(a, first!, new Error('late'), clock.now())).toBe('lost');
      expect(await completeJob(b, second!, clock.now())).toBe(true);
      expect(await a.collection<Job>(JOBS).findOne({ _id: `${k}-1` })).toMatchObject({ state: 'done', attempts: 2, finishedAt: clock.now().toISOString() });
      expect(await claimJob(a, new Date(T0 + DAY_MS))).toBeNull();
    });

    test('a failing job is retried with doubling waits, then kept as failed with its error until the operator retries it', async () => {
      const k = kind('retry');
      const clock = manualClock();
      let calls = 0;
      let healthy = false;
      const kinds: JobKinds = {
        [k]: {
          backoffMs: 1000,
          handler: async () => {
            calls += 1;
            if (!healthy) throw new Error(`receiver down (try ${calls})`);
          },
        },
      };
      const worker = new JobWorker({ store: a, kinds, logger, now: clock.now });
      await enqueueJob(a, { kind: k, id: `${k}-1`, maxAttempts: 4, runAt: clock.now() });
      const waits: number[] = [];
      for (let attempt = 1; attempt <= 4; attempt++) {
        expect(await worker.drain()).toBe(1);
        const job = (await a.collection<Job>(JOBS).findOne({ _id: `${k}-1` }))!;
        expect(job.attempts).toBe(attempt);
        if (attempt === 4) break;
        expect(job).toMatchObject({ state: 'queued', lastError: `receiver down (try ${attempt})` });
        const wait = Date.parse(job.runAt) - clock.now().getTime();
        waits.push(wait);
        // Not due a moment before its back-off ends.
        clock.advance(wait - 1);
        expect(await worker.drain()).toBe(0);
        clock.advance(1);
      }
      expect(waits).toEqual([1000, 2000, 4000]);
      const failed = (await a.collection<Job>(JOBS).findOne({ _id: `${k}-1` }))!;
      expect(calls).toBe(4);
      expect(failed).toMatchObject({ state: 'failed', attempts: 4, lastError: 'receiver down (try 4)' });
      expect(failed.lease).toBeUndefined();
      expect(await worker.drain()).toBe(0);

      healthy = true;
      expect(await retryFailedJob(b, `${k}-1`, clock.now())).toMatchObject({ state: 'queued', attempts: 0 });
      expect(await worker.drain()).toBe(1);
      expect(await a.collection<Job>(JOBS).findOne({ _id: `${k}-1` })).toMatchObject({ state: 'done', attempts: 1 });
      expect(await retryFailedJob(b, `${k}-1`, clock.now())).toBeNull();
    });

    test('a recurring slot scheduled by two workers exists once and runs once', async () => {
      const k = kind('tick');
      const clock = manualClock(T0 + 15_000);
      let runs = 0;
      const kinds: JobKinds = { [k]: { handler: async () => void (runs += 1) } };
      const workers = [a, b, a].map((store) => new JobWorker({ store, kinds, recurring: [{ kind: k, everyMs: 60_000 }], logger, now: clock.now }));
      await Promise.all(workers.map((w) => w.scheduleRecurring()));
      expect(await a.collection<Job>(JOBS).find({ kind: k })).toEqual([
        expect.objectContaining({ _id: `${k}@2026-03-02T08:00:00.000Z`, runAt: '2026-03-02T08:00:00.000Z' }),
      ]);
      await Promise.all(workers.map((w) => w.drain()));
      expect(runs).toBe(1);
      // The next minute is a new slot: it runs once more.
      clock.advance(60_000);
      await Promise.all(workers.map((w) => w.scheduleRecurring()));
      await Promise.all(workers.map((w) => w.drain()));
      expect(runs).toBe(2);
    });

    test('drain runs the jobs that jobs enqueue, until none is left', async () => {
      const k = kind('chain');
      const seen: number[] = [];
      const kinds: JobKinds = {
        [k]: {
          handler: async (payload) => {
            const step = Number(payload.step);
            seen.push(step);
            if (step < 3) await enqueueJob(a, { kind: k, payload: { step: step + 1 } });
          },
        },
      };
      await enqueueJob(a, { kind: k, payload: { step: 1 } });
      expect(await new JobWorker({ store: a, kinds, logger }).drain()).toBe(3);
      expect(seen).toEqual([1, 2, 3]);
    });
  });
}
