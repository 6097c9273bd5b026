/**
 * The shopper's brief: planners write it on the plan page or over the API;
 * whoever may read a visit reads its brief (its scenario, fee and address).
 * A refused page form comes back with what was typed and the rule it broke.
 */
import type { Router } from 'express';
import { AppError } from '../../errors';
import { nameIn } from '../../services/accounts/names';
import { getSite } from '../../services/accounts/sites';
import { getPlan, getVisit } from '../../services/visits/access';
import { feeOf, scenarioOf, setPlanBrief } from '../../services/visits/brief';
import { ctxOf, allow } from '../middleware/auth';
import { param } from '../validate';
import { briefFromForm, parseBrief } from './briefSchema';
import { addressView } from './briefView';
import { renderPlan } from './planPages';

export function briefPages(pages: Router): void {
  pages.post('/visit-plans/:id/brief', allow('visits', 'manage'), async (req, res) => {
    const ctx = ctxOf(req);
    const plan = await getPlan(ctx, param(req.params.id));
    const posted = req.body as Record<string, unknown>;
    try {
      await setPlanBrief(ctx, plan._id, parseBrief(briefFromForm(posted), req.locale));
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      return renderPlan(req, res, plan, { posted, error: err.message });
    }
    req.session.flash = { kind: 'ok', text: res.locals.t('visitBrief.saved') };
    res.redirect(303, `/visit-plans/${plan._id}#brief`);
  });
}

export function briefApi(api: Router): void {
  api.put('/visit-plans/:id/brief', allow('visits', 'manage'), async (req, res) => {
    const ctx = ctxOf(req);
    const plan = await getPlan(ctx, param(req.params.id));
    const saved = await setPlanBrief(ctx, plan._id, parseBrief(req.body));
    res.json({ brief: saved.brief });
  });
  // The visit first: a shopper reads only the brief of a visit assigned to them.
  api.get('/visits/:id/brief', async (req, res) => {
    const ctx = ctxOf(req);
    const visit = await getVisit(ctx, param(req.params.id), 'read');
    const plan = await getPlan(ctx, visit.planId);
    const site = await getSite(ctx, visit.siteId);
    res.json({
      scenario: scenarioOf(plan, visit) ?? null,
      feeFen: feeOf(plan, visit) ?? null,
      site: {
        code: site.code,
        name: nameIn(site, req.locale),
        city: site.city,
        address: site.address ?? null,
        maps: addressView(site, 'en').maps.map((m) => m.href),
      },
    });
  });
}
