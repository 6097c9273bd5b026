/**
 * Valid submissions on each channel, as a client sends them: the survey form a
 * phone posts to /s/:token, JSON to the ingestion API, an agent's follow-up
 * call (next case, then the completed outcome) and a mystery visit (the
 * shopper's report, then QA's approval). Each returns the status and how long
 * the request took.
 */
import { checklistItemIds, shippedDefault } from '../../server/services/templates/defaults';
import type { Channel } from '../../server/services/templates/types';
import { httpRequest, type HttpAnswer } from './http';
import { PROVE_PASSWORD, type ProveVisit, type ProveWorld } from './world';
import { asFormFields, repairPathAnswers } from '../fixtures/defaultSurvey';

export interface Sent {
  status: number;
  ms: number;
  /** Set when the request failed without an HTTP answer (connection refused, reset). */
  error?: string;
}

/** A JSON API answer, with its parsed body when it had one. */
export interface Answered extends Sent {
  body?: Record<string, unknown>;
}

/** The default survey answered on the repair path, exactly as the HTML form posts it. */
export const SURVEY_FORM = new URLSearchParams({ ...asFormFields(repairPathAnswers('师傅很专业，讲解也很耐心。')), page: '4', nav: 'submit' }).toString();
const SURVEY_FORM_BYTES = Buffer.from(SURVEY_FORM);

const yes = (ids: string[]) => Object.fromEntries(ids.map((id) => [id, 'yes']));

export const ANSWERS: Record<Channel, Record<string, unknown>> = {
  survey: repairPathAnswers('很好'),
  call: { service_completed: 'yes', technician_attitude: 5, timeliness: 4, problem_solved: 'yes', overall_satisfaction: 4, recommend: 8 },
  mystery: {
    ...yes(checklistItemIds(shippedDefault('mystery'))),
    wait_minutes: 6,
    staff_description: '戴工牌的男店员',
  },
};

/** How long a client waits for a whole answer before it gives up (counted as "no answer"). */
export const ANSWER_DEADLINE_MS = 30_000;

/**
 * Sends one request and reads its whole answer, giving up after the deadline.
 * The deadline is our own timer raced against the request, not only an abort
 * signal: a request the HTTP client never settles then still ends as "no answer"
 * instead of stalling the run.
 */
async function exchange<T>(send: (signal: AbortSignal) => Promise<{ status: number; body: T }>): Promise<Sent & { body?: T }> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new Error(`no whole answer within ${ANSWER_DEADLINE_MS / 1000} s`);
      controller.abort(err);
      reject(err);
    }, ANSWER_DEADLINE_MS);
  });
  try {
    const { status, body } = await Promise.race([send(controller.signal), expired]);
    return { status, ms: performance.now() - started, body };
  } catch (err) {
    return { status: 0, ms: performance.now() - started, error: String((err as Error).cause ?? err) };
  } finally {
    clearTimeout(timer);
  }
}

/** The answer is complete only with its whole body (httpRequest reads it). */
async function timed(run: (signal: AbortSignal) => Promise<HttpAnswer>): Promise<Sent> {
  const { body: _ignored, ...sent } = await exchange(run);
  return sent;
}

/** How a client authenticates to the API: a session cookie (people) or a bearer token (integrations). */
export type Credential = { cookie: string } | { bearer: string };

