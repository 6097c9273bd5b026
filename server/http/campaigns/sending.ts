/**
 * Sending a campaign's invitations from its page: a confirmation that says how
 * many recipients will be invited, sending now or at a later enterprise-local
 * time, and cancelling a send scheduled for later.
 */
import type { Router } from 'express';
import { getCampaign } from '../../services/campaigns/campaigns';
import { awaitingInvitationCount, cancelScheduledInvitations, pendingScheduledSend } from '../../services/campaigns/invitationSchedule';
import { requestInvitations } from '../../services/campaigns/mailing';
import { fromLocalInput } from '../../services/calls/clock';
import { localStamp, toLocalInput, tzOffsetOf } from '../../services/localTime';
import { ValidationError } from '../../errors';
import { allow, ctxOf } from '../middleware/auth';
import { flashAndRedirect } from '../pages';
import { param, parse } from '../validate';
import { invitationApiSchema, invitationFormSchema } from './schema';

export function sendingRoutes(pages: Router, api: Router): void {
  const manage = allow('campaigns', 'manage');

  pages.get('/campaigns/:id/invitations/confirm', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const campaign = await getCampaign(ctx, param(req.params.id));
    const [count, tz] = await Promise.all([awaitingInvitationCount(ctx, campaign._id), tzOffsetOf(ctx)]);
    const now = new Date();
    const scheduled = pendingScheduledSend(campaign, now);
    const t = res.locals.t as (key: string, vars?: Record<string, unknown>) => string;
    res.render('pages/campaign-send', {
      title: t('campaignSending.title'),
      crumbs: [{ label: campaign.name, href: `/campaigns/${campaign._id}` }],
      campaign: { id: campaign._id, name: campaign.name },
      count,
      question: t('campaignSending.question', { count: count.toLocaleString('en-US') }),
      // The earliest choice is the next minute; the latest is the last minute the links work.
      minLocal: toLocalInput(new Date(now.getTime() + 60_000), tz),
      maxLocal: toLocalInput(new Date(Date.parse(campaign.linksExpireAt) - 60_000), tz),
      scheduled: scheduled ? { at: localStamp(scheduled.at, tz), count: scheduled.count.toLocaleString('en-US') } : null,
    });
  });

  pages.post('/campaigns/:id/invitations', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const campaign = await getCampaign(ctx, param(req.params.id));
    await flashAndRedirect(req, res, `/campaigns/${campaign._id}`, async () => {
      const form = parse(invitationFormSchema, req.body ?? {});
      const tz = await tzOffsetOf(ctx);
      const sendAt = form.when === 'later' ? fromLocalInput(form.sendAt ?? '', tz) : undefined;
      if (sendAt === null) throw new ValidationError('sendAt: must be a date and time as YYYY-MM-DDTHH:MM', 'sendAt');
      const scheduled = await requestInvitations(ctx, campaign._id, new Date(), sendAt);
      const count = scheduled.toLocaleString('en-US');
      return sendAt
        ? res.locals.t('campaignSending.scheduledFlash', { count, at: localStamp(sendAt, tz) })
        : res.locals.t('campaigns.invitationsScheduled', { count });
    });
  });

  pages.post('/campaigns/:id/invitations/cancel', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const campaign = await getCampaign(ctx, param(req.params.id));
    await flashAndRedirect(req, res, `/campaigns/${campaign._id}`, async () =>
      res.locals.t('campaignSending.cancelledFlash', { count: (await cancelScheduledInvitations(ctx, campaign._id)).toLocaleString('en-US') }),
    );
  });

  api.post('/campaigns/:id/invitations', manage, async (req, res) => {
    const body = parse(invitationApiSchema, req.body ?? {});
    const sendAt = body.sendAt ? new Date(body.sendAt) : undefined;
    const scheduled = await requestInvitations(ctxOf(req), param(req.params.id), new Date(), sendAt);
    res.status(202).json({ scheduled, ...(sendAt ? { sendAt: sendAt.toISOString() } : {}) });
  });

  api.post('/campaigns/:id/invitations/cancel', manage, async (req, res) => {
    res.json({ released: await cancelScheduledInvitations(ctxOf(req), param(req.params.id)) });
  });
}
