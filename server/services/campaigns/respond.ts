/**
 * What happens when a customer submits: the answers go through
 * submitResponse (the one path into scoring) with a key that allows one
 * response per personal token, or per device, site link and day. A retry with
 * the same answers replays the first result; a second submission with other
 * answers (the back button, a second tab) is "already answered", never an error.
 */
import { ConflictError } from '../../errors';
import { DuplicateKeyError } from '../../store/types';
import { getEnterprise } from '../accounts/enterprises';
import type { TenantContext } from '../context';
import { submitResponse } from '../responses/submit';
import { dayOf } from '../scoring/rollup';
import { bump } from './counters';
import { deviceDigest } from './tokens';
import { NEVER, type Campaign, type DeviceResponse, type Recipient, type SiteLink } from './types';

export type SubmitOutcome = 'thanks' | 'already';

const isReusedKey = (err: unknown) => err instanceof ConflictError && err.code === 'idempotency_conflict';

/** `at` is when the customer answered: now, except for data brought in from before (the demo year). */
export async function submitPersonal(ctx: TenantContext, recipient: Recipient, campaign: Campaign, answers: unknown, at = new Date()): Promise<SubmitOutcome> {
  if (recipient.respondedAt) return 'already';
  const recipients = ctx.store.collection<Recipient>('recipients');
  // Reminders stop first: whatever happens next, this person has answered. (No write when none are due.)
  if (recipient.nextMailAt !== NEVER) await recipients.updateOne({ _id: recipient._id }, { $set: { nextMailAt: NEVER } });
  let responseId: string | undefined;
  let outcome: SubmitOutcome = 'thanks';
  try {
    const result = await submitResponse(ctx, {
      templateId: campaign.templateId,
      templateVersion: campaign.templateVersion,
      siteId: recipient.siteId,
      channel: 'survey',
      answers,
      source: 'link',
      respondedAt: at.toISOString(),
      idempotencyKey: `token:${recipient._id}`,
      refs: { campaignId: campaign._id, recipientId: recipient._id },
    });
    responseId = result.response._id;
  } catch (err) {
    if (!isReusedKey(err)) throw err;
    outcome = 'already';
  }
  const { matched } = await recipients.updateOne({ _id: recipient._id, respondedAt: { $exists: false } }, { $set: { respondedAt: at.toISOString(), ...(responseId ? { responseId } : {}) } });
  if (matched) await bump(ctx.store, recipient, { responded: 1 });
  return outcome;
}

async function deviceKey(ctx: TenantContext, link: SiteLink, deviceId: string, now: Date): Promise<{ id: string; day: string }> {
  const day = dayOf(now, (await getEnterprise(ctx.root, ctx.actor.enterpriseId)).tzOffsetMinutes);
  return { id: `${link._id}:${deviceDigest(deviceId)}:${day}`, day };
}

/** Whether this device already answered at this site link today (enterprise-local day). */
export async function answeredToday(ctx: TenantContext, link: SiteLink, deviceId: string | undefined, now = new Date()): Promise<boolean> {
  if (!deviceId) return false;
  const { id } = await deviceKey(ctx, link, deviceId, now);
  return (await ctx.store.collection<DeviceResponse>('deviceResponses').count({ _id: id })) > 0;
}

export async function submitAtSite(ctx: TenantContext, link: SiteLink, campaign: Campaign, deviceId: string, answers: unknown, now = new Date()): Promise<SubmitOutcome> {
  const { id, day } = await deviceKey(ctx, link, deviceId, now);
  const records = ctx.store.collection<DeviceResponse>('deviceResponses');
  if (await records.count({ _id: id })) return 'already';
  try {
    const result = await submitResponse(ctx, {
      templateId: campaign.templateId,
      templateVersion: campaign.templateVersion,
      siteId: link.siteId,
      channel: 'survey',
      answers,
      source: 'site-link',
      respondedAt: now.toISOString(),
      idempotencyKey: `device:${id}`,
      refs: { campaignId: campaign._id, siteLinkId: link._id },
    });
    try {
      await records.insertOne({ _id: id, enterpriseId: ctx.actor.enterpriseId, campaignId: campaign._id, siteLinkId: link._id, day, responseId: result.response._id, at: now.toISOString() });
    } catch (err) {
      // A parallel identical submit recorded it first: the response itself was stored once.
      if (!(err instanceof DuplicateKeyError)) throw err;
    }
    return 'thanks';
  } catch (err) {
    if (isReusedKey(err)) return 'already';
    throw err;
  }
}
