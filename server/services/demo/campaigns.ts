/**
 * Demo data: a year-long satisfaction campaign in the demo enterprise, about
 * 2,000 customers invited after their service across the five sites, with
 * answers entered through submitResponse at the time they were given, plus
 * walk-in answers from the site QR codes. Sites differ as real ones do. The
 * campaign is still running: the last two days' customers are invited now.
 */
import type { Logger } from 'pino';
import { getEnterprise } from '../accounts/enterprises';
import { listSites } from '../accounts/sites';
import { createCampaign, listCampaigns, siteLinksOfCampaign } from '../campaigns/campaigns';
import { recountCampaign } from '../campaigns/counters';
import { importRecipients } from '../campaigns/imports';
import { submitAtSite, submitPersonal } from '../campaigns/respond';
import { NEVER, type Recipient } from '../campaigns/types';
import type { TenantContext } from '../context';
import { listTemplates } from '../templates/versions';
import { inviteRecentCustomers } from './recentInvitations';
import type { DemoEnv } from './seed';
import { demoAnswers, demoCustomer, siteFor, SITE_PROFILES, type Random } from './campaignAnswers';
import { DAY_MS, dayOf } from '../calendar';
import { mulberry32 } from '../random';

const CUSTOMERS = 2000;
const WALK_INS = 300;

/** A moment in the demo year, by share of the year (0 = a year ago). */
const atShare = (now: Date, share: number) => new Date(now.getTime() - 365 * DAY_MS + share * 365 * DAY_MS);

/** What happened to one invited customer who did not answer: opened, unsubscribed, reminded. */
function silentOutcome(rnd: Random, r: Recipient, invitedAt: Date, now: Date) {
  const update: Record<string, unknown> = {};
  if (rnd() < 0.3) update.openedAt = new Date(Math.min(now.getTime(), invitedAt.getTime() + rnd() * 3 * DAY_MS)).toISOString();
  if (!r.email) return update;
  const reminders = Math.min(2, Math.floor((now.getTime() - invitedAt.getTime()) / (3 * DAY_MS)));
  const last = new Date(invitedAt.getTime() + reminders * 3 * DAY_MS);
  Object.assign(update, { mailsSent: 1 + reminders, remindersSent: reminders, lastMailedAt: last.toISOString() });
  // Recent invitations still have reminders to come: the scheduler sends them.
  update.nextMailAt = reminders < 2 ? new Date(last.getTime() + 3 * DAY_MS).toISOString() : NEVER;
  if (rnd() < 0.03) Object.assign(update, { unsubscribedAt: new Date(invitedAt.getTime() + DAY_MS).toISOString(), nextMailAt: NEVER });
  return update;
}

export async function seedDemoCampaign(ctx: TenantContext, log: Logger, env: DemoEnv = {}): Promise<void> {
  if ((await listCampaigns(ctx)).length) return;
  const template = (await listTemplates(ctx, { channel: 'survey' })).find((t) => t.publishedVersion !== null);
  if (!template) {
    log.warn('no published survey template: demo campaign skipped');
    return;
  }
  const rnd = mulberry32(27922);
  const now = new Date();
  const { tzOffsetMinutes } = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  const sites = await listSites(ctx);
  const campaign = await createCampaign(
    ctx,
    {
      name: '年度售后服务满意度调查',
      templateId: template._id,
      templateVersion: template.publishedVersion!,
      siteIds: sites.map((s) => s._id),
      startsOn: dayOf(atShare(now, 0), tzOffsetMinutes),
      endsOn: dayOf(new Date(now.getTime() + 30 * DAY_MS), tzOffsetMinutes),
      reminders: { afterDays: 3, maxCount: 2 },
      privacyContact: 'privacy@demo.test · 400-800-2792',
    },
    now,
  );

  // Each customer was served at some point of the year and invited a day later.
  const served = Array.from({ length: CUSTOMERS }, () => atShare(now, rnd() * 0.995));
  const rows = served.map((at, i) => ({
    ...demoCustomer(rnd, i),
    siteCode: siteFor(rnd),
    caseId: `WX-${dayOf(at, tzOffsetMinutes).replace(/-/g, '')}-${String(i + 1).padStart(4, '0')}`,
    serviceDate: dayOf(at, tzOffsetMinutes),
  }));
  const imported = await importRecipients(ctx, campaign._id, { kind: 'api', rows });
  if (imported.errorCount) throw new Error(`demo recipients refused: ${JSON.stringify(imported.errors.slice(0, 3))}`);
  const recipients = await ctx.store.collection<Recipient>('recipients').find({ campaignId: campaign._id }, { sort: { row: 1 } });

  let answered = 0;
  for (const r of recipients) {
    const invitedAt = new Date(served[r.row]!.getTime() + DAY_MS + rnd() * 8 * 3600_000);
    if (invitedAt >= now) continue; // served yesterday: the invitation is still to be sent
    const invited = {
      invitedAt: invitedAt.toISOString(),
      invitedVia: r.email ? 'email' : 'sms',
      ...(r.email ? { mailsSent: 1, lastMailedAt: invitedAt.toISOString() } : {}),
    };
    const profile = SITE_PROFILES[r.siteCode]!;
    if (r.email && rnd() < 0.015) {
      await ctx.store
        .collection('recipients')
        .updateOne({ _id: r._id }, { $set: { ...invited, bouncedAt: invitedAt.toISOString(), bounceReason: '550 mailbox unavailable', nextMailAt: NEVER } });
      continue;
    }
    const answerAt = new Date(invitedAt.getTime() + rnd() ** 2 * 6 * DAY_MS);
    if (rnd() < profile.responseRate && answerAt < now) {
      const reminders = r.email ? Math.min(2, Math.floor((answerAt.getTime() - invitedAt.getTime()) / (3 * DAY_MS))) : 0;
      await ctx.store
        .collection('recipients')
        .updateOne(
          { _id: r._id },
          { $set: { ...invited, openedAt: answerAt.toISOString(), ...(reminders ? { mailsSent: 1 + reminders, remindersSent: reminders } : {}) } },
        );
      const share = (answerAt.getTime() - atShare(now, 0).getTime()) / (365 * DAY_MS);
      await submitPersonal(ctx, r, campaign, demoAnswers(rnd, profile.quality, share, profile.complaints, r.siteCode), answerAt);
      answered += 1;
      if (answered % 250 === 0) log.info({ answered }, 'demo campaign answers');
    } else {
      await ctx.store.collection('recipients').updateOne({ _id: r._id }, { $set: { ...invited, ...silentOutcome(rnd, r, invitedAt, now) } });
    }
  }

  const links = new Map((await siteLinksOfCampaign(ctx, campaign._id)).map((l) => [sites.find((s) => s._id === l.siteId)!.code, l]));
  for (let i = 0; i < WALK_INS; i += 1) {
    const code = siteFor(rnd);
    const profile = SITE_PROFILES[code]!;
    const share = rnd() * 0.999;
    await submitAtSite(
      ctx,
      links.get(code)!,
      campaign,
      `demo-device-${i}`,
      demoAnswers(rnd, profile.quality, share, profile.complaints, code),
      atShare(now, share),
    );
  }
  // The year was written directly above, not through each transition: count it once.
  await recountCampaign(ctx.store, ctx.actor.enterpriseId, campaign._id);
  const invitedNow = await inviteRecentCustomers(ctx, campaign, sites, rnd, env, log);
  log.info({ campaign: campaign._id, recipients: recipients.length, answered, walkIns: WALK_INS, invitedNow }, 'demo campaign seeded');
}
