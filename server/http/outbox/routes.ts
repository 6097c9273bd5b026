import { Router } from 'express';
import { param } from '../validate';
import { NotFoundError } from '../../errors';
import type { Mailer } from '../../mail/transport';
import { listAudit } from '../../services/auditLog';
import { ctxOf, requirePermission } from '../middleware/auth';

/** The outbox (emails kept when SMTP is not configured) and the audit log: read-only admin views. */
export function outboxAndAuditRoutes(mailer: Mailer) {
  const api = Router();
  const pages = Router();
  const outbox = requirePermission('outbox.read');
  const audit = requirePermission('auditLog.read');

  api.get('/outbox', outbox, async (req, res) => res.json({ kind: mailer.kind, messages: await mailer.listOutbox(ctxOf(req).actor.enterpriseId) }));
  api.get('/outbox/:id', outbox, async (req, res) => {
    const eml = await mailer.readOutbox(ctxOf(req).actor.enterpriseId, param(req.params.id));
    if (!eml) throw new NotFoundError('message');
    res.type('message/rfc822').send(eml);
  });
  api.get('/audit-log', audit, async (req, res) => res.json({ entries: await listAudit(ctxOf(req)) }));

  pages.get('/admin/outbox', outbox, async (req, res) => {
    const messages = await mailer.listOutbox(ctxOf(req).actor.enterpriseId);
    res.render('pages/outbox', { title: res.locals.t('outbox.title'), messages, isOutbox: mailer.kind === 'outbox' });
  });
  pages.get('/admin/outbox/:id', outbox, async (req, res) => {
    const eml = await mailer.readOutbox(ctxOf(req).actor.enterpriseId, param(req.params.id));
    if (!eml) throw new NotFoundError('message');
    res.type('text/plain; charset=utf-8').send(eml);
  });
  pages.get('/admin/audit-log', audit, async (req, res) => {
    res.render('pages/audit-log', { title: res.locals.t('auditLog.title'), entries: await listAudit(ctxOf(req)) });
  });
  return { api, pages };
}
