/**
 * Recurring work (campaign mail, contact erasure, clean-up) goes through the
 * queue as one job per (kind, time slot): every process may schedule the
 * current slot, but its id is the same for all of them, so it exists once and
 * runs once however many processes there are.
 */
import type { Store } from '../../store/types';
import { enqueueJob } from './queue';

export interface RecurringJob {
  kind: string;
  everyMs: number;
}

/** A missed slot is not worth many tries: the next slot does the same work. */
const RECURRING_ATTEMPTS = 3;

export function slotStart(everyMs: number, now: Date): Date {
  return new Date(Math.floor(now.getTime() / everyMs) * everyMs);
}

export const slotJobId = (kind: string, slot: Date) => `${kind}@${slot.toISOString()}`;

/** Enqueues the current slot of one recurring job; false when some process already did. */
export function scheduleSlot(store: Store, recurring: RecurringJob, now: Date): Promise<boolean> {
  const slot = slotStart(recurring.everyMs, now);
  return enqueueJob(store, { kind: recurring.kind, id: slotJobId(recurring.kind, slot), runAt: slot, maxAttempts: RECURRING_ATTEMPTS }, now);
}
