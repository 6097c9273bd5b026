/**
 * Per-enterprise settings that every counted response reads (alert rules,
 * webhook endpoints), kept in memory so a submission does not read them inside
 * its transaction each time.
 *
 * Bound: a change made in this process forgets its enterprise's entry as soon
 * as the change is over, committed or not; another process (WORKERS=N) sees it
 * within SETTINGS_MAX_AGE_MS. What a stale entry can cost is bounded too: the
 * alert job re-reads the rules before it opens a case, and a delivery re-reads
 * its endpoint (skipping a disabled or deleted one), so only a rule loosened or
 * an endpoint added in another process misses the responses of that window.
 */
export const SETTINGS_MAX_AGE_MS = 2_000;
/** Enterprises kept; past this the cache starts over (a few hundred enterprises is a large install). */
const ENTERPRISES_KEPT = 10_000;

export class EnterpriseSettingsCache<T> {
  private readonly entries = new Map<string, { value: T; loadedAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(enterpriseId: string, load: () => Promise<T>): Promise<T> {
    const kept = this.entries.get(enterpriseId);
    const now = this.now();
    if (kept && now - kept.loadedAt < SETTINGS_MAX_AGE_MS) return kept.value;
    const value = await load();
    if (this.entries.size >= ENTERPRISES_KEPT) this.entries.clear();
    this.entries.set(enterpriseId, { value, loadedAt: now });
    return value;
  }

  forget(enterpriseId: string): void {
    this.entries.delete(enterpriseId);
  }

  /** Runs a change of the enterprise's settings and forgets the entry once it is over, whatever its outcome. */
  async changing<R>(enterpriseId: string, change: () => Promise<R>): Promise<R> {
    this.forget(enterpriseId);
    try {
      return await change();
    } finally {
      this.forget(enterpriseId);
    }
  }
}
