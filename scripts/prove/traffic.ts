/**
 * Open-loop submission traffic at a target rate, mixed across channels the way
 * each is really submitted: the survey link form (/s/:token, a fresh personal
 * token each), the ingestion API for surveys (a fresh Idempotency-Key each), a
 * call agent's "next case" then completed outcome, and a mystery shopper's
 * report then QA's approval. Every acknowledged submission is remembered, so a
 * crash proof can ask whether each one was stored exactly once.
 */
import {
  acknowledged,
  completeCall,
  percentile,
  reportAndApproveVisit,
  sessionCookie,
  submitViaApi,
  submitViaLink,
  type Credential,
  type Sent,
} from './submissions';
import type { ProveWorld, WorldOptions } from './world';

/** Workflows in flight at most, unless a run says otherwise; the world seeds this many call agents. */
export const MAX_IN_FLIGHT = 256;

/** Shoppers sharing the visits: with the analyst and the reviewer, 22 logins, under the 30 per 15 minutes one address may make. */
export const PROVE_SHOPPERS = 20;

/** The world for this many submissions: a quarter each of links, API surveys, calls and visits, and a few spare of each. */
export function worldFor(submissions: number): WorldOptions {
  return {
    recipients: Math.ceil(submissions * 0.3) + 10,
    calls: Math.ceil(submissions / 4) + 10,
    agents: MAX_IN_FLIGHT,
    visits: Math.ceil(submissions / 4) + 10,
    shoppers: PROVE_SHOPPERS,
  };
}

export interface TrafficOptions {
  ratePerSecond: number;
  seconds: number;
  /** Workflows in flight at most (at most the world's agents): beyond it the generator falls behind rather than pile up. */
  maxInFlight?: number;
  /** Stops launching new requests when it resolves (a crash proof kills the server meanwhile). */
  stop?: Promise<void>;
  /** Collects acknowledgements here as they come (a backup proof reads them mid-run). */
  acked?: Acked;
  /** Called after each acknowledged submission with everything acknowledged so far. */
  onAck?(acked: Acked): void;
}

/** Who submits: call agents by API token, shoppers and the QA reviewer by session. */
export interface Workforce {
  agents: Credential[];
  shoppers: Credential[];
  reviewer: Credential;
}

/** Signs the shoppers and the reviewer in on this server (agents use their API tokens). */
export async function signIn(url: string, world: ProveWorld): Promise<Workforce> {
  const shoppers: Credential[] = [];
  for (const email of world.mystery.shopperEmails) shoppers.push({ cookie: await sessionCookie(url, email) });
  const reviewer: Credential = world.mystery.visits.length ? { cookie: await sessionCookie(url, world.mystery.reviewerEmail) } : { cookie: '' };
  return { agents: world.calls.agentTokens.map((bearer) => ({ bearer })), shoppers, reviewer };
}

/** What acknowledged submissions stand for: an API key, a link's recipient, a called case, an approved visit. */
export interface Acked {
  apiKeys: string[];
  recipientIds: string[];
  caseRefs: string[];
  visitIds: string[];
}

/** Where a run starts in the world's one-off supplies (links, visits), so a later run does not reuse them. */
export interface Used {
  links: number;
  visits: number;
}

export interface TrafficResult {
  sent: number;
  /** HTTP requests made: a call and a visit take two each. */
  requests: number;
  acked: Acked;
  byKind: Record<string, { sent: number; acked: number }>;
  errors: number;
  /** Failed requests by step and status, e.g. "call:outcome 409" ("no answer" = no HTTP answer). */
  failures: Map<string, number>;
  /** Requests that got no HTTP answer (a killed server). */
  unanswered: number;
  /** Why the first request without an HTTP answer failed. */
  firstError?: string;
  /** Of the acknowledging request: the link post, the API post, the call outcome, the QA approval. */
  p50: number;
  p99: number;
  /** p99 of the steps before it: an agent's "next case", a shopper's report. */
  stepP99: { claim: number; report: number };
  seconds: number;
  achievedPerSecond: number;
  /** Supplies consumed so far (the next run starts after them). */
  used: Used;
}

const MIX = ['api:survey', 'call', 'mystery'] as const;

