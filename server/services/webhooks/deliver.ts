/**
 * The delivery job: POSTs one event to one endpoint, signed, and logs the
 * attempt with the receiver's status. Anything but a 2xx throws, so the queue
 * tries again with back-off. After DISABLE_AFTER_FAILURES failed attempts in a
 * row the endpoint is disabled and the enterprise's admins are mailed, both
 * in one transaction.
 */
import crypto from 'node:crypto';
import { t } from '../../i18n';
import type { Store } from '../../store/types';
import type { User } from '../accounts/users';
import { recordAudit } from '../auditLog';
import { systemActor, tenantContext, withTenantTransaction, type TenantContext } from '../context';
import { enqueueJob, errorText } from '../jobs/queue';
import type { JobRun } from '../jobs/types';
import { MAIL_JOB, type MailJobPayload } from '../mailJob';
import { changingEndpoints, type WebhookJobPayload } from './emit';
import { HEADER, signature } from './signing';
import type { WebhookAttempt, WebhookEndpoint } from './types';

export const DISABLE_AFTER_FAILURES = 20;
const TIMEOUT_MS = 10_000;

export interface DeliveryDeps {
  store: Store;
  /** Where the disabling email links to (PUBLIC_URL, or the local address). */
  baseUrl: string;
}

const endpointsOf = (ctx: TenantContext) => ctx.store.collection<WebhookEndpoint>('webhookEndpoints');

async function post(endpoint: WebhookEndpoint, payload: WebhookJobPayload, deliveryId: string, now: Date): Promise<{ status?: number; error?: string }> {
  const body = JSON.stringify(payload.event);
  const timestamp = Math.floor(now.getTime() / 1000);
  try {
    const res = await fetch(endpoint.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'ServiceStar-Webhooks/1',
        [HEADER.id]: payload.event.id,
        [HEADER.event]: payload.event.type,
        [HEADER.delivery]: deliveryId,
        [HEADER.timestamp]: String(timestamp),
        [HEADER.signature]: signature(endpoint.secret, timestamp, body),
      },
      body,
    });
    // The body is not used; reading it lets the connection be reused.
    await res.arrayBuffer().catch(() => undefined);
    return { status: res.status };
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    return { error: errorText(cause ?? err) };
  }
}

function disabledMail(endpoint: WebhookEndpoint, link: string): { subject: string; text: string } {
  const vars = { url: endpoint.url, failures: DISABLE_AFTER_FAILURES, link };
  return {
    subject: t('zh-CN', 'webhooks.mail.disabled.subject', vars),
    text: [t('zh-CN', 'webhooks.mail.disabled.body', vars), '', '—', t('en', 'webhooks.mail.disabled.body', vars)].join('\n'),
  };
}

/** Counts a failed attempt; the one that reaches the limit disables the endpoint and mails the admins. */
async function recordFailure(ctx: TenantContext, endpoint: WebhookEndpoint, deps: DeliveryDeps): Promise<void> {
  await changingEndpoints(ctx.actor.enterpriseId, () =>
    withTenantTransaction(ctx, async (tx) => {
      const after = await endpointsOf(tx).findOneAndUpdate({ _id: endpoint._id }, { $inc: { failuresInARow: 1 } });
      if (!after || !after.enabled || after.failuresInARow < DISABLE_AFTER_FAILURES) return;
      const at = new Date().toISOString();
      await endpointsOf(tx).updateOne({ _id: endpoint._id }, { $set: { enabled: false, disabledAt: at, disabledReason: 'failures', updatedAt: at } });
      await recordAudit(tx, 'webhook.disable', 'webhookEndpoints', endpoint._id, { failuresInARow: after.failuresInARow });
      const admins = (await tx.store.collection<User>('users').find({ role: 'admin' })).filter((u) => !u.disabled);
      const mail = disabledMail(after, `${deps.baseUrl}/admin/webhooks/${encodeURIComponent(endpoint._id)}`);
      for (const admin of admins) {
        const payload: MailJobPayload = { enterpriseId: ctx.actor.enterpriseId, to: admin.email, ...mail };
        await enqueueJob(tx.store, { kind: MAIL_JOB, enterpriseId: ctx.actor.enterpriseId, payload: { ...payload } });
      }
    }),
  );
}

export async function deliverWebhook(deps: DeliveryDeps, payload: WebhookJobPayload, run: JobRun): Promise<void> {
  const ctx = tenantContext(deps.store, systemActor(payload.event.enterpriseId));
  const endpoint = await endpointsOf(ctx).findOne({ _id: payload.endpointId });
  // Deleted, or disabled since the event: nothing goes out (a test event still does, to check a receiver before re-enabling).
  if (!endpoint || (!endpoint.enabled && !payload.event.test)) return;
  const started = Date.now();
  const result = await post(endpoint, payload, run.job._id, run.now());
  const ok = result.status !== undefined && result.status >= 200 && result.status < 300;
  const attempt: WebhookAttempt = {
    _id: crypto.randomUUID(),
    enterpriseId: endpoint.enterpriseId,
    endpointId: endpoint._id,
    eventId: payload.event.id,
    type: payload.event.type,
    test: payload.event.test,
    attempt: run.job.attempts,
    at: run.now().toISOString(),
    ...(result.status !== undefined ? { status: result.status } : {}),
    ok,
    ...(result.error ? { error: result.error } : {}),
    durationMs: Date.now() - started,
  };
  await ctx.store.collection<WebhookAttempt>('webhookAttempts').insertOne(attempt);
  if (ok) {
    if (endpoint.failuresInARow && !payload.event.test) await endpointsOf(ctx).updateOne({ _id: endpoint._id }, { $set: { failuresInARow: 0 } });
    return;
  }
  if (!payload.event.test) await recordFailure(ctx, endpoint, deps);
  throw new Error(result.status !== undefined ? `the endpoint answered HTTP ${result.status}` : `no answer from the endpoint: ${result.error}`);
}

/** The delivery log of one endpoint, newest first. */
export function listAttempts(ctx: TenantContext, endpointId: string, limit = 100): Promise<WebhookAttempt[]> {
  return ctx.store.collection<WebhookAttempt>('webhookAttempts').find({ endpointId }, { sort: { at: -1 }, limit });
}
