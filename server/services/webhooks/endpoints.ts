/**
 * Webhook endpoints of one enterprise: an admin registers an HTTPS URL and the
 * events it wants; each gets its own signing secret. Plain http is accepted
 * only for 127.0.0.1 and only when the installation allows it (tests, a
 * receiver on the same machine).
 */
import crypto from 'node:crypto';
import { NotFoundError, ValidationError } from '../../errors';
import { assertCan } from '../accounts/roles';
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { changingEndpoints } from './emit';
import { newSecret } from './signing';
import { isWebhookEvent, type WebhookEndpoint, type WebhookEventType } from './types';

export interface UrlPolicy {
  /** WEBHOOK_ALLOW_HTTP_LOOPBACK: http://127.0.0.1 URLs are accepted. */
  allowLoopbackHttp: boolean;
}

export interface EndpointInput {
  url: string;
  description?: string;
  events: string[];
}

const endpoints = (ctx: TenantContext) => ctx.store.collection<WebhookEndpoint>('webhookEndpoints');

/** A change of the endpoints in one transaction; events counted in this process afterwards see it. */
const changeEndpoints = <R>(ctx: TenantContext, fn: (tx: TenantContext) => Promise<R>): Promise<R> =>
  changingEndpoints(ctx.actor.enterpriseId, () => withTenantTransaction(ctx, fn));

function checkUrl(raw: string, policy: UrlPolicy): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError('url: must be an absolute URL such as https://example.com/hooks/servicestar', 'url');
  }
  if (url.username || url.password) throw new ValidationError('url: must not contain a user name or password', 'url');
  const loopbackHttp = url.protocol === 'http:' && url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !(loopbackHttp && policy.allowLoopbackHttp)) throw new ValidationError('url: must start with https://', 'url');
  if (url.hash) throw new ValidationError('url: must not contain a #fragment', 'url');
  return url.toString();
}

function checkEvents(events: string[]): WebhookEventType[] {
  const unknown = events.find((e) => !isWebhookEvent(e));
  if (unknown !== undefined) throw new ValidationError(`events: unknown event ${unknown}`, 'events');
  if (!events.length) throw new ValidationError('events: choose at least one event', 'events');
  return [...new Set(events)] as WebhookEventType[];
}

/** The endpoint without its secret, for lists and the audit log. */
export function publicEndpoint(e: WebhookEndpoint): Omit<WebhookEndpoint, 'secret' | 'enterpriseId'> {
  const { secret: _secret, enterpriseId: _enterpriseId, ...rest } = e;
  return rest;
}

export async function createEndpoint(ctx: TenantContext, input: EndpointInput, policy: UrlPolicy): Promise<WebhookEndpoint> {
  assertCan(ctx.actor.role, 'webhooks.manage');
  const now = nowIso();
  const endpoint: WebhookEndpoint = {
    _id: crypto.randomUUID(),
    enterpriseId: ctx.actor.enterpriseId,
    url: checkUrl(input.url, policy),
    description: (input.description ?? '').trim().slice(0, 200),
    events: checkEvents(input.events),
    secret: newSecret(),
    enabled: true,
    failuresInARow: 0,
    createdAt: now,
    createdBy: ctx.actor.userId,
    updatedAt: now,
  };
  await changeEndpoints(ctx, async (tx) => {
    await endpoints(tx).insertOne(endpoint);
    await recordAudit(tx, 'webhook.create', 'webhookEndpoints', endpoint._id, { after: { url: endpoint.url, events: endpoint.events } });
  });
  return endpoint;
}

export async function listEndpoints(ctx: TenantContext): Promise<WebhookEndpoint[]> {
  assertCan(ctx.actor.role, 'webhooks.manage');
  return endpoints(ctx).find({}, { sort: { createdAt: 1 } });
}

export async function getEndpoint(ctx: TenantContext, id: string): Promise<WebhookEndpoint> {
  assertCan(ctx.actor.role, 'webhooks.manage');
  const found = await endpoints(ctx).findOne({ _id: id });
  if (!found) throw new NotFoundError('webhook endpoint');
  return found;
}

/** Changes the URL, events or description, or turns the endpoint on or off (on again: its failure count starts over). */
export async function updateEndpoint(
  ctx: TenantContext,
  id: string,
  changes: Partial<EndpointInput> & { enabled?: boolean },
  policy: UrlPolicy,
): Promise<WebhookEndpoint> {
  const before = await getEndpoint(ctx, id);
  const set: Partial<WebhookEndpoint> = { updatedAt: nowIso() };
  if (changes.url !== undefined) set.url = checkUrl(changes.url, policy);
  if (changes.events !== undefined) set.events = checkEvents(changes.events);
  if (changes.description !== undefined) set.description = changes.description.trim().slice(0, 200);
  if (changes.enabled === true && !before.enabled) Object.assign(set, { enabled: true, failuresInARow: 0 });
  if (changes.enabled === false && before.enabled) Object.assign(set, { enabled: false, disabledAt: set.updatedAt, disabledReason: 'admin' });
  return changeEndpoints(ctx, async (tx) => {
    const after = (await endpoints(tx).findOneAndUpdate(
      { _id: id },
      { $set: set, ...(set.enabled ? { $unset: { disabledAt: true, disabledReason: true } } : {}) },
    ))!;
    await recordAudit(tx, 'webhook.update', 'webhookEndpoints', id, {
      before: { url: before.url, events: before.events, enabled: before.enabled },
      after: { url: after.url, events: after.events, enabled: after.enabled },
    });
    return after;
  });
}

export async function deleteEndpoint(ctx: TenantContext, id: string): Promise<void> {
  const before = await getEndpoint(ctx, id);
  await changeEndpoints(ctx, async (tx) => {
    await endpoints(tx).deleteOne({ _id: id });
    await recordAudit(tx, 'webhook.delete', 'webhookEndpoints', id, { before: { url: before.url, events: before.events } });
  });
}
