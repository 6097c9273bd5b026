/** The visits JSON API: plans, the shopper pool, assignment, reports, review and pass rates. */
import { Router } from 'express';
import { z } from 'zod';
import { getPlan, getVisit, listVisits } from '../../services/visits/access';
import { acceptVisit, assignVisit, autoAssign, declineVisit } from '../../services/visits/assignment';
import { listEvidence } from '../../services/visits/evidence';
import { visitHistory } from '../../services/visits/history';
import { passRates } from '../../services/visits/passRates';
import { createPlan, listPlans, planVisits } from '../../services/visits/plans';
import { saveDraft, submitReport } from '../../services/visits/report';
import { approveVisit, correctAnswer, returnVisit } from '../../services/visits/review';
import { getShopper, listPool, updateProfile } from '../../services/visits/shoppers';
import { ctxOf, allow } from '../middleware/auth';
import { param, parse } from '../validate';
import { assignSchema, correctionSchema, declineSchema, periodQuery, planSchema, profileSchema, reportSchema, returnSchema } from './schema';

const listQuery = z
  .object({ state: z.enum(['open', 'assigned', 'accepted', 'submitted', 'returned', 'approved']).optional(), planId: z.string().max(100).optional() })
  .strict();

export function visitApi(): Router {
  const api = Router();
  const manage = allow('visits', 'manage');

  api.get('/visit-plans', manage, async (req, res) => res.json({ plans: await listPlans(ctxOf(req)) }));
  api.post('/visit-plans', manage, async (req, res) => res.status(201).json({ plan: await createPlan(ctxOf(req), parse(planSchema, req.body)) }));
  api.get('/visit-plans/:id', manage, async (req, res) => {
    const plan = await getPlan(ctxOf(req), param(req.params.id));
    res.json({ plan, visits: await planVisits(ctxOf(req), plan._id) });
  });
  api.post('/visit-plans/:id/auto-assign', manage, async (req, res) => res.json(await autoAssign(ctxOf(req), param(req.params.id))));

  api.get('/shoppers', manage, async (req, res) => res.json({ shoppers: await listPool(ctxOf(req)) }));
  api.put('/shoppers/:id', manage, async (req, res) => {
    const shopper = await getShopper(ctxOf(req), param(req.params.id));
    const { regions, availability } = parse(profileSchema, req.body);
    res.json({ profile: await updateProfile(ctxOf(req), shopper._id, { regions, availability }) });
  });

  api.get('/visits', async (req, res) => res.json({ visits: await listVisits(ctxOf(req), parse(listQuery, req.query)) }));
  api.get('/visits/:id', async (req, res) => {
    const visit = await getVisit(ctxOf(req), param(req.params.id), 'read');
    res.json({ visit, evidence: await listEvidence(ctxOf(req), visit._id) });
  });
  api.get('/visits/:id/history', async (req, res) => {
    const visit = await getVisit(ctxOf(req), param(req.params.id), 'review');
    res.json({ history: await visitHistory(ctxOf(req), visit._id) });
  });
  // Each :id route finds the visit before reading the body: another enterprise's id is a 404, not a 400.
  api.post('/visits/:id/assign', async (req, res) => {
    const visit = await getVisit(ctxOf(req), param(req.params.id), 'manage');
    res.json({ visit: await assignVisit(ctxOf(req), visit._id, parse(assignSchema, req.body).shopperId) });
  });
  api.post('/visits/:id/accept', async (req, res) => res.json({ visit: await acceptVisit(ctxOf(req), param(req.params.id)) }));
  api.post('/visits/:id/decline', async (req, res) => {
    const visit = await getVisit(ctxOf(req), param(req.params.id), 'work');
    res.json({ visit: await declineVisit(ctxOf(req), visit._id, parse(declineSchema, req.body ?? {}).reason) });
  });
  api.put('/visits/:id/draft', async (req, res) => {
    const visit = await getVisit(ctxOf(req), param(req.params.id), 'work');
    res.json({ visit: await saveDraft(ctxOf(req), visit._id, parse(reportSchema, req.body)) });
  });
  api.post('/visits/:id/submit', async (req, res) => {
    const visit = await getVisit(ctxOf(req), param(req.params.id), 'work');
    const result = await submitReport(ctxOf(req), visit._id, parse(reportSchema, req.body), visit);
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    res.json({ visit: result.visit, replayed: result.replayed });
  });
  api.post('/visits/:id/approve', async (req, res) => res.json({ visit: await approveVisit(ctxOf(req), param(req.params.id)) }));
  api.post('/visits/:id/return', async (req, res) => {
    const visit = await getVisit(ctxOf(req), param(req.params.id), 'review');
    res.json({ visit: await returnVisit(ctxOf(req), visit._id, parse(returnSchema, req.body).comments) });
  });
  api.post('/visits/:id/correct', async (req, res) => {
    const visit = await getVisit(ctxOf(req), param(req.params.id), 'review');
    const { questionId, value, reason } = parse(correctionSchema, req.body);
    res.json({ visit: await correctAnswer(ctxOf(req), visit._id, { questionId, value, reason }) });
  });

  api.get('/visit-reports/pass-rates', allow('scores', 'read'), async (req, res) => {
    const { from, to } = parse(periodQuery, req.query);
    res.json(await passRates(ctxOf(req), { from, to }));
  });
  return api;
}
