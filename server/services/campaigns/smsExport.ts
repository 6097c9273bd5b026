/**
 * For enterprises that send SMS through their own gateway: one CSV line per
 * recipient with a phone who has not answered or opted out, with the text and
 * link. This export is the only place phone numbers leave the system.
 */
import type { Locale } from '../../i18n';
import { getEnterprise } from '../accounts/enterprises';
import { listSites } from '../accounts/sites';
import { recordAudit } from '../auditLog';
import { nowIso, withTenantTransaction, type TenantContext } from '../context';
import { getCampaign } from './campaigns';
import { bump } from './counters';
import { linkUrls, smsText } from './messages';
import type { Recipient } from './types';
import { assertAllowed } from '../policy';
import { dayOf } from '../calendar';
import { CSV_BOM, csvLine } from '../spreadsheet';

const HEADER = ['phone', 'message', 'link', 'unsubscribe_link', 'site_code', 'case_id'];

/**
 * Lines of the CSV (header first, with a BOM so Excel reads UTF-8). Reading it changes nothing:
 * once the texts went out, markSmsInvited records that (a download is no proof of sending).
 */
export async function* smsExportLines(ctx: TenantContext, campaignId: string, baseUrl: string, locale: Locale = 'zh-CN'): AsyncGenerator<string> {
  assertAllowed(ctx.actor, 'campaigns', 'manage');
  await getCampaign(ctx, campaignId);
  const enterprise = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  const sites = new Map((await listSites(ctx)).map((s) => [s._id, s]));
  yield CSV_BOM + csvLine(HEADER);
  let count = 0;
  const recipients = ctx.store.collection<Recipient>('recipients');
  for await (const r of recipients.iterate(smsFilter(campaignId), { batchSize: 2000 })) {
    const urls = linkUrls(baseUrl, r.token);
    const lastDay = dayOf(new Date(Date.parse(r.expiresAt) - 1), enterprise.tzOffsetMinutes);
    const site = sites.get(r.siteId);
    const names = { enterpriseName: enterprise.name, enterpriseNameEn: enterprise.nameEn, siteName: site?.name ?? r.siteCode, siteNameEn: site?.nameEn };
    const text = smsText({ ...names, lastDay }, urls.survey, locale);
    yield csvLine([r.phone!, text, urls.survey, urls.unsubscribe, r.siteCode, r.caseId ?? '']);
    count += 1;
  }
  // Who took phone numbers out is worth knowing; the audit entry is the only write.
  await withTenantTransaction(ctx, (tx) => recordAudit(tx, 'campaign.exportSms', 'campaigns', campaignId, { rows: count }));
}

/** Recipients an SMS export lists: with a phone, not answered, not opted out. */
function smsFilter(campaignId: string) {
  return { campaignId, phone: { $exists: true }, respondedAt: { $exists: false }, unsubscribedAt: { $exists: false } } as const;
}

/** After the enterprise's gateway sent the exported texts: marks those recipients invited by SMS, once. */
export async function markSmsInvited(ctx: TenantContext, campaignId: string): Promise<number> {
  assertAllowed(ctx.actor, 'campaigns', 'manage');
  const campaign = await getCampaign(ctx, campaignId);
  return withTenantTransaction(ctx, async (tx) => {
    const recipients = tx.store.collection<Recipient>('recipients');
    const at = nowIso();
    let total = 0;
    for (const siteId of campaign.siteIds) {
      const marked = await recipients.updateMany(
        { ...smsFilter(campaignId), siteId, invitedAt: { $exists: false } },
        { $set: { invitedAt: at, invitedVia: 'sms' } },
      );
      await bump(tx.store, { enterpriseId: tx.actor.enterpriseId, campaignId, siteId }, { invited: marked });
      total += marked;
    }
    await recordAudit(tx, 'campaign.markSmsInvited', 'campaigns', campaignId, { recipients: total });
    return total;
  });
}
