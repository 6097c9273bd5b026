/** Webhooks: endpoints an enterprise admin registers, and the log of every delivery attempt. */
import type { Doc } from '../../store/types';

export const WEBHOOK_EVENTS = ['response.counted', 'case.opened', 'case.resolved', 'visit.approved', 'audit.projection.changed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export function isWebhookEvent(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

export interface WebhookEndpoint extends Doc {
  enterpriseId: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  /** The HMAC-SHA256 key deliveries are signed with (`whsec_…`). */
  secret: string;
  enabled: boolean;
  /** Failed attempts since the last success; at DISABLE_AFTER_FAILURES the endpoint is disabled. */
  failuresInARow: number;
  disabledAt?: string;
  disabledReason?: 'failures' | 'admin';
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

/** What a receiver gets as the request body. */
export interface WebhookEnvelope {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  enterpriseId: string;
  /** True for the "send test event" button: an example, not a real change. */
  test: boolean;
  data: Record<string, unknown>;
}

/** One attempt to deliver one event to one endpoint. */
export interface WebhookAttempt extends Doc {
  enterpriseId: string;
  endpointId: string;
  eventId: string;
  type: WebhookEventType;
  test: boolean;
  attempt: number;
  at: string;
  /** The receiver's HTTP status; absent when no response came (refused, timed out). */
  status?: number;
  ok: boolean;
  error?: string;
  durationMs: number;
}
