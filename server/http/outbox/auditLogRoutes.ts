import { Router } from 'express';
import { z } from 'zod';
import { parse } from '../validate';
import { pageField } from '../pager';
import { listAudit } from '../../services/auditLog';
import { browseAudit } from '../../services/auditLogBrowse';
import { tzOffsetOf } from '../../services/calls/clock';
import { ctxOf, allow } from '../middleware/auth';
import { pagerView } from '../pager';

/** "2025-03-01 14:05:09" in the enterprise's time zone: entries often come seconds apart. */
function localSeconds(iso: string, tzOffsetMinutes: number): string {
  return new Date(Date.parse(iso) + tzOffsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

const blankIsAbsent = (v: unknown) => (v === '' ? undefined : v);

export const auditLogQuery = z.object({
  page: pageField,
  action: z.preprocess(
    blankIsAbsent,
    z
      .string()
      .regex(/^[A-Za-z][A-Za-z.]{0,79}$/, 'must be an action code such as campaign.create')
      .optional(),
  ),
});

/** The enterprise's audit log: the raw entries for API clients, a readable page for people. */
export function auditLogRoutes() {
  const api = Router();
  const pages = Router();
  const audit = allow('auditLog', 'read');

  api.get('/audit-log', audit, async (req, res) => res.json({ entries: await listAudit(ctxOf(req)) }));

  pages.get('/admin/audit-log', audit, async (req, res) => {
    const q = parse(auditLogQuery, req.query);
    const ctx = ctxOf(req);
    const log = await browseAudit(ctx, req.locale, { ...q, page: q.page ?? 1 });
    const tz = await tzOffsetOf(ctx);
    const t = res.locals.t as (key: string, vars?: Record<string, unknown>) => string;
    // A code recorded by a newer version than the catalogues know still shows, as itself.
    const actionText = (code: string) => {
      const key = `auditLog.action.${code}`;
      const text = t(key);
      return text === key ? code : text;
    };
    const rows = log.rows.map((r) => ({
      ...r,
      when: localSeconds(r.at, tz),
      actionText: actionText(r.action),
      roleText: t(`role.${r.actorRole}`),
      targetText: t(`auditLog.target.${r.target.kind}`, { name: r.target.name }),
    }));
    res.render('pages/audit-log', {
      title: res.locals.t('auditLog.title'),
      ...log,
      rows,
      actions: log.actions.map((code) => ({ code, text: actionText(code), selected: code === q.action })),
      action: q.action ?? '',
      pager: pagerView(log, '/admin/audit-log', { action: q.action }),
    });
  });
  return { api, pages };
}
