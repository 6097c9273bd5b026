/**
 * Call list pages: the lists with their progress, the planner (every figure of
 * n = z²·p(1−p)/e² with the finite population correction, before anything is
 * drawn), one list with its draw check and masked cases, and its CSV export.
 */
import type { Router } from 'express';
import { AppError } from '../../errors';
import { listSites } from '../../services/accounts/sites';
import { listCases } from '../../services/calls/cases';
import { localStamp, tzOffsetOf } from '../../services/calls/clock';
import { checkDraw } from '../../services/calls/draw';
import { createList, DEFAULT_MAX_ATTEMPTS, getList, listLists, planQuota } from '../../services/calls/lists';
import { listFigures } from '../../services/calls/progress';
import { caseView } from '../../services/calls/views';
import { listTemplates } from '../../services/templates/versions';
import { ctxOf, allow } from '../middleware/auth';
import { param, parse } from '../validate';
import { queryOf } from './access';
import { sendListCsv } from './exportRoute';
import { figureRow } from './format';
import { defaultPeriod } from './period';
import { listCreateSchema, periodQuerySchema, planQuerySchema } from './schema';
import { nameIn } from '../../services/accounts/names';
import { allowed } from '../../services/policy';

/** The planner's figures as shown: e in points and the unrounded n₀ beside the rounded n∞. */
function plannerView(plan: Awaited<ReturnType<typeof planQuota>>) {
  const { z, p, e } = plan.plan;
  const n0 = z !== undefined && p !== undefined && e !== undefined ? ((z * z * p * (1 - p)) / (e * e)).toFixed(2) : undefined;
  return { ...plan.plan, quota: plan.quota, siteCode: plan.site.code, ePoints: e === undefined ? undefined : +(e * 100).toFixed(2), n0 };
}

const PLAN_KEYS = ['siteId', 'from', 'to', 'mode', 'e', 'p', 'z', 'quota'];

export function listPages(pages: Router): void {
  const supervise = allow('calls', 'supervise');
  const manage = allow('calls', 'manage');

  pages.get('/call-lists', supervise, async (req, res) => {
    const ctx = ctxOf(req);
    const period = await defaultPeriod(ctx, parse(periodQuerySchema, queryOf(req)));
    const lists = await listLists(ctx, period);
    const figures = await listFigures(ctx, lists);
    res.render('pages/call-lists', {
      title: res.locals.t('calls.lists.title'),
      period,
      lists: lists.map((l) => ({
        ...figureRow(figures.get(l._id)!),
        id: l._id,
        siteCode: l.siteCode,
        from: l.periodFrom,
        to: l.periodTo,
        quota: l.quota,
        sampleSize: l.sampleSize,
      })),
      canManage: allowed(req.actor!, 'calls', 'manage'),
    });
  });

  pages.get('/call-lists/new', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const [sites, templates, period] = await Promise.all([listSites(ctx), listTemplates(ctx, { channel: 'call' }), defaultPeriod(ctx, {})]);
    const query = Object.fromEntries(Object.entries(queryOf(req)).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const form: Record<string, string> = {
      siteId: '',
      from: period.from,
      to: period.to,
      mode: 'planner',
      e: '0.05',
      p: '0.5',
      z: '1.96',
      quota: '',
      expectedResponseRate: '1',
      maxAttempts: String(DEFAULT_MAX_ATTEMPTS),
      templateId: '',
      ...query,
    };
    let plan: Awaited<ReturnType<typeof planQuota>> | null = null;
    let planError: string | null = null;
    if (query.siteId) {
      try {
        plan = await planQuota(ctx, parse(planQuerySchema, Object.fromEntries(Object.entries(query).filter(([k]) => PLAN_KEYS.includes(k)))));
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
        planError = err.message;
      }
    }
    res.render('pages/call-list-new', {
      title: res.locals.t('calls.plan.title'),
      form,
      planError,
      manual: form.mode === 'manual',
      sites: sites.map((s) => ({ id: s._id, code: s.code, name: nameIn(s, req.locale), selected: s._id === form.siteId })),
      templates: templates
        .filter((tpl) => tpl.publishedVersion !== null)
        .map((tpl) => ({ id: tpl._id, name: tpl.name[req.locale], version: tpl.publishedVersion, selected: tpl._id === form.templateId })),
      plan: plan && plannerView(plan),
      defaultMaxAttempts: DEFAULT_MAX_ATTEMPTS,
    });
  });

  pages.post('/call-lists', manage, async (req, res) => {
    try {
      const list = await createList(ctxOf(req), parse(listCreateSchema, req.body));
      req.session.flash = { kind: 'ok', text: res.locals.t('calls.list.created', { n: list.sampleSize }) };
      res.redirect(303, `/call-lists/${list._id}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      req.session.flash = { kind: 'error', text: err.message };
      // Back to the planner with what was entered, so nothing has to be typed again.
      const { _csrf, ...fields } = req.body as Record<string, string>;
      res.redirect(303, `/call-lists/new?${new URLSearchParams(fields)}`);
    }
  });

  pages.get('/call-lists/:id', supervise, async (req, res) => {
    const ctx = ctxOf(req);
    const list = await getList(ctx, param(req.params.id));
    const [draw, { cases }, figures, tz] = await Promise.all([
      checkDraw(ctx, list._id),
      listCases(ctx, { callListId: list._id }, { page: 1, pageSize: 500 }),
      listFigures(ctx, [list]),
      tzOffsetOf(ctx),
    ]);
    const t = res.locals.t as (k: string) => string;
    res.render('pages/call-list', {
      title: t('calls.list.title'),
      list: {
        ...list,
        drawnAtText: localStamp(list.drawnAt, tz),
        ratePct: Math.round(list.expectedResponseRate * 100),
        hashShort: list.populationHash.slice(0, 16),
      },
      draw,
      figures: figureRow(figures.get(list._id)!),
      cases: cases.map((c) => ({ ...caseView(ctx, c), statusLabel: t(`calls.status.${c.status}`), lastAttempt: localStamp(c.lastAttemptAt, tz) })),
    });
  });
  pages.get('/call-lists/:id/export.csv', supervise, sendListCsv);
}
