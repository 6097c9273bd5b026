/**
 * The demo campaign's present: customers served in the last two days, imported
 * this morning and invited through the app's own sender, so the outbox holds
 * real invitation mails whose links open the survey, and none of them has
 * answered yet. An evaluator can answer as a customer from the first start.
 */
import type { Logger } from 'pino';
import { getEnterprise } from '../accounts/enterprises';
import type { Site } from '../accounts/sites';
import { importRecipients } from '../campaigns/imports';
import { requestInvitations, sendCampaignMail } from '../campaigns/mailing';
import type { Campaign } from '../campaigns/types';
import type { TenantContext } from '../context';
import { demoCustomer, siteFor, type Random } from './campaignAnswers';
import type { DemoEnv } from './seed';
import { DAY_MS, dayOf } from '../calendar';

/** A handful: enough to show several sites in the outbox, few enough to read. */
export const RECENT_CUSTOMERS = 8;

/** Rows after the year's: numbers go on from `firstNumber`, every one has an email (they are invited by mail). */
function recentRows(rnd: Random, firstNumber: number, now: Date, tzOffsetMinutes: number) {
  return Array.from({ length: RECENT_CUSTOMERS }, (_, i) => {
    const n = firstNumber + i;
    const served = dayOf(new Date(now.getTime() - (i % 2) * DAY_MS), tzOffsetMinutes);
    const customer = demoCustomer(rnd, n - 1);
    return {
      ...customer,
      email: `customer${String(n).padStart(4, '0')}@demo.test`,
      siteCode: siteFor(rnd),
      caseId: `WX-${served.replace(/-/g, '')}-${String(n).padStart(4, '0')}`,
      serviceDate: served,
    };
  });
}

/** Imports the recent customers and invites them; returns how many invitations went out now. */
export async function inviteRecentCustomers(ctx: TenantContext, campaign: Campaign, sites: Site[], rnd: Random, env: DemoEnv, log: Logger): Promise<number> {
  const { tzOffsetMinutes } = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  const now = new Date();
  const firstNumber = (await ctx.store.collection('recipients').count({ campaignId: campaign._id })) + 1;
  const rows = recentRows(rnd, firstNumber, now, tzOffsetMinutes).filter((r) => sites.some((s) => s.code === r.siteCode));
  const imported = await importRecipients(ctx, campaign._id, { kind: 'api', rows });
  if (imported.errorCount) throw new Error(`demo recent recipients refused: ${JSON.stringify(imported.errors.slice(0, 3))}`);
  const scheduled = await requestInvitations(ctx, campaign._id, now);
  // Without the app's mailer (tests, scripts) the invitations stay due: the campaign job sends them.
  if (!env.mail) return 0;
  const report = await sendCampaignMail(ctx, campaign, env.mail);
  log.info({ scheduled, sent: report.invitations, mail: env.mail.mailer.kind }, 'demo invitations sent');
  return report.invitations;
}
