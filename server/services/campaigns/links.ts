/**
 * Resolving public links. A respondent has no account: the token (or the site
 * link id) is the only thing that says which enterprise the link belongs to, so
 * this is the one place that looks it up in the unscoped store; everything
 * after works in that enterprise's tenant context.
 */
import { getSite, type Site } from '../accounts/sites';
import { recordAudit } from '../auditLog';
import { nowIso, systemActor, tenantContext, withTenantTransaction, type TenantContext } from '../context';
import type { Store } from '../../store/types';
import { getCampaign, isOpen } from './campaigns';
import { bump } from './counters';
import { looksLikeSiteLinkId, looksLikeToken } from './tokens';
import { NEVER, type Campaign, type Recipient, type SiteLink } from './types';

/** Respondents act as the system inside the enterprise; responses record who they are only through refs. */
export function respondentContext(root: Store, enterpriseId: string): TenantContext {
  return tenantContext(root, { ...systemActor(enterpriseId), userId: 'respondent' });
}

export interface PersonalLink {
  ctx: TenantContext;
  recipient: Recipient;
  campaign: Campaign;
}

export async function findPersonalLink(root: Store, token: string): Promise<PersonalLink | null> {
  if (!looksLikeToken(token)) return null;
  const recipient = await root.collection<Recipient>('recipients').findOne({ token });
  if (!recipient) return null;
  const ctx = respondentContext(root, recipient.enterpriseId);
  return { ctx, recipient, campaign: await getCampaign(ctx, recipient.campaignId) };
}

export type LinkState = 'open' | 'responded' | 'expired';

/** A respondent who already answered sees the thank-you page even after the link expired. */
export function personalLinkState(link: Pick<PersonalLink, 'recipient' | 'campaign'>, now = new Date()): LinkState {
  if (link.recipient.respondedAt) return 'responded';
  if (now.toISOString() >= link.recipient.expiresAt || !isOpen(link.campaign, now)) return 'expired';
  return 'open';
}

export async function markOpened(link: PersonalLink): Promise<void> {
  if (link.recipient.openedAt) return;
  const { matched } = await link.ctx.store
    .collection<Recipient>('recipients')
    .updateOne({ _id: link.recipient._id, openedAt: { $exists: false } }, { $set: { openedAt: nowIso() } });
  if (matched) await bump(link.ctx.store, link.recipient, { opened: 1 });
}

/** Honoured at once: the recipient is taken off every future send. */
export async function unsubscribe(link: PersonalLink): Promise<boolean> {
  return withTenantTransaction(link.ctx, async (tx) => {
    const { matched } = await tx.store
      .collection<Recipient>('recipients')
      .updateOne({ _id: link.recipient._id, unsubscribedAt: { $exists: false } }, { $set: { unsubscribedAt: nowIso(), nextMailAt: NEVER } });
    if (!matched) return false;
    await bump(tx.store, link.recipient, { unsubscribed: 1 });
    await recordAudit(tx, 'campaign.unsubscribe', 'recipients', link.recipient._id, { campaignId: link.campaign._id });
    return true;
  });
}

export interface SiteLinkTarget {
  ctx: TenantContext;
  link: SiteLink;
  campaign: Campaign;
  site: Site;
}

export async function findSiteLink(root: Store, id: string): Promise<SiteLinkTarget | null> {
  if (!looksLikeSiteLinkId(id)) return null;
  const link = await root.collection<SiteLink>('siteLinks').findOne({ _id: id });
  if (!link) return null;
  const ctx = respondentContext(root, link.enterpriseId);
  return { ctx, link, campaign: await getCampaign(ctx, link.campaignId), site: await getSite(ctx, link.siteId) };
}
