/**
 * Audits API: plan audits, enter results per site and indicator, read the
 * projection, and the certification timeline. Routes with an audit id load
 * the audit before anything else, so another enterprise's audit is a 404
 * whatever the body or the caller's role.
 */
import { Router } from 'express';
import { ValidationError } from '../../errors';
import { addDeduction, removeDeduction, setBonus } from '../../services/audits/adjustments';
import { createAudit, listAudits, updateAudit } from '../../services/audits/audits';
import { saveSiteResults, setEntry } from '../../services/audits/entries';
import { listAdjustments, listEntries } from '../../services/audits/recorded';
import { auditProjection } from '../../services/audits/projection';
import { changeStatus } from '../../services/audits/status';
import { getTimeline, recordStage } from '../../services/audits/timeline';
import { allow, ctxOf } from '../middleware/auth';
import { param, parse } from '../validate';
import { withAudit, auditOf } from './load';
import { auditPages } from './pages';
import { namesIn } from '../placeNames';
import { auditCreateSchema, auditUpdateSchema, bonusSchema, deductionSchema, entrySchema, siteEntriesSchema, stageSchema } from './schema';

export function auditRoutes() {
  const api = Router();
  const read = withAudit('read');
  const enter = withAudit('enter');
  const plan = withAudit('plan');

  api.get('/audits', allow('audits', 'read'), async (req, res) => res.json({ audits: await listAudits(ctxOf(req)) }));
  api.post('/audits', allow('audits', 'plan'), async (req, res) => {
    res.status(201).json({ audit: await createAudit(ctxOf(req), parse(auditCreateSchema, req.body)) });
  });
  api.get('/audits/:id', read, async (req, res) => {
    const audit = auditOf(res);
    const [entries, adjustments] = await Promise.all([listEntries(ctxOf(req), audit._id), listAdjustments(ctxOf(req), audit._id)]);
    res.json({ audit, entries, adjustments });
  });
  api.put('/audits/:id', plan, async (req, res) => {
    const { status, ...changes } = parse(auditUpdateSchema, req.body);
    // One change per request, so a refused status move never leaves the dates half-applied.
    if (status && Object.values(changes).some((v) => v !== undefined)) {
      throw new ValidationError('status: change the status on its own, without other fields in the same request', 'status');
    }
    const ctx = ctxOf(req);
    res.json({ audit: status ? await changeStatus(ctx, auditOf(res)._id, status) : await updateAudit(ctx, auditOf(res)._id, changes) });
  });
  api.get('/audits/:id/projection', read, async (req, res) => res.json(namesIn(await auditProjection(ctxOf(req), auditOf(res)._id), req.locale)));

  api.put('/audits/:id/sites/:siteId/entries', enter, async (req, res) => {
    const { entries, bonus } = parse(siteEntriesSchema, req.body);
    const changes = entries.map(({ code, rev, status, ...rest }) => ({ code, rev, entry: status === null ? null : { status, ...rest } }));
    const result = await saveSiteResults(
      ctxOf(req),
      auditOf(res)._id,
      param(req.params.siteId, 'siteId'),
      changes,
      bonus === undefined ? undefined : { input: bonus },
    );
    res.json(result);
  });
  api.put('/audits/:id/sites/:siteId/indicators/:code', enter, async (req, res) => {
    const { rev, ...entry } = parse(entrySchema, req.body);
    const siteId = param(req.params.siteId, 'siteId');
    res.json({ entry: await setEntry(ctxOf(req), auditOf(res)._id, siteId, param(req.params.code, 'code'), entry, rev) });
  });
  api.delete('/audits/:id/sites/:siteId/indicators/:code', enter, async (req, res) => {
    await setEntry(ctxOf(req), auditOf(res)._id, param(req.params.siteId, 'siteId'), param(req.params.code, 'code'), null);
    res.status(204).end();
  });
  api.put('/audits/:id/sites/:siteId/bonus', enter, async (req, res) => {
    res.json({ bonus: await setBonus(ctxOf(req), auditOf(res)._id, param(req.params.siteId, 'siteId'), parse(bonusSchema, req.body)) });
  });
  api.delete('/audits/:id/sites/:siteId/bonus', enter, async (req, res) => {
    await setBonus(ctxOf(req), auditOf(res)._id, param(req.params.siteId, 'siteId'), null);
    res.status(204).end();
  });
  api.post('/audits/:id/sites/:siteId/deductions', enter, async (req, res) => {
    const input = parse(deductionSchema, req.body);
    // The service checks the key's form and names the header in its 400.
    const { deduction, replayed } = await addDeduction(ctxOf(req), auditOf(res)._id, param(req.params.siteId, 'siteId'), input, req.get('idempotency-key'));
    if (replayed) res.set('Idempotent-Replayed', 'true');
    res.status(replayed ? 200 : 201).json({ deduction });
  });
  api.delete('/audits/:id/sites/:siteId/deductions/:deductionId', enter, async (req, res) => {
    await removeDeduction(ctxOf(req), auditOf(res)._id, param(req.params.siteId, 'siteId'), param(req.params.deductionId, 'deductionId'));
    res.status(204).end();
  });

  api.get('/certification', allow('certification', 'read'), async (req, res) => res.json({ timeline: await getTimeline(ctxOf(req)) }));
  api.put('/certification/stages/:stage', allow('certification', 'record'), async (req, res) => {
    res.json({ timeline: await recordStage(ctxOf(req), param(req.params.stage, 'stage'), parse(stageSchema, req.body)) });
  });

  return { api, pages: auditPages() };
}
