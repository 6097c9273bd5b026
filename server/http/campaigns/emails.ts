/**
 * A campaign's invitation and reminder emails: the edit page (save, preview
 * with a sample recipient, a test send to yourself, back to the built-in
 * texts) and the same over JSON. A broken rule is a 400 naming the field, said
 * in the page's language; the preview's HTML is served on its own URL into a
 * sandboxed frame, as the outbox does.
 */
import type { NextFunction, Request, Response, Router } from 'express';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { senderLine, senderOf } from '../../mail/sender';
import { getCampaign } from '../../services/campaigns/campaigns';
import { emailsInForce, sampleMail, saveCampaignEmails, sendTestMails } from '../../services/campaigns/emailSettings';
import {
  EMAIL_KINDS,
  EMAIL_LOCALES,
  EmailTextError,
  emailRuleText,
  LIMITS,
  PLACEHOLDERS,
  validateEmails,
  type CampaignEmails,
  type EmailKind,
} from '../../services/campaigns/emailTexts';
import type { Campaign } from '../../services/campaigns/types';
import { localStamp, tzOffsetOf } from '../../services/localTime';
import { allow, ctxOf } from '../middleware/auth';
import { framedHtml, linkParts, MAIL_HTML_POLICY } from '../outbox/mailView';
import { param, parse } from '../validate';
import { linkBaseUrl } from './baseUrl';
import { campaignEmailsApiSchema, emailFormSchema, emailsOfForm, emailTrialApiSchema } from './emailSchema';

declare module 'express-session' {
  interface SessionData {
    /** The texts last previewed on a campaign's email page, unsaved, for the preview frames. */
    campaignEmailDraft?: { campaignId: string; emails: CampaignEmails };
  }
}

type Translate = (key: string, vars?: Record<string, unknown>) => string;

function formModel(emails: CampaignEmails, t: Translate) {
  return EMAIL_KINDS.map((kind) => ({
    kind,
    label: t(`campaignEmails.kind.${kind}`),
    senderName: { name: `${kind}.senderName`, id: `${kind}-senderName`, value: emails[kind].senderName },
    langs: EMAIL_LOCALES.map((lang) => ({
      label: t(`campaignEmails.language.${lang}`),
      subject: { name: `${kind}.subject.${lang}`, id: `${kind}-subject-${lang}`, value: emails[kind].subject[lang] },
      body: { name: `${kind}.body.${lang}`, id: `${kind}-body-${lang}`, value: emails[kind].body[lang] },
    })),
  }));
}

