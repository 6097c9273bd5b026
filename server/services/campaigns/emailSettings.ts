/**
 * Editing a campaign's invitation and reminder emails: the texts in force,
 * saving them (with their audit entry, in one transaction), going back to the
 * built-in texts, and the same mail a recipient would get rendered for a
 * sample recipient, to preview or to send to the editor's own address.
 */
import { AppError } from '../../errors';
import type { Mailer, MailMessage } from '../../mail/transport';
import { getEnterprise } from '../accounts/enterprises';
import { getSite } from '../accounts/sites';
import { getUser } from '../accounts/users';
import { recordAudit } from '../auditLog';
import { withTenantTransaction, type TenantContext } from '../context';
import { assertAllowed } from '../policy';
import { dayOf } from '../calendar';
import { getCampaign } from './campaigns';
import { defaultEmails, EMAIL_KINDS, validateEmails, type CampaignEmails, type EmailKind } from './emailTexts';
import { linkUrls, surveyMail } from './messages';
import type { Campaign, Recipient } from './types';

/** The texts the campaign's mail uses now, and whether they are its own. */
export function emailsInForce(campaign: Campaign): { emails: CampaignEmails; custom: boolean } {
  return campaign.emails ? { emails: campaign.emails, custom: true } : { emails: defaultEmails(), custom: false };
}

/** Which fields an edit changed, for the audit entry ("invitation.subject.en", …). */
function changedFields(before: CampaignEmails, after: CampaignEmails): string[] {
  const changed: string[] = [];
  for (const kind of EMAIL_KINDS) {
    if (before[kind].senderName !== after[kind].senderName) changed.push(`${kind}.senderName`);
    for (const part of ['subject', 'body'] as const)
      for (const lang of ['zh-CN', 'en'] as const) if (before[kind][part][lang] !== after[kind][part][lang]) changed.push(`${kind}.${part}.${lang}`);
  }
  return changed;
}

/** Saves the campaign's texts after checking every rule; `null` goes back to the built-in texts. */
export async function saveCampaignEmails(ctx: TenantContext, campaignId: string, input: CampaignEmails | null, now = new Date()): Promise<CampaignEmails> {
  assertAllowed(ctx.actor, 'campaigns', 'manage');
  const campaign = await getCampaign(ctx, campaignId);
  const emails = input ? validateEmails(input) : null;
  const before = emailsInForce(campaign).emails;
  const changed = changedFields(before, emails ?? defaultEmails());
  await withTenantTransaction(ctx, async (tx) => {
    const update = emails
      ? { $set: { emails, emailsUpdatedAt: now.toISOString() } }
      : { $unset: { emails: true as const }, $set: { emailsUpdatedAt: now.toISOString() } };
    await tx.store.collection<Campaign>('campaigns').updateOne({ _id: campaignId }, update);
    await recordAudit(tx, 'campaign.editEmails', 'campaigns', campaignId, { changed, ...(emails ? {} : { builtIn: true }) });
  });
  return emails ?? defaultEmails();
}

/** The campaign's mail of `kind` for a sample recipient at the campaign's first site the caller sees. */
export async function sampleMail(
  ctx: TenantContext,
  campaign: Campaign,
  kind: EmailKind,
  emails: CampaignEmails,
  baseUrl: string,
  to: string,
): Promise<MailMessage> {
  const enterprise = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  const site = campaign.siteIds[0] ? await getSite(ctx, campaign.siteIds[0]) : null;
  const sample = { enterpriseId: ctx.actor.enterpriseId, name: '张三', email: to, token: 'sample' } as Recipient;
  const context = {
    enterpriseName: enterprise.name,
    siteName: site?.name ?? '',
    enterpriseNameEn: enterprise.nameEn,
    siteNameEn: site?.nameEn,
    lastDay: dayOf(new Date(Date.parse(campaign.linksExpireAt) - 1), enterprise.tzOffsetMinutes),
  };
  return surveyMail(kind, sample, context, linkUrls(baseUrl, sample.token), emails[kind]);
}

/** Sends the invitation and the reminder, as `emails` would make them, to the caller's own address. */
export async function sendTestMails(ctx: TenantContext, campaignId: string, input: CampaignEmails, mailer: Mailer, baseUrl: string): Promise<string> {
  assertAllowed(ctx.actor, 'campaigns', 'manage');
  const campaign = await getCampaign(ctx, campaignId);
  const emails = validateEmails(input);
  const { email } = await getUser(ctx, ctx.actor.userId);
  for (const kind of EMAIL_KINDS) {
    try {
      await mailer.send(await sampleMail(ctx, campaign, kind, emails, baseUrl, email));
    } catch (err) {
      // The mail server's answer is the useful part for the admin; nothing was saved either way.
      throw new AppError(502, 'mail_failed', `the mail server refused the test email: ${err instanceof Error ? err.message.slice(0, 200) : 'unknown error'}`);
    }
  }
  return email;
}
