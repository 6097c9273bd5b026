/**
 * Latencies from the recorded acks and arrivals (one clock, one process).
 *  - event latency: for every event, ack of its lastResponseId → arrival, per socket;
 *    split into leading-edge events (first response after a quiet window, sent at
 *    once) and window-end events (coalesced, up to the window length late by design).
 *  - coverage latency: for every acked submission and socket, ack → the first event
 *    for its site that arrived after the ack (or its own leading event, even if that
 *    beat the ack); negative means the event arrived before the HTTP answer.
 */
import type { Ack } from './load';
import type { Arrival } from './sockets';

export interface Latencies {
  leading: number[];
  /** The same leading events measured from when the request was sent. */
  leadingFromSend: number[];
  windowEnd: number[];
  coverage: number[];
  /** Submission × socket pairs with no event after the ack. */
  uncovered: number;
  /** Events whose lastResponseId was never acknowledged to us. */
  unmatched: number;
}

/** The first index in sorted `ts` with ts[i] ≥ t. */
function firstAtOrAfter(ts: number[], t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function measure(acks: Ack[], arrivals: Arrival[][], windowMs: number): Latencies {
  const ackById = new Map(acks.map((a) => [a.responseId, a]));
  const out: Latencies = { leading: [], leadingFromSend: [], windowEnd: [], coverage: [], uncovered: 0, unmatched: 0 };
  for (const heard of arrivals) {
    const bySite = new Map<string, number[]>();
    const ownEvent = new Map<string, number>();
    const lastAt = new Map<string, number>();
    for (const e of heard) {
      const ack = ackById.get(e.lastResponseId);
      const prev = lastAt.get(e.siteId);
      lastAt.set(e.siteId, e.t);
      (bySite.get(e.siteId) ?? bySite.set(e.siteId, []).get(e.siteId)!).push(e.t);
      if (!ack) {
        out.unmatched++;
        continue;
      }
      // Leading edge: a single response sent after the previous event's window had surely closed.
      const leading = e.responses === 1 && (prev === undefined || ack.sent > prev + windowMs);
      (leading ? out.leading : out.windowEnd).push(e.t - ack.ack);
      if (leading) {
        ownEvent.set(e.lastResponseId, e.t);
        out.leadingFromSend.push(e.t - ack.sent);
      }
    }
    for (const a of acks) {
      const ts = bySite.get(a.siteId) ?? [];
      const i = firstAtOrAfter(ts, a.ack);
      const own = ownEvent.get(a.responseId);
      const next = i < ts.length ? ts[i]! : undefined;
      const at = own !== undefined && (next === undefined || own < next) ? own : next;
      if (at === undefined) out.uncovered++;
      else out.coverage.push(at - a.ack);
    }
  }
  return out;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summary(name: string, values: number[]): string {
  const sorted = Float64Array.from(values).sort();
  const arr = Array.from(sorted);
  const f = (v: number) => (Number.isNaN(v) ? '   n/a' : v.toFixed(1).padStart(6));
  const early = values.filter((v) => v < 0).length;
  return `${name.padEnd(38)} n=${String(values.length).padStart(8)}  p50 ${f(percentile(arr, 50))} ms  p95 ${f(percentile(arr, 95))} ms  p99 ${f(percentile(arr, 99))} ms  max ${f(arr[arr.length - 1] ?? NaN)} ms  (event before ack: ${early})`;
}