export function campaignEmailRoutes(pages: Router, api: Router, deps: AppDeps): void {
  const manage = allow('campaigns', 'manage');
  const mailFrom = deps.config.mailFrom;

  async function previewModel(req: Request, t: Translate, campaign: Campaign, emails: CampaignEmails, draft: boolean) {
    const ctx = ctxOf(req);
    const base = linkBaseUrl(deps.config, req);
    return Promise.all(
      EMAIL_KINDS.map(async (kind) => {
        const mail = await sampleMail(ctx, campaign, kind, emails, base, 'zhangsan@example.com');
        return {
          label: t(`campaignEmails.kind.${kind}`),
          from: senderLine(senderOf(mailFrom, mail.fromName)),
          subject: mail.subject,
          textParts: linkParts(mail.text),
          frameSrc: `/campaigns/${campaign._id}/emails/preview/${kind}${draft ? '?draft=1' : ''}`,
        };
      }),
    );
  }

  async function renderPage(
    req: Request,
    response: Response,
    campaign: Campaign,
    opts: { emails?: CampaignEmails; error?: string; note?: string; draft?: boolean },
  ) {
    const t = response.locals.t as Translate;
    const inForce = emailsInForce(campaign);
    const emails = opts.emails ?? inForce.emails;
    const tz = await tzOffsetOf(ctxOf(req));
    response.status(opts.error ? 400 : 200).render('pages/campaign-emails', {
      title: t('campaignEmails.title', { campaign: campaign.name }),
      campaign: { id: campaign._id, name: campaign.name },
      kinds: formModel(emails, t),
      placeholders: PLACEHOLDERS.map((p) => ({ code: `{{${p}}}`, meaning: t(`campaignEmails.placeholder.${p}`) })),
      limits: LIMITS,
      platformSender: senderLine(senderOf(mailFrom)),
      custom: inForce.custom,
      updatedAt: campaign.emailsUpdatedAt ? localStamp(campaign.emailsUpdatedAt, tz) : '',
      error: opts.error,
      note: opts.note,
      preview: opts.error ? null : await previewModel(req, t, campaign, emails, Boolean(opts.draft)),
    });
  }

  pages.get('/campaigns/:id/emails', manage, async (req, response) => {
    await renderPage(req, response, await getCampaign(ctxOf(req), param(req.params.id)), {});
  });

  pages.post('/campaigns/:id/emails', manage, async (req, response) => {
    const ctx = ctxOf(req);
    const campaign = await getCampaign(ctx, param(req.params.id));
    const form = parse(emailFormSchema, req.body ?? {});
    const emails = emailsOfForm(form as Record<string, string>);
    const t = response.locals.t as Translate;
    try {
      if (form.action === 'save' || form.action === 'reset') {
        await saveCampaignEmails(ctx, campaign._id, form.action === 'save' ? emails : null);
        req.session.flash = { kind: 'ok', text: t(form.action === 'save' ? 'campaignEmails.saved' : 'campaignEmails.resetDone') };
        return response.redirect(303, `/campaigns/${campaign._id}/emails`);
      }
      if (form.action === 'test') {
        const to = await sendTestMails(ctx, campaign._id, emails, deps.mailer, linkBaseUrl(deps.config, req));
        return await renderPage(req, response, campaign, { emails, note: t('campaignEmails.testSent', { email: to }) });
      }
      // Preview: the unsaved texts, checked by the same rules, kept for the preview frames.
      const checked = validateEmails(emails);
      req.session.campaignEmailDraft = { campaignId: campaign._id, emails: checked };
      await renderPage(req, response, campaign, { emails, draft: true, note: t('campaignEmails.previewNote') });
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      const text = err instanceof EmailTextError ? emailRuleText(err, req.locale) : err.message;
      await renderPage(req, response, campaign, { emails, error: text });
    }
  });

  pages.get('/campaigns/:id/emails/preview/:kind', manage, async (req, response) => {
    const ctx = ctxOf(req);
    const campaign = await getCampaign(ctx, param(req.params.id));
    const kind = param(req.params.kind, 'kind') as EmailKind;
    if (!EMAIL_KINDS.includes(kind)) throw new AppError(404, 'not_found', 'email kind not found');
    const draft = req.session.campaignEmailDraft;
    const emails = req.query.draft && draft?.campaignId === campaign._id ? draft.emails : emailsInForce(campaign).emails;
    const mail = await sampleMail(ctx, campaign, kind, emails, linkBaseUrl(deps.config, req), 'zhangsan@example.com');
    // Replaces the app's page policy: this document is the mail's own markup, shown only inside the sandboxed frame.
    response
      .set('Content-Security-Policy', MAIL_HTML_POLICY)
      .type('html')
      .send(framedHtml(mail.html ?? ''));
  });

  api.get('/campaigns/:id/emails', manage, async (req, response) => {
    const campaign = await getCampaign(ctxOf(req), param(req.params.id));
    const { emails, custom } = emailsInForce(campaign);
    response.json({ emails, custom, placeholders: PLACEHOLDERS.map((p) => `{{${p}}}`) });
  });
  api.put('/campaigns/:id/emails', manage, async (req, response) => {
    // The campaign first: another enterprise's id is a 404 whatever the body says.
    const campaign = await getCampaign(ctxOf(req), param(req.params.id));
    response.json({ emails: await saveCampaignEmails(ctxOf(req), campaign._id, parse(campaignEmailsApiSchema, req.body)), custom: true });
  });
  api.delete('/campaigns/:id/emails', manage, async (req, response) => {
    response.json({ emails: await saveCampaignEmails(ctxOf(req), param(req.params.id), null), custom: false });
  });
  api.post('/campaigns/:id/emails/preview', manage, async (req, response) => {
    const ctx = ctxOf(req);
    const campaign = await getCampaign(ctx, param(req.params.id));
    const trial = parse(emailTrialApiSchema, req.body ?? {});
    const emails = trial ? validateEmails(trial) : emailsInForce(campaign).emails;
    const base = linkBaseUrl(deps.config, req);
    const mails = await Promise.all(EMAIL_KINDS.map((kind) => sampleMail(ctx, campaign, kind, emails, base, 'zhangsan@example.com')));
    response.json(
      Object.fromEntries(
        mails.map((m, i) => [EMAIL_KINDS[i], { from: senderLine(senderOf(mailFrom, m.fromName)), subject: m.subject, text: m.text, html: m.html }]),
      ),
    );
  });
  api.post('/campaigns/:id/emails/test', manage, async (req, response) => {
    const ctx = ctxOf(req);
    const campaign = await getCampaign(ctx, param(req.params.id));
    const trial = parse(emailTrialApiSchema, req.body ?? {});
    const to = await sendTestMails(ctx, campaign._id, trial ?? emailsInForce(campaign).emails, deps.mailer, linkBaseUrl(deps.config, req));
    response.status(202).json({ sentTo: to, messages: EMAIL_KINDS.length });
  });
  // A broken text rule also carries its text in the request's language.
  api.use((err: unknown, req: Request, _res: Response, next: NextFunction) => {
    if (err instanceof EmailTextError) err.text = emailRuleText(err, req.locale);
    next(err);
  });
}
