/**
 * express-rate-limit's counters kept in the store (services/rateLimits.ts),
 * so every app process (WORKERS=N, or several machines on MongoDB) counts
 * against the same limit; its default store counts per process.
 */
import type { Options as RateLimitOptions, Store as RateLimitStore } from 'express-rate-limit';
import { clearHits, countHit, uncountHit } from '../../services/rateLimits';
import type { Store } from '../../store/types';

class SharedHits implements RateLimitStore {
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(
    private readonly store: Store,
    readonly prefix: string,
  ) {}

  init(options: RateLimitOptions): void {
    this.windowMs = options.windowMs;
  }
  async increment(key: string) {
    const { hits, resetAt } = await countHit(this.store, this.prefix + key, this.windowMs);
    return { totalHits: hits, resetTime: resetAt };
  }
  decrement(key: string): Promise<void> {
    return uncountHit(this.store, this.prefix + key, this.windowMs);
  }
  resetKey(key: string): Promise<void> {
    return clearHits(this.store, this.prefix + key, this.windowMs);
  }
}

/** A limiter's counters under `prefix`: limiters with different rules need different prefixes. */
export function sharedHits(store: Store, prefix: string): RateLimitStore {
  return new SharedHits(store, prefix);
}
