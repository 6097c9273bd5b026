/**
 * Open-loop submission traffic at a target rate, mixed across channels: the
 * survey link form (/s/:token, a fresh personal token each), and the ingestion
 * API for survey, call and mystery answers (a fresh Idempotency-Key each).
 * Every acknowledged submission is remembered, so a crash proof can ask
 * whether each one was stored exactly once.
 */
import type { Channel } from '../../server/services/templates/types';
import { acknowledged, percentile, submitViaApi, submitViaLink, type Sent } from './submissions';
import type { ProveWorld } from './world';

export interface TrafficOptions {
  ratePerSecond: number;
  seconds: number;
  /** Requests in flight at most: beyond it the generator falls behind rather than pile up. */
  maxInFlight?: number;
  /** Stops launching new requests when it resolves (a crash proof kills the server meanwhile). */
  stop?: Promise<void>;
}

export interface TrafficResult {
  sent: number;
  acked: { apiKeys: string[]; recipientIds: string[] };
  byKind: Record<string, { sent: number; acked: number }>;
  errors: number;
  /** Statuses other than 200/201 (status 0 = no HTTP answer). */
  failures: Map<number, number>;
  /** Why the first request without an HTTP answer failed. */
  firstError?: string;
  p50: number;
  p99: number;
  seconds: number;
  achievedPerSecond: number;
  /** Personal tokens consumed so far (the next run starts after them). */
  linksUsed: number;
}

const API_MIX: Channel[] = ['survey', 'call', 'mystery'];

export async function runTraffic(url: string, world: ProveWorld, opts: TrafficOptions, runId: string, tokenOffset = 0): Promise<TrafficResult> {
  const maxInFlight = opts.maxInFlight ?? 256;
  const acked: TrafficResult['acked'] = { apiKeys: [], recipientIds: [] };
  const byKind: TrafficResult['byKind'] = {};
  const failures = new Map<number, number>();
  const latencies: number[] = [];
  let firstError: string | undefined;
  let stopped = false;
  void opts.stop?.then(() => (stopped = true));
  let launched = 0;
  let linkUsed = tokenOffset;
  const inFlight = new Set<Promise<void>>();

  const launch = (i: number) => {
    // One in four is a survey link while tokens last; the rest rotate over the API channels.
    const useLink = i % 4 === 0 && linkUsed < world.recipients.length;
    const recipient = useLink ? world.recipients[linkUsed++]! : null;
    const channel = API_MIX[i % API_MIX.length]!;
    const kind = recipient ? 'link' : `api:${channel}`;
    const key = `${runId}-${i}`;
    const sending: Promise<Sent> = recipient ? submitViaLink(url, recipient.token) : submitViaApi(url, world, channel, key);
    const tally = (byKind[kind] ??= { sent: 0, acked: 0 });
    tally.sent++;
    const done = sending.then((s) => {
      if (acknowledged(s)) {
        tally.acked++;
        latencies.push(s.ms);
        if (recipient) acked.recipientIds.push(recipient.recipientId);
        else acked.apiKeys.push(key);
      } else {
        failures.set(s.status, (failures.get(s.status) ?? 0) + 1);
        firstError ??= s.error;
      }
    });
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };

  const started = performance.now();
  const endAt = started + opts.seconds * 1000;
  while (!stopped && performance.now() < endAt) {
    const due = Math.floor(((performance.now() - started) / 1000) * opts.ratePerSecond);
    while (launched < due && inFlight.size < maxInFlight && !stopped) launch(launched++);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  const errors = [...failures.values()].reduce((a, b) => a + b, 0);
  return {
    sent: launched,
    acked,
    byKind,
    errors,
    failures,
    firstError,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    seconds,
    achievedPerSecond: (acked.apiKeys.length + acked.recipientIds.length) / seconds,
    linksUsed: linkUsed,
  };
}

export const describeFailures = (m: Map<number, number>) => (m.size ? [...m].map(([s, n]) => `${s || 'no answer'}×${n}`).join(' ') : 'none');
