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
import { withTenantTransaction, type TenantContext } from '../context';
import { submitResponse, type SubmitInput } from '../responses/submit';
import type { ResponseDoc } from '../responses/types';
import { storeWalkInContact, type ContactConsent } from '../cases/consent';
import { bump } from './counters';
import { deviceDigest } from './tokens';
import { NEVER, type Campaign, type DeviceResponse, type Recipient, type SiteLink } from './types';
import { dayOf } from '../calendar';

export type SubmitOutcome = 'thanks' | 'already';

const isReusedKey = (err: unknown) => err instanceof ConflictError && err.code === 'idempotency_conflict';

/**
 * `at` is when the customer answered: now, except for data brought in from
 * before (the demo year). The response, the recipient marked answered (which
 * also stops reminders) and the campaign counter commit in one transaction.
 */
export async function submitPersonal(
  ctx: TenantContext,
  recipient: Recipient,
  campaign: Campaign,
  answers: unknown,
  at = new Date(),
  known?: SubmitInput['known'],
): Promise<SubmitOutcome> {
  if (recipient.respondedAt) return 'already';
  // Not answered when read: the token's unique key in the responses, not a look-up, stops a second answer.
  const input = {
    ...linkSubmission(campaign, answers, at, {
      siteId: recipient.siteId,
      source: 'link',
      idempotencyKey: `token:${recipient._id}`,
      refs: { recipientId: recipient._id },
    }),
    known,
    keyUnused: true,
  };
  return submitWith(ctx, input, async (tx, response) => {
    const { matched } = await tx.store
      .collection<Recipient>('recipients')
      .updateOne(
        { _id: recipient._id, respondedAt: { $exists: false } },
        { $set: { respondedAt: input.respondedAt!, responseId: response._id, nextMailAt: NEVER } },
      );
    if (matched) await bump(tx.store, recipient, { responded: 1 });
  });
}

/** A campaign's survey answered through one of its links: personal (token) or a site's QR code (device). */
function linkSubmission(
  campaign: Campaign,
  answers: unknown,
  at: Date,
  link: { siteId: string; source: 'link' | 'site-link'; idempotencyKey: string; refs: Record<string, string> },
): SubmitInput {
  return {
    templateId: campaign.templateId,
    templateVersion: campaign.templateVersion,
    siteId: link.siteId,
    channel: 'survey',
    answers,
    source: link.source,
    respondedAt: at.toISOString(),
    idempotencyKey: link.idempotencyKey,
    refs: { campaignId: campaign._id, ...link.refs },
  };
}

/**
 * submitResponse and the link's own records (`alongside`, skipped on a replay)
 * in one transaction. Stored or replayed: thanks; the key already answered
 * with other answers: already.
 */
async function submitWith(
  ctx: TenantContext,
  input: SubmitInput,
  alongside: (tx: TenantContext, response: ResponseDoc) => Promise<void>,
): Promise<SubmitOutcome> {
  try {
    try {
      await withTenantTransaction(ctx, async (tx) => {
        const { response, replayed } = await submitResponse(tx, input);
        if (!replayed) await alongside(tx, response);
      });
    } catch (err) {
      // An identical submit racing this one committed first (MongoDB aborts the transaction at the duplicate): replay it.
      if (!(err instanceof DuplicateKeyError)) throw err;
      await submitResponse(ctx, input);
    }
    return 'thanks';
  } catch (err) {
    if (isReusedKey(err)) return 'already';
    throw err;
  }
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

/** The response and the device's record for the day commit together; the record's _id makes the day's second answer "already". */
/** `contact`: the phone a walk-in customer agreed to be called on, stored apart from the answers (cases/consent.ts). */
export async function submitAtSite(
  ctx: TenantContext,
  link: SiteLink,
  campaign: Campaign,
  deviceId: string,
  answers: unknown,
  now = new Date(),
  contact: ContactConsent = null,
): Promise<SubmitOutcome> {
  const { id, day } = await deviceKey(ctx, link, deviceId, now);
  if (await ctx.store.collection<DeviceResponse>('deviceResponses').count({ _id: id })) return 'already';
  const input = linkSubmission(campaign, answers, now, {
    siteId: link.siteId,
    source: 'site-link',
    idempotencyKey: `device:${id}`,
    refs: { siteLinkId: link._id },
  });
  return submitWith(ctx, input, async (tx, response) => {
    await tx.store.collection<DeviceResponse>('deviceResponses').insertOne({
      _id: id,
      enterpriseId: ctx.actor.enterpriseId,
      campaignId: campaign._id,
      siteLinkId: link._id,
      day,
      responseId: response._id,
      at: input.respondedAt!,
    });
    if (contact)
      await storeWalkInContact(tx, {
        responseId: response._id,
        campaignId: campaign._id,
        siteId: link.siteId,
        siteLinkId: link._id,
        phone: contact.phone,
        consentAt: input.respondedAt!,
      });
  });
}
