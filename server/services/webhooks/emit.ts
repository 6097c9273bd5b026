/**
 * Writes a webhook event's deliveries as jobs, one per enabled endpoint that
 * subscribes to it, with the store handle of the change that caused it: the
 * deliveries commit (or roll back) with the change. The event id is derived
 * from what happened, so the same change never yields two events.
 */
import crypto from 'node:crypto';
import { nowIso, type TenantContext } from '../context';
import { EnterpriseSettingsCache } from '../enterpriseSettingsCache';
import { enqueueJob, type JobSpec } from '../jobs/queue';
import type { WebhookEndpoint, WebhookEnvelope, WebhookEventType } from './types';

export const WEBHOOK_JOB = 'webhook.deliver';
/** 30 s, 1, 2, 4 … 60 min: about eight hours of tries before a delivery is given up. */
export const WEBHOOK_ATTEMPTS = 12;

export interface WebhookJobPayload {
  endpointId: string;
  event: WebhookEnvelope;
  [key: string]: unknown;
}

export function eventId(enterpriseId: string, type: WebhookEventType, key: string): string {
  return `evt_${crypto.createHash('sha256').update(`${enterpriseId}|${type}|${key}`).digest('hex').slice(0, 32)}`;
}

function deliveryJob(enterpriseId: string, endpointId: string, event: WebhookEnvelope, maxAttempts = WEBHOOK_ATTEMPTS): JobSpec {
  const payload: WebhookJobPayload = { endpointId, event };
  return { kind: WEBHOOK_JOB, id: `${WEBHOOK_JOB}:${endpointId}:${event.id}`, enterpriseId, payload, maxAttempts };
}

/** Enabled endpoints and their events, per enterprise: read by every counted response, so kept for a bounded time (enterpriseSettingsCache.ts). */
const enabledEndpoints = new EnterpriseSettingsCache<ReadonlyArray<Pick<WebhookEndpoint, '_id' | 'events'>>>();

/** Runs a change of an enterprise's endpoints; this process's next events see it (others within SETTINGS_MAX_AGE_MS). */
export function changingEndpoints<R>(enterpriseId: string, change: () => Promise<R>): Promise<R> {
  return enabledEndpoints.changing(enterpriseId, change);
}

/** The delivery jobs of one event, one per enabled endpoint that subscribes to it. `key` names what happened (a response id, an audit-log entry). */
export async function webhookJobsFor(ctx: TenantContext, type: WebhookEventType, key: string, data: Record<string, unknown>): Promise<JobSpec[]> {
  // The delivery re-reads its endpoint and skips one disabled or deleted since.
  const endpoints = await enabledEndpoints.get(ctx.actor.enterpriseId, () =>
    ctx.store.collection<WebhookEndpoint>('webhookEndpoints').find({ enabled: true }, { fields: ['_id', 'events'] }),
  );
  const subscribed = endpoints.filter((e) => e.events.includes(type));
  if (!subscribed.length) return [];
  const event: WebhookEnvelope = {
    id: eventId(ctx.actor.enterpriseId, type, key),
    type,
    createdAt: nowIso(),
    enterpriseId: ctx.actor.enterpriseId,
    test: false,
    data,
  };
  return subscribed.map((endpoint) => deliveryJob(ctx.actor.enterpriseId, endpoint._id, event));
}

/** Enqueues one delivery per endpoint with ctx's store (inside the change's transaction); returns how many. */
export async function emitWebhookEvent(ctx: TenantContext, type: WebhookEventType, key: string, data: Record<string, unknown>): Promise<number> {
  const jobs = await webhookJobsFor(ctx, type, key, data);
  for (const job of jobs) await enqueueJob(ctx.store, job);
  return jobs.length;
}

export function enqueueDelivery(ctx: TenantContext, endpointId: string, event: WebhookEnvelope, maxAttempts = WEBHOOK_ATTEMPTS): Promise<boolean> {
  return enqueueJob(ctx.store, deliveryJob(ctx.actor.enterpriseId, endpointId, event, maxAttempts));
}
