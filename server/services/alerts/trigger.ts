/**
 * How alerts are set off: when a response is counted, the enterprise's rules
 * are checked and, when one fires, a job is written beside the response in
 * the transaction that stores it. The job runs `handleCountedResponse` (listener.ts) once the
 * response is committed, in whichever process claims it, and again after a
 * crash: a committed response that should alert always does.
 */
import type { TenantContext } from '../context';
import type { DomainEvents } from '../events';
import type { JobSpec } from '../jobs/queue';
import type { ResponseDoc } from '../responses/types';
import type { TemplateContent } from '../templates/types';
import { triggeredRules } from './evaluate';
import { alertRulesForCounting } from './rules';

export const ALERT_JOB = 'alerts.evaluate';

export type AlertJobPayload = DomainEvents['response.counted'];

/**
 * The alert job a response calls for, or null. Read before the counting
 * transaction (which should hold the store as briefly as it can) and written
 * inside it with enqueueJob.
 */
export async function alertJobFor(ctx: TenantContext, content: TemplateContent, response: ResponseDoc): Promise<JobSpec | null> {
  const rules = await alertRulesForCounting(ctx);
  if (!triggeredRules(rules, content, response).length) return null;
  const payload: AlertJobPayload = {
    enterpriseId: response.enterpriseId,
    siteId: response.siteId,
    channel: response.channel,
    responseId: response._id,
    at: response.respondedAt,
  };
  // One job per response: the id makes a second enqueue (a replayed count) a no-op.
  return { kind: ALERT_JOB, id: `${ALERT_JOB}:${response._id}`, enterpriseId: response.enterpriseId, payload: { ...payload } };
}
