/** The shopper portal (phone first): my assignments with deadlines, and one visit's page. */
import type { Request, Response, Router } from 'express';
import { nameIn } from '../../services/accounts/names';
import { getSite } from '../../services/accounts/sites';
import { getPlan, getVisit } from '../../services/visits/access';
import { acceptVisit, declineVisit, myVisits } from '../../services/visits/assignment';
import { EDITABLE_STATES, listEvidence } from '../../services/visits/evidence';
import type { ReportInput } from '../../services/visits/report';
import { REPORT_DUE_HOURS, type Visit } from '../../services/visits/types';
import { getVersion } from '../../services/templates/versions';
import { ctxOf, allow } from '../middleware/auth';
import { flashAndRedirect } from '../pages';
import { param, parse } from '../validate';
import { visitDisplayNames } from '../../services/visits/names';
import { visitBriefView } from './briefView';
import { declineSchema } from './schema';
import { evidenceView, reportView, resultView, scoreView, slotLabel, stateLabel, visitFormView } from './views';

const TODO: Visit['state'][] = ['assigned', 'accepted', 'returned'];

export interface FormState {
  input: ReportInput;
  errors: Record<string, string>;
  status: number;
}

/** The visit page: accept/decline, the report form while editable, the report and its score after. */
export async function renderShopperVisit(req: Request, res: Response, visit: Visit, form?: FormState): Promise<void> {
  const ctx = ctxOf(req);
  const locale = req.locale;
  const { content } = await getVersion(ctx, visit.templateId, visit.templateVersion);
  const site = await getSite(ctx, visit.siteId);
  const plan = await getPlan(ctx, visit.planId);
  const evidence = await listEvidence(ctx, visit._id);
  const editable = EDITABLE_STATES.includes(visit.state);
  const input = form?.input ?? visit.report ?? {};
  const errors = form?.errors ?? {};
  const hasPhotoQuestion = content.sections.some((s) => s.questions.some((q) => q.type === 'photo'));
  res.status(form?.status ?? 200).render('pages/shopper-visit', {
    title: res.locals.t('visits.visit.title', { seq: visit.seq }),
    visit: {
      id: visit._id,
      seq: visit.seq,
      state: visit.state,
      stateLabel: stateLabel(locale, visit.state),
      window: visit.window,
      slot: slotLabel(locale, visit.slot),
      assigned: visit.state === 'assigned',
      returnComments: visit.state === 'returned' ? visit.returnComments : undefined,
      late: visit.late,
    },
    site: { code: site.code, name: nameIn(site, locale), address: site.address, city: site.city },
    // Read before accepting: what to do there, what it pays and where it is.
    brief: { ...visitBriefView(plan, visit, site, locale), intro: visit.state === 'assigned' ? res.locals.t('visitBrief.beforeAccept') : '' },
    editable,
    dueHours: REPORT_DUE_HOURS,
    form: editable ? visitFormView(content, locale, { answers: input.answers ?? {}, itemComments: input.itemComments ?? {} }, errors, evidence) : null,
    times: { visitDate: input.visitDate ?? '', startTime: input.startTime ?? '', endTime: input.endTime ?? '', comments: input.comments ?? '' },
    timeErrors: { visitDate: errors.visitDate, startTime: errors.startTime, endTime: errors.endTime, evidence: errors.evidence },
    generalPhotos: evidence.filter((e) => !e.questionId).map(evidenceView),
    hasPhotoQuestion,
    report: editable ? null : reportView(locale, content, visit, evidence),
    score: visit.state === 'submitted' || visit.state === 'approved' ? scoreView(locale, content, visit.score) : null,
  });
}

export function shopperPages(pages: Router): void {
  pages.get('/my-visits', allow('visits', 'work'), async (req, res) => {
    const ctx = ctxOf(req);
    const names = await visitDisplayNames(ctx, req.locale);
    const rows = (await myVisits(ctx)).map((v) => ({
      id: v._id,
      site: names.get(v.siteId),
      deadline: v.window.to,
      window: `${v.window.from} – ${v.window.to}`,
      slot: slotLabel(req.locale, v.slot),
      state: v.state,
      stateLabel: stateLabel(req.locale, v.state),
      // Only an approved visit has a result the shopper may read; a critical "no" fails it whatever its score.
      result: v.state === 'approved' ? resultView(req.locale, v.score) : undefined,
      todo: TODO.includes(v.state),
    }));
    res.render('pages/shopper-visits', {
      title: res.locals.t('visits.mine.title'),
      todo: rows.filter((r) => r.todo),
      done: rows.filter((r) => !r.todo).reverse(),
    });
  });

  // The visit is found before anything else: someone else's (or another enterprise's) is a 404.
  pages.get('/my-visits/:id', async (req, res) => {
    await renderShopperVisit(req, res, await getVisit(ctxOf(req), param(req.params.id), 'work'));
  });
  pages.post('/my-visits/:id/accept', async (req, res) => {
    const visit = await getVisit(ctxOf(req), param(req.params.id), 'work');
    await flashAndRedirect(req, res, `/my-visits/${visit._id}`, async () => {
      await acceptVisit(ctxOf(req), visit._id);
      return res.locals.t('visits.visit.accepted');
    });
  });
  pages.post('/my-visits/:id/decline', async (req, res) => {
    const visit = await getVisit(ctxOf(req), param(req.params.id), 'work');
    await flashAndRedirect(req, res, '/my-visits', async () => {
      await declineVisit(ctxOf(req), visit._id, parse(declineSchema, req.body).reason);
      return res.locals.t('visits.visit.declined', { seq: visit.seq });
    });
  });
}
