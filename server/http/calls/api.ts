/**
 * The JSON API of follow-up calls, for call-centre systems and scripts: cases
 * in, lists drawn, next case claimed, outcomes recorded, figures out. Phone
 * numbers leave masked; the agent holding a case may reveal its number (audited).
 */
import { Router } from 'express';
import { addCases, caseAttempts, getCase, listCases } from '../../services/calls/cases';
import { claimNext, releaseCase } from '../../services/calls/claims';
import { checkDraw } from '../../services/calls/draw';
import { createList, getList, listLists, planQuota } from '../../services/calls/lists';
import { recordOutcome } from '../../services/calls/outcomes';
import { supervisorReport } from '../../services/calls/progress';
import { caseView, revealCasePhone } from '../../services/calls/views';
import { ctxOf, allow } from '../middleware/auth';
import { param, parse } from '../validate';
import { queryOf } from './access';
import { defaultPeriod } from './period';
import { caseBatchSchema, caseItemSchema, caseQuerySchema, listCreateSchema, nextSchema, outcomeApiSchema, periodQuerySchema, planQuerySchema } from './schema';
import { sendListCsv } from './exportRoute';

export function callApi(): Router {
  const api = Router();
  const manage = allow('calls', 'manage');
  const supervise = allow('calls', 'supervise');
  const work = allow('calls', 'work');
  const caseReaders = allow('calls', 'readCase');

  api.post('/call-cases', manage, async (req, res) => {
    const body = req.body as Record<string, unknown> | undefined;
    const items = body && typeof body === 'object' && 'cases' in body ? parse(caseBatchSchema, body).cases : [parse(caseItemSchema, body)];
    const summary = await addCases(ctxOf(req), items);
    res.status(summary.created ? 201 : 200).json({ created: summary.created, duplicates: summary.duplicates });
  });
  api.get('/call-cases', supervise, async (req, res) => {
    const ctx = ctxOf(req);
    const q = parse(caseQuerySchema, queryOf(req));
    const { page = 1, ...filters } = q;
    const found = await listCases(ctx, filters, { page, pageSize: 100 });
    // A client reads pages until one comes back empty: past the end stays empty here (the page view shows the last page instead).
    res.json({ total: found.total, cases: found.page === page ? found.cases.map((c) => caseView(ctx, c)) : [] });
  });
  // Before /call-cases/:id routes: "next" is not a case id.
  api.post('/call-cases/next', work, async (req, res) => {
    const ctx = ctxOf(req);
    const { callListId } = parse(nextSchema, req.body ?? {});
    const claimed = await claimNext(ctx, { callListId });
    if (!claimed.case) return res.json({ case: null, reason: 'no_case_left', message: 'no case is left to call right now' });
    res.json({ case: caseView(ctx, claimed.case), resumed: claimed.resumed });
  });
  api.get('/call-cases/:id', caseReaders, async (req, res) => {
    const ctx = ctxOf(req);
    res.json({ case: caseView(ctx, await getCase(ctx, param(req.params.id))) });
  });
  // The holder's "show number": the one answer with the whole phone, recorded in the audit log.
  api.post('/call-cases/:id/phone', work, async (req, res) => {
    res.set('Cache-Control', 'no-store').json({ phone: await revealCasePhone(ctxOf(req), param(req.params.id)) });
  });
  api.get('/call-cases/:id/attempts', caseReaders, async (req, res) => {
    res.json({ attempts: await caseAttempts(ctxOf(req), param(req.params.id)) });
  });
  api.post('/call-cases/:id/outcome', work, async (req, res) => {
    const ctx = ctxOf(req);
    // The case first: another enterprise's id is a 404 whatever the body says.
    const found = await getCase(ctx, param(req.params.id));
    const input = parse(outcomeApiSchema, req.body ?? {});
    const result = await recordOutcome(ctx, found._id, { ...input, callbackAt: input.callbackAt ? new Date(input.callbackAt) : undefined }, new Date(), found);
    res.json({ case: caseView(ctx, result.case), attempt: result.attempt });
  });
  api.post('/call-cases/:id/release', work, async (req, res) => {
    const ctx = ctxOf(req);
    res.json({ case: caseView(ctx, await releaseCase(ctx, param(req.params.id))) });
  });

  api.get('/call-lists', supervise, async (req, res) => {
    const q = parse(periodQuerySchema, queryOf(req));
    res.json({ lists: await listLists(ctxOf(req), q) });
  });
  api.get('/call-lists/plan', manage, async (req, res) => {
    const plan = await planQuota(ctxOf(req), parse(planQuerySchema, queryOf(req)));
    res.json({ siteCode: plan.site.code, from: plan.from, to: plan.to, quota: plan.quota, plan: plan.plan });
  });
  api.post('/call-lists', manage, async (req, res) => {
    res.status(201).json({ list: await createList(ctxOf(req), parse(listCreateSchema, req.body ?? {})) });
  });
  api.get('/call-lists/:id', supervise, async (req, res) => {
    res.json({ list: await getList(ctxOf(req), param(req.params.id)) });
  });
  api.get('/call-lists/:id/draw', supervise, async (req, res) => {
    res.json({ draw: await checkDraw(ctxOf(req), param(req.params.id)) });
  });
  api.get('/call-lists/:id/export.csv', supervise, sendListCsv);

  api.get('/calls/report', supervise, async (req, res) => {
    const ctx = ctxOf(req);
    const q = parse(periodQuerySchema, queryOf(req));
    res.json({ report: await supervisorReport(ctx, await defaultPeriod(ctx, q)) });
  });
  return api;
}
