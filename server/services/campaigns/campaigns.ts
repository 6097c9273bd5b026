/**
 * Campaigns: which published survey version, which sites, which period, and
 * how reminders go. Creating one also creates the anonymous link of each site.
 */
import crypto from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import { getEnterprise } from '../accounts/enterprises';
import { getSite } from '../accounts/sites';
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { assertUsableTemplate } from '../templates/lifecycle';
import { getVersion } from '../templates/versions';
import { newSiteLinkId } from './tokens';
import { NEVER, type Campaign, type Recipient, type SiteLink } from './types';
import { assertAllowed } from '../policy';
import { addDays, checkDay, dayOf, localDayStart } from '../calendar';

/** What a caller gives to create a campaign; the rest (times, stamps, sending state) is derived. */
export type CampaignInput = Pick<Campaign, 'name' | 'templateId' | 'templateVersion' | 'siteIds' | 'startsOn' | 'endsOn' | 'reminders' | 'privacyContact'>;

export const campaignsOf = (ctx: TenantContext) => ctx.store.collection<Campaign>('campaigns');
export const siteLinksOf = (ctx: TenantContext) => ctx.store.collection<SiteLink>('siteLinks');

export async function createCampaign(ctx: TenantContext, input: CampaignInput, now = new Date()): Promise<Campaign> {
  assertAllowed(ctx.actor, 'campaigns', 'manage');
  const version = await getVersion(ctx, input.templateId, input.templateVersion);
  await assertUsableTemplate(ctx, input.templateId);
  if (version.content.channel !== 'survey') {
    throw new ValidationError(`templateId: a campaign needs a survey template, this one is for ${version.content.channel}`, 'templateId');
  }
  const siteIds = [...new Set(input.siteIds)];
  for (const [i, siteId] of siteIds.entries()) {
    await getSite(ctx, siteId).catch(() => {
      throw new ValidationError(`siteIds.${i}: no such site`, `siteIds.${i}`);
    });
  }
  const { tzOffsetMinutes } = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  checkDay(input.startsOn, 'startsOn');
  checkDay(input.endsOn, 'endsOn');
  if (input.endsOn < input.startsOn) throw new ValidationError('endsOn: must not be before startsOn', 'endsOn');
  if (input.endsOn < dayOf(now, tzOffsetMinutes)) throw new ValidationError('endsOn: must not be in the past', 'endsOn');
  const at = now.toISOString();
  const campaign: Campaign = {
    _id: crypto.randomUUID(),
    enterpriseId: ctx.actor.enterpriseId,
    name: input.name,
    templateId: input.templateId,
    templateVersion: input.templateVersion,
    siteIds,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    startsAt: localDayStart(input.startsOn, tzOffsetMinutes),
    linksExpireAt: localDayStart(addDays(input.endsOn, 1), tzOffsetMinutes),
    reminders: input.reminders,
    privacyContact: input.privacyContact,
    createdAt: at,
    createdBy: ctx.actor.userId,
  };
  const links: SiteLink[] = siteIds.map((siteId) => ({
    _id: newSiteLinkId(),
    enterpriseId: ctx.actor.enterpriseId,
    campaignId: campaign._id,
    siteId,
    createdAt: at,
  }));
  await withTenantTransaction(ctx, async (tx) => {
    await campaignsOf(tx).insertOne(campaign);
    await tx.store.collection<SiteLink>('siteLinks').insertMany(links);
    await recordAudit(tx, 'campaign.create', 'campaigns', campaign._id, {
      name: input.name,
      templateId: input.templateId,
      templateVersion: input.templateVersion,
      sites: siteIds.length,
    });
  });
  return campaign;
}

/** A campaign spans sites; a caller limited to some sees only those among them. */
function asSeenBy(ctx: TenantContext, campaign: Campaign): Campaign {
  const visible = ctx.actor.siteIds;
  return visible?.length ? { ...campaign, siteIds: campaign.siteIds.filter((id) => visible.includes(id)) } : campaign;
}

export async function listCampaigns(ctx: TenantContext): Promise<Campaign[]> {
  return (await campaignsOf(ctx).find({}, { sort: { createdAt: -1 } })).map((c) => asSeenBy(ctx, c));
}

/** The first recipients of a campaign at the sites the caller sees, as the campaign page shows them. */
export async function firstRecipients(ctx: TenantContext, campaignId: string, limit = 20): Promise<Recipient[]> {
  return ctx.store.collection<Recipient>('recipients').find({ campaignId }, { limit });
}

export async function getCampaign(ctx: TenantContext, id: string): Promise<Campaign> {
  const campaign = await campaignsOf(ctx).findOne({ _id: id });
  if (!campaign) throw new NotFoundError('campaign');
  return asSeenBy(ctx, campaign);
}

/** Open: not closed by hand and its links have not expired. */
export function isOpen(campaign: Campaign, now = new Date()): boolean {
  return !campaign.closedAt && now.toISOString() < campaign.linksExpireAt;
}

/** Stops links and mail at once (e.g. a campaign started by mistake); responses already in stay. */
export async function closeCampaign(ctx: TenantContext, id: string): Promise<Campaign> {
  assertAllowed(ctx.actor, 'campaigns', 'manage');
  const campaign = await getCampaign(ctx, id);
  if (campaign.closedAt) throw new ConflictError('campaign: already closed', 'campaign');
  const at = nowIso();
  return withTenantTransaction(ctx, async (tx) => {
    const closed = await campaignsOf(tx).findOneAndUpdate({ _id: id, closedAt: { $exists: false } }, { $set: { closedAt: at } });
    if (!closed) throw new ConflictError('campaign: already closed', 'campaign');
    await tx.store.collection('recipients').updateMany({ campaignId: id, nextMailAt: { $ne: NEVER } }, { $set: { nextMailAt: NEVER } });
    await recordAudit(tx, 'campaign.close', 'campaigns', id);
    return closed;
  });
}

export async function siteLinksOfCampaign(ctx: TenantContext, campaignId: string): Promise<SiteLink[]> {
  return siteLinksOf(ctx).find({ campaignId });
}

export async function getSiteLink(ctx: TenantContext, campaignId: string, siteId: string): Promise<SiteLink> {
  const link = await siteLinksOf(ctx).findOne({ campaignId, siteId });
  if (!link) throw new NotFoundError('site link');
  return link;
}
