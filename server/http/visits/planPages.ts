/** Pages for planners (enterprise admins): plans, assignment, the shopper pool; and the pass-rate report. */
import type { Request, Response, Router } from 'express';
import { AppError } from '../../errors';
import type { Locale } from '../../i18n';
import { getSite, listSites } from '../../services/accounts/sites';
import { scenarioOf } from '../../services/visits/brief';
import { getPlan, getVisit } from '../../services/visits/access';
import { assignVisit, autoAssign } from '../../services/visits/assignment';
import { passRates } from '../../services/visits/passRates';
import { createPlan, listPlans, planProgress, planVisits } from '../../services/visits/plans';
import { getShopper, listPool, siteCities, updateProfile } from '../../services/visits/shoppers';
import { SLOTS, type VisitPlan } from '../../services/visits/types';
import { listTemplates } from '../../services/templates/versions';
import { ctxOf, allow } from '../middleware/auth';
import { flashAndRedirect } from '../pages';
import { param, parse } from '../validate';
import { visitDisplayNames } from '../../services/visits/names';
import { namesIn } from '../placeNames';
import { assignSchema, periodQuery, planFormSchema, profileSchema } from './schema';
import { planBriefView, scenarioView } from './briefView';
import { slotLabel, stateLabel, visitRow } from './views';

const slotChoices = (locale: Locale, chosen: readonly string[] = []) =>
  SLOTS.map((s) => ({ value: s, label: slotLabel(locale, s), checked: chosen.includes(s) }));

/** One plan: its facts, the shopper's brief (with the refused form when a save failed), and its visits. */
export async function renderPlan(req: Request, res: Response, plan: VisitPlan, refusedBrief?: { posted: Record<string, unknown>; error: string }) {
  const ctx = ctxOf(req);
  const names = await visitDisplayNames(ctx, req.locale);
  const pool = await listPool(ctx);
  const site = await getSite(ctx, plan.siteId);
  res.status(refusedBrief ? 400 : 200).render('pages/visit-plan', {
    title: plan.name,
    plan: { ...plan, site: names.get(plan.siteId), slotLabels: plan.slots.map((s) => slotLabel(req.locale, s)).join('、') },
    brief: { ...planBriefView(plan, site, req.locale, refusedBrief?.posted), planId: plan._id, error: refusedBrief?.error },
    visits: (await planVisits(ctx, plan._id)).map((v) => ({
      ...visitRow(req.locale, v, names),
      open: v.state === 'open',
      visitType: scenarioView(scenarioOf(plan, v), req.locale)?.typeLabel,
    })),
    shoppers: pool.map((s) => ({ id: s.id, name: s.name })),
  });
}

export function planPages(pages: Router): void {
  const manage = allow('visits', 'manage');

  pages.get('/visit-plans', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const plans = await listPlans(ctx);
    const progress = await planProgress(
      ctx,
      plans.map((p) => p._id),
    );
    const names = await visitDisplayNames(ctx, req.locale);
    const templates = (await listTemplates(ctx, { channel: 'mystery' })).filter((t) => t.publishedVersion !== null);
    res.render('pages/visit-plans', {
      title: res.locals.t('visits.plans.title'),
      plans: plans.map((p) => ({
        id: p._id,
        name: p.name,
        site: names.get(p.siteId),
        window: `${p.from} – ${p.to}`,
        visits: p.visits,
        revisitDays: p.revisitDays,
        progress: Object.entries(progress.get(p._id) ?? {})
          .map(([state, n]) => `${stateLabel(req.locale, state as never)} ${n}`)
          .join(' · '),
      })),
      sites: namesIn(await listSites(ctx), req.locale),
      templates: templates.map((t) => ({ id: t._id, name: t.name[req.locale] || t.name['zh-CN'], version: t.publishedVersion })),
      slots: slotChoices(req.locale, ['weekday-morning', 'weekday-afternoon', 'weekend-afternoon']),
    });
  });
  pages.post('/visit-plans', manage, async (req, res) => {
    try {
      const { _csrf, ...input } = parse(planFormSchema, req.body);
      const plan = await createPlan(ctxOf(req), input);
      req.session.flash = { kind: 'ok', text: res.locals.t('visits.plans.created', { name: plan.name }) };
      res.redirect(303, `/visit-plans/${plan._id}`);
    } catch (err) {
      // A refused plan comes back to the list with the rule it broke.
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      req.session.flash = { kind: 'error', text: err.message };
      res.redirect(303, '/visit-plans');
    }
  });

  pages.get('/visit-plans/:id', manage, async (req, res) => {
    await renderPlan(req, res, await getPlan(ctxOf(req), param(req.params.id)));
  });
  pages.post('/visit-plans/:id/auto-assign', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const plan = await getPlan(ctx, param(req.params.id));
    await flashAndRedirect(req, res, `/visit-plans/${plan._id}`, async () => {
      const result = await autoAssign(ctx, plan._id);
      return res.locals.t('visits.plans.autoAssigned', { assigned: result.assigned.length, open: result.unassigned.length });
    });
  });
  pages.post('/visits/:id/assign', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const visit = await getVisit(ctx, param(req.params.id), 'manage');
    await flashAndRedirect(req, res, `/visit-plans/${visit.planId}`, async () => {
      const { shopperId } = parse(assignSchema, req.body);
      const assigned = await assignVisit(ctx, visit._id, shopperId);
      return res.locals.t('visits.plans.assigned', { seq: assigned.seq });
    });
  });

  pages.get('/shoppers', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const cities = await siteCities(ctx);
    res.render('pages/visit-shoppers', {
      title: res.locals.t('visits.shoppers.title'),
      shoppers: (await listPool(ctx)).map((s) => ({
        ...s,
        cities: cities.map((c) => ({ value: c, checked: s.regions.includes(c) })),
        slots: slotChoices(req.locale, s.availability),
      })),
    });
  });
  pages.post('/shoppers/:id', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const shopper = await getShopper(ctx, param(req.params.id));
    await flashAndRedirect(req, res, '/shoppers', async () => {
      const { regions, availability } = parse(profileSchema, req.body);
      await updateProfile(ctx, shopper._id, { regions, availability });
      return res.locals.t('visits.shoppers.saved', { name: shopper.name });
    });
  });

  pages.get('/visit-reports/pass-rates', allow('scores', 'read'), async (req, res) => {
    const ctx = ctxOf(req);
    const period = parse(periodQuery, req.query);
    const report = await passRates(ctx, { from: period.from, to: period.to });
    const fmt = (n: number | undefined) => (n === undefined ? '—' : n.toFixed(1));
    res.render('pages/visit-pass-rates', {
      title: res.locals.t('visits.rates.title'),
      period,
      // What the table covers, in words: an open period (blank dates) means every approved visit so far.
      covers: report.visitDates
        ? res.locals.t(period.from || period.to ? 'visits.rates.coversRange' : 'visits.rates.coversAll', {
            from: period.from ?? report.visitDates.first,
            to: period.to ?? report.visitDates.last,
            n: report.sites.reduce((sum, s) => sum + s.visits, 0),
          })
        : res.locals.t('visits.rates.empty'),
      sites: namesIn(report.sites, req.locale).map((s) => ({ ...s, meanScore: fmt(s.meanScore) })),
      items: report.items.map((item) => ({
        prompt: item.prompt[req.locale] || item.prompt['zh-CN'],
        critical: item.critical,
        cells: report.sites.map((s) => {
          const c = item.sites[s.siteId];
          return { rate: fmt(c?.rate), n: c ? c.yes + c.no : 0, low: c?.rate !== undefined && c.rate < 80 };
        }),
      })),
    });
  });
}
