/** QA review pages: the queue, one visit with its report, score and history, and the three actions. */
import type { Request, Response, Router } from 'express';
import { getEnterprise } from '../../services/accounts/enterprises';
import { nameIn } from '../../services/accounts/names';
import { getSite } from '../../services/accounts/sites';
import { getPlan, getVisit } from '../../services/visits/access';
import { listEvidence } from '../../services/visits/evidence';
import { visitHistory } from '../../services/visits/history';
import { approveVisit, correctAnswer, returnVisit, reviewQueue } from '../../services/visits/review';
import { getVersion } from '../../services/templates/versions';
import { ctxOf, allow } from '../middleware/auth';
import { flashAndRedirect } from '../pages';
import { answerInWords } from '../survey-view';
import type { TemplateContent } from '../../services/templates/types';
import type { Visit } from '../../services/visits/types';
import { correctionForms, correctionInput, promptOf, refusal, type RefusedCorrection } from './correction';
import { param, parse } from '../validate';
import { visitDisplayNames } from '../../services/visits/names';
import { visitBriefView } from './briefView';
import { correctionFormSchema, returnSchema } from './schema';
import { historyDetail, localTime, reportView, resultView, scoreView, slotLabel, stateLabel, visitRow } from './views';

export function reviewPages(pages: Router): void {
  pages.get('/review', allow('visits', 'review'), async (req, res) => {
    const ctx = ctxOf(req);
    const names = await visitDisplayNames(ctx, req.locale);
    const { waiting, recent } = await reviewQueue(ctx);
    res.render('pages/review-queue', {
      title: res.locals.t('visits.review.title'),
      waiting: waiting.map((v) => visitRow(req.locale, v, names)),
      recent: recent.map((v) => visitRow(req.locale, v, names)),
    });
  });

  pages.get('/review/visits/:id', async (req, res) => {
    const ctx = ctxOf(req);
    const visit = await getVisit(ctx, param(req.params.id), 'review');
    await renderReview(req, res, visit, (await getVersion(ctx, visit.templateId, visit.templateVersion)).content);
  });

  pages.post('/review/visits/:id/approve', async (req, res) => {
    const visit = await getVisit(ctxOf(req), param(req.params.id), 'review');
    await flashAndRedirect(req, res, `/review/visits/${visit._id}`, async () => {
      const approved = await approveVisit(ctxOf(req), visit._id);
      return res.locals.t('visits.review.approvedWithResult', { result: resultView(req.locale, approved.score)?.label ?? res.locals.t('visits.score.none') });
    });
  });
  pages.post('/review/visits/:id/return', async (req, res) => {
    const visit = await getVisit(ctxOf(req), param(req.params.id), 'review');
    await flashAndRedirect(req, res, `/review/visits/${visit._id}`, async () => {
      await returnVisit(ctxOf(req), visit._id, parse(returnSchema, req.body).comments);
      return res.locals.t('visits.review.returned');
    });
  });
  pages.post('/review/visits/:id/correct', async (req, res) => {
    const ctx = ctxOf(req);
    const visit = await getVisit(ctx, param(req.params.id), 'review');
    const { content } = await getVersion(ctx, visit.templateId, visit.templateVersion);
    const { questionId, reason } = parse(correctionFormSchema, req.body);
    const input = correctionInput(content, req.body, questionId, reason);
    try {
      const corrected = await correctAnswer(ctx, visit._id, input);
      const question = content.sections.flatMap((s) => s.questions).find((q) => q.id === questionId)!;
      const after = answerInWords(question, corrected.report?.answers[questionId], req.locale) ?? res.locals.t('visitCorrection.unanswered');
      req.session.flash = { kind: 'ok', text: res.locals.t('visitCorrection.saved', { question: promptOf(content, questionId, req.locale), after }) };
      res.redirect(303, `/review/visits/${visit._id}`);
    } catch (err) {
      const refused = refusal(req.locale, content, visit.report?.answers ?? {}, input, err);
      // A visit that moved on meanwhile is shown as it is now.
      await renderReview(req, res, refused.pageError ? await getVisit(ctx, visit._id, 'review') : visit, content, refused);
    }
  });
}

/** One visit for review; a refused correction comes back with the reviewer's choice, reason and the problem in words. */
async function renderReview(req: Request, res: Response, visit: Visit, content: TemplateContent, refused?: RefusedCorrection): Promise<void> {
  const ctx = ctxOf(req);
  const names = await visitDisplayNames(ctx, req.locale);
  const site = await getSite(ctx, visit.siteId);
  const brief = visitBriefView(await getPlan(ctx, visit.planId), visit, site, req.locale);
  const history = await visitHistory(ctx, visit._id);
  const { tzOffsetMinutes } = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  const prompts = new Map(content.sections.flatMap((s) => s.questions).map((q) => [q.id, q.prompt[req.locale] || q.prompt['zh-CN']]));
  res.status(refused ? (refused.pageError ? 409 : 400) : 200).render('pages/review-visit', {
    title: res.locals.t('visits.review.visitTitle', { seq: visit.seq, site: site.code }),
    visit: {
      ...visitRow(req.locale, visit, names),
      slot: slotLabel(req.locale, visit.slot),
      stateLabel: stateLabel(req.locale, visit.state),
      reviewable: visit.state === 'submitted',
      correctable: visit.state === 'submitted' || visit.state === 'approved',
      uncounted: visit.state === 'approved' && visit.countedRevision !== visit.revision,
      returnComments: visit.returnComments,
      revision: visit.revision,
    },
    site: { code: site.code, name: nameIn(site, req.locale) },
    brief,
    report: reportView(req.locale, content, visit, await listEvidence(ctx, visit._id)),
    score: scoreView(req.locale, content, visit.score),
    criticalFailure: content.criticalFailure ?? 'zero',
    corrections: correctionForms(req.locale, content, visit.report?.answers ?? {}, refused),
    refused,
    history: history.map((h) => ({
      at: localTime(h.at, tzOffsetMinutes),
      who: names.get(h.actorId) ?? h.actorRole,
      action: res.locals.t(`visits.history.${h.action}`),
      detail: historyDetail(req.locale, h, names, prompts),
    })),
  });
}
