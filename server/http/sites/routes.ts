import { Router } from 'express';
import { createSite, getSite, listSites, updateSite } from '../../services/accounts/sites';
import { ctxOf, allow } from '../middleware/auth';
import { flashAndRedirect } from '../pages';
import { param, parse } from '../validate';
import { siteCreateSchema, siteEditFormSchema, siteFormSchema, siteUpdateSchema } from './schema';

export function siteRoutes() {
  const api = Router();
  const pages = Router();

  const read = allow('sites', 'read');
  const manage = allow('sites', 'manage');

  api.get('/sites', read, async (req, res) => res.json({ sites: await listSites(ctxOf(req)) }));
  api.get('/sites/:id', read, async (req, res) => res.json({ site: await getSite(ctxOf(req), param(req.params.id)) }));
  api.post('/sites', manage, async (req, res) => {
    const input = parse(siteCreateSchema, req.body);
    res.status(201).json({ site: await createSite(ctxOf(req), input) });
  });
  api.put('/sites/:id', manage, async (req, res) => {
    const changes = parse(siteUpdateSchema, req.body);
    res.json({ site: await updateSite(ctxOf(req), param(req.params.id), changes) });
  });

  pages.get('/admin/sites', manage, async (req, res) => {
    res.render('pages/sites', { title: res.locals.t('sites.title'), sites: await listSites(ctxOf(req)) });
  });
  pages.post('/admin/sites', manage, async (req, res) => {
    await flashAndRedirect(req, res, '/admin/sites', async () => {
      const site = await createSite(ctxOf(req), parse(siteFormSchema, req.body));
      return `${site.code} ✓`;
    });
  });

  pages.post('/admin/sites/:id', manage, async (req, res) => {
    const site = await getSite(ctxOf(req), param(req.params.id));
    await flashAndRedirect(req, res, '/admin/sites', async () => {
      await updateSite(ctxOf(req), site._id, parse(siteEditFormSchema, req.body));
      return res.locals.t('sites.saved', { code: site.code });
    });
  });

  return { api, pages };
}
