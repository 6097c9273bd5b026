import { Router } from 'express';
import { param } from '../validate';
import { NotFoundError } from '../../errors';
import type { Mailer } from '../../mail/transport';
import { tzOffsetOf } from '../../services/calls/clock';
import { ctxOf, allow } from '../middleware/auth';
import { dashboardHelpers } from '../dashboard/helpers';
import { auditLogRoutes } from './auditLogRoutes';
import { framedHtml, linkParts, MAIL_HTML_POLICY } from './mailView';

/** The outbox (emails kept when SMTP is not configured) and the audit log: read-only admin views. */
export function outboxAndAuditRoutes(mailer: Mailer) {
  const api = Router();
  const pages = Router();
  const outbox = allow('outbox', 'read');
  const enterpriseOf = (req: Parameters<typeof ctxOf>[0]) => ctxOf(req).actor.enterpriseId;

  api.get('/outbox', outbox, async (req, res) => res.json({ kind: mailer.kind, messages: await mailer.listOutbox(enterpriseOf(req)) }));
  api.get('/outbox/:id', outbox, async (req, res) => {
    const eml = await mailer.readOutbox(enterpriseOf(req), param(req.params.id));
    if (!eml) throw new NotFoundError('message');
    res.type('message/rfc822').send(eml);
  });

  pages.get('/admin/outbox', outbox, async (req, res) => {
    const messages = await mailer.listOutbox(enterpriseOf(req));
    const tz = await tzOffsetOf(ctxOf(req));
    res.render('pages/outbox', { title: res.locals.t('outbox.title'), messages, tz, isOutbox: mailer.kind === 'outbox', helpers: dashboardHelpers });
  });
  pages.get('/admin/outbox/:id', outbox, async (req, res) => {
    const found = await mailer.readOutboxMessage(enterpriseOf(req), param(req.params.id));
    if (!found) throw new NotFoundError('message');
    const { entry, message } = found;
    res.render('pages/outbox-message', {
      title: entry.subject,
      entry,
      message,
      textParts: message ? linkParts(message.text) : [],
      tz: await tzOffsetOf(ctxOf(req)),
      helpers: dashboardHelpers,
    });
  });
  pages.get('/admin/outbox/:id/html', outbox, async (req, res) => {
    const found = await mailer.readOutboxMessage(enterpriseOf(req), param(req.params.id));
    if (!found?.message?.html) throw new NotFoundError('message');
    // Replaces the app's page policy: this document is the message's own markup, shown only inside the sandboxed frame.
    res.set('Content-Security-Policy', MAIL_HTML_POLICY).type('html').send(framedHtml(found.message.html));
  });
  pages.get('/admin/outbox/:id/raw', outbox, async (req, res) => {
    const id = param(req.params.id);
    const eml = await mailer.readOutbox(enterpriseOf(req), id);
    if (!eml) throw new NotFoundError('message');
    res.type('message/rfc822').attachment(`${id}.eml`).send(eml);
  });

  const log = auditLogRoutes();
  api.use(log.api);
  pages.use(log.pages);
  return { api, pages };
}