export async function runTraffic(
  url: string,
  world: ProveWorld,
  workforce: Workforce,
  opts: TrafficOptions,
  runId: string,
  start: Used = { links: 0, visits: 0 },
): Promise<TrafficResult> {
  const maxInFlight = opts.maxInFlight ?? MAX_IN_FLIGHT;
  if (!world.calls.listId || !world.mystery.visits.length) throw new Error('the world has no call list or no visits: build it with calls and visits');
  if (workforce.agents.length < maxInFlight)
    throw new Error(`${workforce.agents.length} call agents for up to ${maxInFlight} workflows at once: seed more agents`);
  const acked: Acked = opts.acked ?? { apiKeys: [], recipientIds: [], caseRefs: [], visitIds: [] };
  const byKind: TrafficResult['byKind'] = {};
  const failures = new Map<string, number>();
  const latencies: number[] = [];
  const steps = { claim: [] as number[], report: [] as number[] };
  let unanswered = 0;
  let requests = 0;
  let firstError: string | undefined;
  let stopped = false;
  void opts.stop?.then(() => (stopped = true));
  let launched = 0;
  const used = { ...start };
  // An agent holds one case at a time: a call takes a free agent and gives it back when done.
  const freeAgents = [...workforce.agents];
  const inFlight = new Set<Promise<void>>();

  const fail = (label: string) => void failures.set(label, (failures.get(label) ?? 0) + 1);
  /** Tallies one request; true when it was answered 200/201. */
  const count = (step: string, s: Sent): boolean => {
    requests++;
    if (acknowledged(s)) return true;
    fail(`${step} ${s.status || 'no answer'}`);
    if (!s.status) {
      unanswered++;
      firstError ??= s.error;
    }
    return false;
  };

  const launch = (i: number) => {
    // One in four is a survey link while tokens last; the rest rotate over the API survey, calls and visits.
    const recipient = i % 4 === 0 && used.links < world.recipients.length ? world.recipients[used.links++]! : null;
    const kind = recipient ? 'link' : MIX[i % MIX.length]!;
    const tally = (byKind[kind] ??= { sent: 0, acked: 0 });
    tally.sent++;
    const ack = (ms: number, record: () => void) => {
      tally.acked++;
      latencies.push(ms);
      record();
      opts.onAck?.(acked);
    };
    let work: Promise<void>;
    if (recipient) {
      work = submitViaLink(url, recipient.token).then((s) => void (count('link', s) && ack(s.ms, () => acked.recipientIds.push(recipient.recipientId))));
    } else if (kind === 'api:survey') {
      const key = `${runId}-${i}`;
      work = submitViaApi(url, world, 'survey', key).then((s) => void (count('api:survey', s) && ack(s.ms, () => acked.apiKeys.push(key))));
    } else if (kind === 'call') {
      const agent = freeAgents.pop()!;
      work = completeCall(url, agent, world.calls.listId)
        .then((done) => {
          if (!count('call:next', done.claim)) return;
          steps.claim.push(done.claim.ms);
          if (!done.outcome) return fail('call:next no case left');
          if (count('call:outcome', done.outcome)) ack(done.outcome.ms, () => acked.caseRefs.push(done.caseRef!));
        })
        .finally(() => freeAgents.push(agent));
    } else {
      const visit = world.mystery.visits[used.visits++];
      if (!visit) {
        work = Promise.resolve(fail('visit none seeded left'));
      } else {
        work = reportAndApproveVisit(url, workforce.shoppers[visit.shopper]!, workforce.reviewer, visit).then((done) => {
          if (!count('visit:submit', done.submit)) return;
          steps.report.push(done.submit.ms);
          if (count('visit:approve', done.approve!)) ack(done.approve!.ms, () => acked.visitIds.push(visit.visitId));
        });
      }
    }
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
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
  const errors = Object.values(byKind).reduce((n, k) => n + k.sent - k.acked, 0);
  const total = acked.apiKeys.length + acked.recipientIds.length + acked.caseRefs.length + acked.visitIds.length;
  return {
    sent: launched,
    requests,
    acked,
    byKind,
    errors,
    failures,
    unanswered,
    firstError,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    stepP99: { claim: percentile(steps.claim, 99), report: percentile(steps.report, 99) },
    seconds,
    achievedPerSecond: total / seconds,
    used,
  };
}

export const ackedCount = (a: Acked) => a.apiKeys.length + a.recipientIds.length + a.caseRefs.length + a.visitIds.length;

export const describeFailures = (m: Map<string, number>) => (m.size ? [...m].map(([s, n]) => `${s}×${n}`).join(' ') : 'none');