/** POSTs JSON to the API and reads the answer as JSON. */
async function postJson(url: string, path: string, who: Credential, body?: unknown): Promise<Answered> {
  const headers: Record<string, string> = 'cookie' in who ? { cookie: who.cookie } : { authorization: `Bearer ${who.bearer}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return exchange(async (signal) => {
    const res = await httpRequest(`${url}${path}`, { method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed };
  });
}

/** Signs in over the API as a person does; the session cookie to send from then on. */
export async function sessionCookie(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PROVE_PASSWORD }),
    signal: AbortSignal.timeout(ANSWER_DEADLINE_MS),
  });
  if (res.status !== 200) throw new Error(`login ${email} → ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

export interface CallDone {
  claim: Answered;
  /** Absent when no case was claimed. */
  outcome?: Answered;
  /** Our id of the case the agent called. */
  caseRef?: string;
}

/** One follow-up call: the agent takes the next case of the list, calls, and logs it completed with the script's answers. */
export async function completeCall(url: string, agent: Credential, callListId: string, answers = ANSWERS.call): Promise<CallDone> {
  const claim = await claimNextCase(url, agent, callListId);
  const claimed = claim.body?.case as { _id: string } | null | undefined;
  if (claim.status !== 200 || !claimed) return { claim };
  return { claim, outcome: await logCallCompleted(url, agent, claimed._id, answers), caseRef: claimed._id };
}

/** "Next case": the answer's body holds the case, or null when none is left. */
export const claimNextCase = (url: string, agent: Credential, callListId: string) => postJson(url, '/api/v1/call-cases/next', agent, { callListId });

/** The completed outcome of a case the agent holds, with the script's answers. */
export const logCallCompleted = (url: string, agent: Credential, caseRef: string, answers = ANSWERS.call) =>
  postJson(url, `/api/v1/call-cases/${encodeURIComponent(caseRef)}/outcome`, agent, { outcome: 'completed', answers });

export interface VisitDone {
  submit: Answered;
  /** Absent when the report was not taken. */
  approve?: Answered;
}

/** One mystery visit: the shopper submits the report of an accepted visit, then QA approves it, which makes it count. */
export async function reportAndApproveVisit(
  url: string,
  shopper: Credential,
  reviewer: Credential,
  visit: ProveVisit,
  answers = ANSWERS.mystery,
): Promise<VisitDone> {
  const submit = await submitVisitReport(url, shopper, visit, answers);
  if (submit.status !== 200) return { submit };
  return { submit, approve: await approveVisit(url, reviewer, visit) };
}

/** The shopper's report of an accepted visit. */
export function submitVisitReport(url: string, shopper: Credential, visit: ProveVisit, answers = ANSWERS.mystery): Promise<Answered> {
  const report = { visitDate: visit.visitDate, startTime: visit.startTime, endTime: visit.endTime, answers, comments: '按清单逐项检查。' };
  return postJson(url, `/api/v1/visits/${encodeURIComponent(visit.visitId)}/submit`, shopper, report);
}

/** QA's approval of a submitted report, which makes the visit count. */
export const approveVisit = (url: string, reviewer: Credential, visit: ProveVisit) =>
  postJson(url, `/api/v1/visits/${encodeURIComponent(visit.visitId)}/approve`, reviewer);

function apiBody(world: ProveWorld, channel: Channel, answers: Record<string, unknown>): Buffer {
  const { templateId, version } = world.templates[channel];
  return Buffer.from(JSON.stringify({ templateId, templateVersion: version, siteCode: world.siteCode, channel, answers }));
}

/** The body of the standard answers, serialised once per world and channel (the load proof posts it hundreds of times a second). */
const standardBodies = new WeakMap<ProveWorld, Map<Channel, Buffer>>();
function standardApiBody(world: ProveWorld, channel: Channel): Buffer {
  const bodies = standardBodies.get(world) ?? standardBodies.set(world, new Map()).get(world)!;
  return bodies.get(channel) ?? bodies.set(channel, apiBody(world, channel, ANSWERS[channel])).get(channel)!;
}

/** POST /api/v1/responses with an Idempotency-Key. */
export function submitViaApi(url: string, world: ProveWorld, channel: Channel, idempotencyKey: string, answers = ANSWERS[channel]): Promise<Sent> {
  const body = answers === ANSWERS[channel] ? standardApiBody(world, channel) : apiBody(world, channel, answers);
  return timed((signal) =>
    httpRequest(`${url}/api/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.apiToken}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body,
      signal,
    }),
  );
}

/** The no-JS form post of a personal survey link's last page. */
export function submitViaLink(url: string, token: string): Promise<Sent> {
  // node:http never follows a redirect: the form's own answer is what counts.
  return timed((signal) =>
    httpRequest(`${url}/s/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: SURVEY_FORM_BYTES, signal }),
  );
}

/** A submission is acknowledged when the server said it took it. */
export const acknowledged = (s: Sent) => s.status === 200 || s.status === 201;

/** Runs `task(i)` for i in [0, n) with at most `parallel` in flight. */
export async function pool<T>(n: number, parallel: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      out[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, n) }, worker));
  return out;
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
