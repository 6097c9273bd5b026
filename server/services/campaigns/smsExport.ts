/**
 * For enterprises that send SMS through their own gateway: one CSV line per
 * recipient with a phone who has not answered or opted out, with the text and
 * link. This export is the only place phone numbers leave the system.
 */
import { getEnterprise } from '../accounts/enterprises';
import { listSites } from '../accounts/sites';
import { recordAudit } from '../auditLog';
import { nowIso, type TenantContext } from '../context';
import { dayOf } from '../scoring/rollup';
import { getCampaign } from './campaigns';
import { bump } from './counters';
import { linkUrls, smsText } from './messages';
import type { Recipient } from './types';
import { assertAllowed } from '../policy';

/** Quotes a cell, and defuses one a spreadsheet would read as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const HEADER = ['phone', 'message', 'link', 'unsubscribe_link', 'site_code', 'case_id'];

/** Lines of the CSV (header first, with a BOM so Excel reads UTF-8); marks exported recipients as invited by SMS. */
export async function* smsExportLines(ctx: TenantContext, campaignId: string, baseUrl: string): AsyncGenerator<string> {
  assertAllowed(ctx.actor, 'campaigns', 'manage');
  const campaign = await getCampaign(ctx, campaignId);
  const enterprise = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  const siteNames = new Map((await listSites(ctx)).map((s) => [s._id, s.name]));
  const exportedAt = nowIso();
  yield `\uFEFF${HEADER.join(',')}\r\n`;
  let count = 0;
  const recipients = ctx.store.collection<Recipient>('recipients');
  const filter = { campaignId, phone: { $exists: true }, respondedAt: { $exists: false }, unsubscribedAt: { $exists: false } } as const;
  for await (const r of recipients.iterate(filter, { batchSize: 2000 })) {
    const urls = linkUrls(baseUrl, r.token);
    const lastDay = dayOf(new Date(Date.parse(r.expiresAt) - 1), enterprise.tzOffsetMinutes);
    const text = smsText({ enterpriseName: enterprise.name, siteName: siteNames.get(r.siteId) ?? r.siteCode, lastDay }, urls.survey);
    yield `${[r.phone!, text, urls.survey, urls.unsubscribe, r.siteCode, r.caseId ?? ''].map(csvCell).join(',')}\r\n`;
    count += 1;
  }
  for (const siteId of campaign.siteIds) {
    const marked = await recipients.updateMany({ ...filter, siteId, invitedAt: { $exists: false } }, { $set: { invitedAt: exportedAt, invitedVia: 'sms' } });
    await bump(ctx.store, { enterpriseId: ctx.actor.enterpriseId, campaignId, siteId }, { invited: marked });
  }
  await recordAudit(ctx, 'campaign.exportSms', 'campaigns', campaign._id, { rows: count });
}
