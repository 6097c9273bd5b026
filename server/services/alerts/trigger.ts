/**
 * How alerts are set off: in the transaction that counts a response, the
 * enterprise's rules are checked and, when one fires, a job is written beside
 * the response. The job runs `handleCountedResponse` (listener.ts) once the
 * response is committed, in whichever process claims it, and again after a
 * crash: a committed response that should alert always does.
 */
import type { TenantContext } from '../context';
import type { DomainEvents } from '../events';
import { enqueueJob } from '../jobs/queue';
import type { ResponseDoc } from '../responses/types';
import type { TemplateContent } from '../templates/types';
import { triggeredRules } from './evaluate';
import { getAlertRules } from './rules';

export const ALERT_JOB = 'alerts.evaluate';

export type AlertJobPayload = DomainEvents['response.counted'];

/** `tx` writes inside the counting transaction; returns whether a job was written. */
export async function enqueueAlertIfTriggered(tx: TenantContext, content: TemplateContent, response: ResponseDoc): Promise<boolean> {
  const rules = await getAlertRules(tx);
  if (!triggeredRules(rules, content, response).length) return false;
  const payload: AlertJobPayload = { enterpriseId: response.enterpriseId, siteId: response.siteId, channel: response.channel, responseId: response._id, at: response.respondedAt };
  // One job per response: the id makes a second enqueue (a replayed count) a no-op.
  return enqueueJob(tx.store, { kind: ALERT_JOB, id: `${ALERT_JOB}:${response._id}`, enterpriseId: response.enterpriseId, payload: { ...payload } });
}
