/**
 * Readiness: may this instance take traffic? The store answers a read, the
 * last write reached it (after a failure, each check makes a probe write, so
 * readiness recovers by itself once the disk has room), the disk under
 * DATA_DIR has room, the start-up integrity check found nothing, and the
 * process is not shutting down. Each check says why it failed.
 */
import { statfs } from 'node:fs/promises';
import type { Store } from '../../store/types';
import type { WriteHealth } from '../../store/writeHealth';
import { storageFaultOf } from '../../store/faults';

const STORE_ANSWER_MS = 5000;

export interface Check {
  ok: boolean;
  /** Why it failed: a stable code such as SQLITE_FULL, disk_low, store_corrupt. */
  reason?: string;
}

export interface ReadinessReport {
  ready: boolean;
  store: Check;
  lastWrite: Check & { failedAt?: string; lastSuccessAt: string | null };
  disk: Check & { freeBytes?: number; minFreeBytes: number };
  /** Log lines dropped because stdout could not take them (a full disk, a closed pipe). */
  log: { dropped: number };
  stopping: boolean;
}

export interface ReadinessOptions {
  store: Store;
  writes: WriteHealth;
  dataDir: string;
  minFreeBytes: number;
  droppedLogLines?: () => number;
}

function errorCode(err: unknown): string {
  return storageFaultOf(err) ?? ((err as { code?: unknown })?.code ? String((err as { code: unknown }).code) : 'store_error');
}

export class Readiness {
  private damage: string | null = null;
  private stopping = false;

  constructor(private readonly opts: ReadinessOptions) {}

  /** The store was found damaged after start-up (a late integrity check): never ready again until restored. */
  markDamaged(reason: string): void {
    this.damage = reason;
  }

  /** Shutting down: load balancers should stop sending requests. */
  markStopping(): void {
    this.stopping = true;
  }

  private async storeCheck(): Promise<Check> {
    if (this.damage) return { ok: false, reason: this.damage };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Check>((resolve) => (timer = setTimeout(() => resolve({ ok: false, reason: 'store_timeout' }), STORE_ANSWER_MS)));
    const read = this.opts.store
      .collection('enterprises')
      .count({})
      .then(
        (): Check => ({ ok: true }),
        (err: unknown): Check => ({ ok: false, reason: errorCode(err) }),
      );
    return Promise.race([read, timeout]).finally(() => clearTimeout(timer));
  }

  /** After a failed write, a probe write: its success is what clears the failure. */
  private async writeCheck(): Promise<ReadinessReport['lastWrite']> {
    const { writes, store } = this.opts;
    if (writes.lastFailure) {
      await store
        .collection('readiness')
        .updateOne({ _id: 'probe' }, { $set: { at: new Date().toISOString() } }, { upsert: true })
        .catch(() => undefined);
    }
    const failure = writes.lastFailure;
    return failure
      ? { ok: false, reason: failure.code, failedAt: failure.at, lastSuccessAt: writes.lastSuccessAt }
      : { ok: true, lastSuccessAt: writes.lastSuccessAt };
  }

  private async diskCheck(): Promise<ReadinessReport['disk']> {
    const { dataDir, minFreeBytes } = this.opts;
    try {
      const fs = await statfs(dataDir);
      const freeBytes = fs.bavail * fs.bsize;
      return freeBytes >= minFreeBytes ? { ok: true, freeBytes, minFreeBytes } : { ok: false, reason: 'disk_low', freeBytes, minFreeBytes };
    } catch (err) {
      return { ok: false, reason: errorCode(err), minFreeBytes };
    }
  }

  async check(): Promise<ReadinessReport> {
    const [store, lastWrite, disk] = await Promise.all([this.storeCheck(), this.writeCheck(), this.diskCheck()]);
    const dropped = this.opts.droppedLogLines?.() ?? 0;
    return { ready: store.ok && lastWrite.ok && disk.ok && !this.stopping, store, lastWrite, disk, log: { dropped }, stopping: this.stopping };
  }
}
