/** Archive, restore and delete from the template list; each says what happened, once, in the page language. */
import type { Request, Response, Router } from 'express';
import { AppError, ConflictError } from '../../errors';
import { archiveTemplate, deleteUnpublishedTemplate, restoreTemplate } from '../../services/templates/lifecycle';
import { getTemplate, type Template } from '../../services/templates/versions';
import type { RequestHandler } from 'express';
import { ctxOf } from '../middleware/auth';
import { param } from '../validate';

type Change = (template: Template) => Promise<string>;

/** Runs one change on the template named in the URL and returns to the list with its message; another enterprise's id stays a 404. */
async function changeThenList(req: Request, res: Response, change: Change): Promise<void> {
  const template = await getTemplate(ctxOf(req), param(req.params.id));
  const name = template.name[req.locale] || template.name['zh-CN'];
  try {
    req.session.flash = { kind: 'ok', text: await change(template) };
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    const refused = err instanceof ConflictError && err.code === 'template_published';
    req.session.flash = { kind: 'error', text: res.locals.t(refused ? 'templateLifecycle.deleteRefused' : 'templateLifecycle.changed', { name }) };
  }
  res.redirect(303, '/templates');
}

export function lifecyclePages(pages: Router, manage: RequestHandler): void {
  const nameOf = (req: Request, t: Template) => t.name[req.locale] || t.name['zh-CN'];
  pages.post('/templates/:id/archive', manage, (req, res) =>
    changeThenList(req, res, async (t) => {
      await archiveTemplate(ctxOf(req), t._id);
      return res.locals.t('templateLifecycle.archived', { name: nameOf(req, t) });
    }),
  );
  pages.post('/templates/:id/restore', manage, (req, res) =>
    changeThenList(req, res, async (t) => {
      await restoreTemplate(ctxOf(req), t._id);
      return res.locals.t('templateLifecycle.restored', { name: nameOf(req, t) });
    }),
  );
  pages.post('/templates/:id/delete', manage, (req, res) =>
    changeThenList(req, res, async (t) => {
      await deleteUnpublishedTemplate(ctxOf(req), t._id);
      return res.locals.t('templateLifecycle.deleted', { name: nameOf(req, t) });
    }),
  );
}
