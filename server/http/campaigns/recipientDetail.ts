/**
 * One recipient of a campaign: its history (imported, each mail, failures,
 * opened, answered, unsubscribed, expired) in enterprise-local time, with
 * contacts masked as on the list, and a resend within the reminder rules. A
 * refused resend is a 409 naming the rule in the page's language.
 */
import type { NextFunction, Request, Response, Router } from 'express';
import { getCampaign } from '../../services/campaigns/campaigns';
import { listStatusOf } from '../../services/campaigns/recipientList';
import {
  getRecipient,
  recipientHistory,
  resendRefusal,
  ResendRefusedError,
  resendRuleText,
  resendToRecipient,
  type HistoryItem,
} from '../../services/campaigns/recipientHistory';
import type { Recipient } from '../../services/campaigns/types';
import { maskEmail, maskName, maskPhone } from '../../services/exports/mask';
import { localStamp, tzOffsetOf } from '../../services/localTime';
import { allowed } from '../../services/policy';
import { allow, ctxOf } from '../middleware/auth';
import { param } from '../validate';

type Translate = (key: string, vars?: Record<string, unknown>) => string;

const masked = (r: Recipient) => ({ name: maskName(r.name), email: maskEmail(r.email), phone: maskPhone(r.phone) });
const maskedItem = (h: HistoryItem) => ({ ...h, ...(h.to ? { to: maskEmail(h.to) } : {}) });

async function load(req: Request) {
  const ctx = ctxOf(req);
  const campaign = await getCampaign(ctx, param(req.params.id));
  const recipient = await getRecipient(ctx, campaign._id, param(req.params.rid, 'rid'));
  const now = new Date();
  const [history, tz] = await Promise.all([recipientHistory(ctx, recipient, now), tzOffsetOf(ctx)]);
  return { ctx, campaign, recipient, history, tz, now, refusal: resendRefusal(campaign, recipient, now, tz) };
}

export function recipientDetailRoutes(pages: Router, api: Router): void {
  const read = allow('campaigns', 'read');
  const resend = allow('campaigns', 'resend');

  async function renderPage(req: Request, res: Response, error?: string) {
    const { campaign, recipient, history, tz, now, refusal } = await load(req);
    const t = res.locals.t as Translate;
    const canSeeResponses = allowed(req.actor!, 'scores', 'read');
    res.status(error ? 409 : 200).render('pages/campaign-recipient', {
      title: t('campaignRecipient.title', { campaign: campaign.name }),
      campaign: { id: campaign._id, name: campaign.name },
      recipient: { ...masked(recipient), id: recipient._id, siteCode: recipient.siteCode, caseId: recipient.caseId ?? '' },
      status: t(`campaignRecipients.status.${listStatusOf(recipient, now)}`),
      history: history.map((h) => ({
        ...maskedItem(h),
        at: localStamp(h.at, tz),
        label: t(`campaignRecipient.event.${h.kind}`),
        responseLink: h.responseId && canSeeResponses ? `/responses/${h.responseId}` : null,
      })),
      canResend: allowed(req.actor!, 'campaigns', 'resend'),
      resendBlocked: refusal ? resendRuleText(refusal, req.locale) : null,
      error,
    });
  }

  pages.get('/campaigns/:id/recipients/:rid', read, (req, res) => renderPage(req, res));

  pages.post('/campaigns/:id/recipients/:rid/resend', read, resend, async (req, res) => {
    try {
      await resendToRecipient(ctxOf(req), param(req.params.id), param(req.params.rid, 'rid'));
    } catch (err) {
      if (!(err instanceof ResendRefusedError)) throw err;
      return renderPage(req, res, resendRuleText(err, req.locale));
    }
    req.session.flash = { kind: 'ok', text: res.locals.t('campaignRecipient.resendQueued') };
    res.redirect(303, `/campaigns/${param(req.params.id)}/recipients/${param(req.params.rid, 'rid')}`);
  });

  api.get('/campaigns/:id/recipients/:rid', read, async (req, res) => {
    const { recipient, history, now, refusal } = await load(req);
    res.json({
      recipient: {
        id: recipient._id,
        siteCode: recipient.siteCode,
        ...masked(recipient),
        caseId: recipient.caseId ?? null,
        status: listStatusOf(recipient, now),
      },
      history: history.map(maskedItem),
      resend: refusal ? { allowed: false, rule: refusal.rule, text: resendRuleText(refusal, req.locale) } : { allowed: true },
    });
  });

  api.post('/campaigns/:id/recipients/:rid/resend', read, resend, async (req, res) => {
    await resendToRecipient(ctxOf(req), param(req.params.id), param(req.params.rid, 'rid'));
    res.status(202).json({ queued: true });
  });
  // A refused resend also carries its rule in the request's language.
  api.use((err: unknown, req: Request, _res: Response, next: NextFunction) => {
    if (err instanceof ResendRefusedError) err.text = resendRuleText(err, req.locale);
    next(err);
  });
}
