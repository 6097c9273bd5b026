/**
 * Audit pages (zh-CN first, ?lang=en): the list with the certification
 * timeline, the auditor's entry page and the projection page. Every form
 * works without JavaScript and posts its CSRF token.
 */
import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors';
import { addDeduction, removeDeduction } from '../../services/audits/adjustments';
import { createAudit, listAudits, siteInScope } from '../../services/audits/audits';
import { auditProjection, scoringCatalogue } from '../../services/audits/projection';
import { changeStatus } from '../../services/audits/status';
import { getTimeline, RECORDED_STAGES, RECORDED_STATUSES, recordStage } from '../../services/audits/timeline';
import { AUDIT_KINDS, AUDIT_STATUSES } from '../../services/audits/types';
import { allowed } from '../../services/policy';
import { getProject } from '../../services/scores/projects';
import { ctxOf, allow } from '../middleware/auth';
import { flashAndRedirect } from '../pages';
import { param, parse } from '../validate';
import { renderEntry, saveSite } from './entryPage';
import { auditOf, withAudit } from './load';
import { projectionView } from './projectionView';
import { timelineView } from './timelineView';

const blank = z
  .string()
  .max(2000)
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));
const form = <T extends z.ZodRawShape>(shape: T) => z.object({ _csrf: z.string().optional(), ...shape }).strict();
const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { message: `must be one of ${values.join(', ')}` });

const createForm = form({ kind: oneOf(AUDIT_KINDS), plannedDate: z.string().max(10), evidenceFrom: blank, evidenceTo: blank, note: blank });
const stageForm = form({ stage: z.string().max(40), status: oneOf(RECORDED_STATUSES), date: blank, note: blank });
const statusForm = form({ status: oneOf(AUDIT_STATUSES) });
const deductionForm = form({ reason: z.string().max(1000), evidence: blank, requestId: z.string().max(100) });

export function auditPages() {
  const pages = Router();
  const plan = allow('audits', 'plan');
  const record = allow('certification', 'record');

  pages.get('/audits', allow('audits', 'read'), async (req, res) => {
    const ctx = ctxOf(req);
    const t = res.locals.t;
    const [audits, timeline] = await Promise.all([listAudits(ctx), getTimeline(ctx)]);
    res.render('pages/audits', {
      title: t('audits.title'),
      canEnter: allowed(req.actor!, 'audits', 'enter'),
      canPlan: allowed(req.actor!, 'audits', 'plan'),
      canRecord: allowed(req.actor!, 'certification', 'record'),
      timeline: timelineView(timeline, t),
      audits: audits.map((a) => ({
        id: a._id,
        kind: t(`audits.kind.${a.kind}`),
        plannedDate: a.plannedDate,
        status: t(`audits.auditStatus.${a.status}`),
        statusCss: a.status,
        period: `${a.evidenceFrom} – ${a.evidenceTo}`,
      })),
      kinds: AUDIT_KINDS.map((k) => ({ value: k, label: t(`audits.kind.${k}`) })),
      stages: RECORDED_STAGES.map((s) => ({ value: s, label: t(`audits.stage.${s}`) })),
      stageStatuses: RECORDED_STATUSES.map((s) => ({ value: s, label: t(`audits.stageStatus.${s}`) })),
    });
  });
  pages.post('/audits', plan, async (req, res) => {
    try {
      const audit = await createAudit(ctxOf(req), parse(createForm, req.body));
      req.session.flash = { kind: 'ok', text: res.locals.t('audits.created') };
      res.redirect(303, `/audits/${audit._id}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      req.session.flash = { kind: 'error', text: err.message };
      res.redirect(303, '/audits');
    }
  });
  pages.post('/certification/stages', record, async (req, res) => {
    await flashAndRedirect(req, res, '/audits', async () => {
      const { stage, _csrf, ...input } = parse(stageForm, req.body);
      await recordStage(ctxOf(req), stage, input);
      return res.locals.t('audits.stageRecorded');
    });
  });

  pages.get('/audits/:id', withAudit('read'), (req, res) => renderEntry(req, res));
  pages.post('/audits/:id/sites/:siteId', withAudit('enter'), saveSite);
  pages.post('/audits/:id/status', withAudit('plan'), async (req, res) => {
    await flashAndRedirect(req, res, `/audits/${auditOf(res)._id}`, async () => {
      await changeStatus(ctxOf(req), auditOf(res)._id, parse(statusForm, req.body).status);
      return res.locals.t('audits.statusChanged');
    });
  });
  // The site is found before anything is flashed: one the caller cannot see is a 404, as in the API.
  pages.post('/audits/:id/sites/:siteId/deductions', withAudit('enter'), async (req, res) => {
    const siteId = (await siteInScope(ctxOf(req), auditOf(res), param(req.params.siteId, 'siteId')))._id;
    await flashAndRedirect(req, res, `/audits/${auditOf(res)._id}?site=${encodeURIComponent(siteId)}#deductions`, async () => {
      const { requestId, evidence, reason } = parse(deductionForm, req.body);
      // The form's request id makes a re-posted form (double click, retry) count once.
      await addDeduction(ctxOf(req), auditOf(res)._id, siteId, { reason, evidence }, requestId);
      return res.locals.t('audits.deductions.added');
    });
  });
  pages.post('/audits/:id/sites/:siteId/deductions/:deductionId/delete', withAudit('enter'), async (req, res) => {
    const siteId = (await siteInScope(ctxOf(req), auditOf(res), param(req.params.siteId, 'siteId')))._id;
    await flashAndRedirect(req, res, `/audits/${auditOf(res)._id}?site=${encodeURIComponent(siteId)}#deductions`, async () => {
      await removeDeduction(ctxOf(req), auditOf(res)._id, siteId, param(req.params.deductionId, 'deductionId'));
      return res.locals.t('audits.deductions.removed');
    });
  });

  pages.get('/audits/:id/projection', withAudit('read'), async (req, res) => {
    const ctx = ctxOf(req);
    const audit = auditOf(res);
    const projection = await auditProjection(ctx, audit._id);
    const { catalogue } = scoringCatalogue(await getProject(ctx), audit);
    const view = projectionView(projection, catalogue, req.locale, res.locals.t);
    res.render('pages/audit-projection', { title: res.locals.t('audits.proj.title'), auditId: audit._id, ...view });
  });
  return pages;
}
