/**
 * Valid submissions on each channel, as a client sends them: the survey form a
 * phone posts to /s/:token, and JSON to the ingestion API for survey, call and
 * mystery answers. Each returns the status and how long it took.
 */
import type { Channel } from '../../server/services/templates/types';
import type { ProveWorld } from './world';

export interface Sent {
  status: number;
  ms: number;
  /** Set when the request failed without an HTTP answer (connection refused, reset). */
  error?: string;
}

/** The default survey answered on the repair path, exactly as the HTML form posts it. */
export const SURVEY_FORM = new URLSearchParams({
  a_service_type: 'repair',
  a_repair_speed: '4',
  a_problem_solved: 'yes',
  a_explanation: '5',
  a_staff_attitude: '5',
  a_effort: '4',
  a_raised_complaint: 'no',
  a_feedback_heard: '3',
  a_overall_satisfaction: '4',
  a_recommend: '9',
  a_comment: '师傅很专业，讲解也很耐心。',
  page: '4',
  nav: 'submit',
}).toString();

const yes = (ids: string[]) => Object.fromEntries(ids.map((id) => [id, 'yes']));

export const ANSWERS: Record<Channel, Record<string, unknown>> = {
  survey: { service_type: 'repair', repair_speed: 4, problem_solved: 'yes', explanation: 5, staff_attitude: 5, effort: 4, raised_complaint: 'no', feedback_heard: 3, overall_satisfaction: 4, recommend: 9, comment: '很好' },
  call: { service_completed: 'yes', technician_attitude: 5, timeliness: 4, problem_solved: 'yes', overall_satisfaction: 4, recommend: 8 },
  mystery: {
    ...yes(['sign_visible', 'hours_posted', 'premises_clean', 'waiting_area', 'commitment_posted', 'complaint_number_posted', 'greeted_promptly', 'uniform_badge', 'polite_attentive', 'request_registered']),
    ...yes(['asked_symptoms', 'explained_cause', 'equipment_used', 'warranty_explained', 'timeframe_given', 'price_list_posted', 'quote_before_work', 'parts_explained', 'no_unagreed_charges']),
    ...yes(['receipt_offered', 'result_demonstrated', 'work_order_copy', 'repair_warranty_stated', 'feedback_invited', 'contact_given', 'courteous_farewell']),
    wait_minutes: 6,
    staff_description: '戴工牌的男店员',
  },
};

async function timed(run: () => Promise<Response>): Promise<Sent> {
  const started = performance.now();
  try {
    const res = await run();
    await res.arrayBuffer(); // read the body: the answer is complete only then
    return { status: res.status, ms: performance.now() - started };
  } catch (err) {
    return { status: 0, ms: performance.now() - started, error: String((err as Error).cause ?? err) };
  }
}

/** POST /api/v1/responses with an Idempotency-Key. */
export function submitViaApi(url: string, world: ProveWorld, channel: Channel, idempotencyKey: string, answers = ANSWERS[channel]): Promise<Sent> {
  const { templateId, version } = world.templates[channel];
  const body = JSON.stringify({ templateId, templateVersion: version, siteCode: world.siteCode, channel, answers });
  return timed(() =>
    fetch(`${url}/api/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.apiToken}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body,
      signal: AbortSignal.timeout(30_000),
    }),
  );
}

/** The no-JS form post of a personal survey link's last page. */
export function submitViaLink(url: string, token: string): Promise<Sent> {
  return timed(() =>
    fetch(`${url}/s/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: SURVEY_FORM, redirect: 'manual', signal: AbortSignal.timeout(30_000) }),
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
