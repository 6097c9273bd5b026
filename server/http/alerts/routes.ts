/**
 * Alert rules (/alerts) and single follow-up cases (/follow-ups/:id): the
 * closed loop. Every case route loads the case first, so another
 * enterprise's id is a 404 before any body is looked at. A case's photos are
 * served through the case (its readers are not all visit reviewers), only
 * those of its own response. The list, bulk actions and settings are in
 * http/cases/routes.ts.
 */
import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../../deps';
import { getAlertRules, updateAlertRules } from '../../services/alerts/rules';
import { assignableUsers, assignTask, closeTask, getTask, recordCallback, resolveTask } from '../../services/alerts/tasks';
import { caseReasonText, reasonText } from '../../services/alerts/notify';
import { isActive, reasonsOf, type FollowUpTask } from '../../services/alerts/types';
import { maskedTaskContact, revealTaskContact, type TaskContact } from '../../services/alerts/taskContact';
import { getEnterprise } from '../../services/accounts/enterprises';
import { caseHistory } from '../../services/cases/history';
import { contactOfTask, historyByContact } from '../../services/cases/contactHistory';
import { contactHistoryView } from '../cases/contactHistoryView';
import { isOverdue } from '../../services/cases/list';
import { sendRecoverySurvey } from '../../services/cases/recovery';
import { getCaseSettings, rootCauseName } from '../../services/cases/settings';
import type { TenantContext } from '../../services/context';
import { promptsOf, taskPhotoFile, taskResponse } from '../../services/alerts/taskResponse';
import { linkBaseUrl } from '../campaigns/baseUrl';
import { closeSchema, resolveSchema } from '../cases/schema';
import { sendEvidence } from '../visits/evidence';
import { dashboardHelpers } from '../dashboard/helpers';
import { ctxOf, allow } from '../middleware/auth';
import { allowed } from '../../services/policy';
import { flashAndRedirect } from '../pages';
import { param, parse } from '../validate';
import { assignSchema, callbackSchema, rulesFormSchema, rulesSchema } from './schema';
import { answersView } from './taskView';

/** One case's page, with its customer's contact masked or, after "show", whole. */
async function renderTask(req: Request, res: Response, task: FollowUpTask, contact: TaskContact | null): Promise<void> {
  const ctx = ctxOf(req);
  const [found, settings, history, { tzOffsetMinutes: tz }] = await Promise.all([
    taskResponse(ctx, task),
    getCaseSettings(ctx),
    caseHistory(ctx, task),
    getEnterprise(ctx.root, ctx.actor.enterpriseId),
  ]);
  const byContact = await historyByContact(ctx, await contactOfTask(ctx, task), {
    callCaseIds: history.callCaseIds,
    responseIds: history.responses.map((r) => r._id),
    taskIds: [task._id, ...history.responses.flatMap((r) => (r.caseId ? [r.caseId] : []))],
  });
  const prompts = found?.content ? promptsOf(found.content) : undefined;
  const mayWork = allowed(ctx.actor, 'followUps', 'work');
  const now = new Date();
  res.render('pages/alerts-task', {
    title: `${res.locals.t('alerts.task.title')} · ${task.siteCode}`,
    task,
    contact,
    reasons: reasonsOf(task).map((r) => ({ ...r, text: reasonText(req.locale, r, prompts) })),
    reasonText: caseReasonText(req.locale, task, prompts),
    overdue: isOverdue(task, now),
    escalations: (task.escalations ?? []).map((e) => ({ ...e, levelNo: e.level + 1 })),
    rootCauseText: rootCauseName(settings, task.resolution?.rootCause, req.locale),
    rootCauses: settings.rootCauses.map((c) => ({ code: c.code, name: req.locale === 'en' ? c.en : c.zh })),
    history,
    byContact: contactHistoryView(req, res.locals.t, byContact, tz),
    mayReadResponses: allowed(ctx.actor, 'scores', 'read'),
    // Phone numbers and addresses in answers stay masked outside the call screen.
    answerSections: answersView(req.locale, task, found),
    mayWork,
    mayAssign: mayWork && isActive(task.status),
    mayCall: mayWork && (task.status === 'assigned' || task.status === 'called'),
    mayResolve: mayWork && task.status === 'called',
    mayClose: mayWork && isActive(task.status),
    assignees: mayWork ? (await assignableUsers(ctx)).map((u) => ({ ...u, selected: u._id === task.assigneeId })) : [],
    tz,
    helpers: dashboardHelpers,
  });
}

export function alertRoutes(deps: Pick<AppDeps, 'config' | 'mailer' | 'logger'>) {
  const api = Router();
  const pages = Router();

  /** Resolves the case, then offers the customer the recovery survey (mailed after the resolution is committed). */
  const resolveAndOffer = async (req: Request, ctx: TenantContext, id: string, body: ReturnType<typeof resolveSchema.parse>): Promise<FollowUpTask> => {
    const task = await resolveTask(ctx, id, body, body.rev);
    try {
      await sendRecoverySurvey(ctx, { mailer: deps.mailer, baseUrl: linkBaseUrl(deps.config, req) }, task);
    } catch (err) {
      // The resolution stands; a mail server that is down must not undo it.
      deps.logger.error({ err, caseId: id }, 'recovery survey mail failed');
    }
    return getTask(ctx, id);
  };

  api.get('/alerts/rules', allow('alertRules', 'read'), async (req, res) => res.json({ rules: await getAlertRules(ctxOf(req)) }));
  api.put('/alerts/rules', allow('alertRules', 'manage'), async (req, res) => {
    res.json({ rules: await updateAlertRules(ctxOf(req), parse(rulesSchema, req.body)) });
  });

  api.get('/follow-ups/:id', allow('followUps', 'read'), async (req, res) => {
    const task = await getTask(ctxOf(req), param(req.params.id));
    res.json({ task, contact: await maskedTaskContact(ctxOf(req), task) });
  });
  api.post('/follow-ups/:id/contact', allow('followUps', 'work'), async (req, res) => {
    const id = (await getTask(ctxOf(req), param(req.params.id)))._id;
    res.set('Cache-Control', 'no-store').json({ contact: await revealTaskContact(ctxOf(req), id) });
  });
  api.post('/follow-ups/:id/assign', allow('followUps', 'work'), async (req, res) => {
    const id = (await getTask(ctxOf(req), param(req.params.id)))._id;
    const body = parse(assignSchema, req.body);
    res.json({ task: await assignTask(ctxOf(req), id, body.assigneeId, body.rev) });
  });
  api.post('/follow-ups/:id/callbacks', allow('followUps', 'work'), async (req, res) => {
    const id = (await getTask(ctxOf(req), param(req.params.id)))._id;
    const body = parse(callbackSchema, req.body);
    res.status(201).json({ task: await recordCallback(ctxOf(req), id, body, body.rev) });
  });
  api.post('/follow-ups/:id/resolve', allow('followUps', 'work'), async (req, res) => {
    const id = (await getTask(ctxOf(req), param(req.params.id)))._id;
    res.json({ task: await resolveAndOffer(req, ctxOf(req), id, parse(resolveSchema, req.body)) });
  });
  api.post('/follow-ups/:id/close', allow('followUps', 'work'), async (req, res) => {
    const id = (await getTask(ctxOf(req), param(req.params.id)))._id;
    const body = parse(closeSchema, req.body);
    res.json({ task: await closeTask(ctxOf(req), id, body.reason, body.rev) });
  });

  pages.get('/alerts', allow('alertRules', 'manage'), async (req, res) => {
    res.render('pages/alerts', { title: res.locals.t('alerts.title'), rules: await getAlertRules(ctxOf(req)) });
  });
  pages.post('/alerts', allow('alertRules', 'manage'), async (req, res) => {
    await flashAndRedirect(req, res, '/alerts', async () => {
      await updateAlertRules(ctxOf(req), parse(rulesFormSchema, req.body));
      return res.locals.t('alerts.saved');
    });
  });

  pages.get('/follow-ups/:id', allow('followUps', 'read'), async (req, res) => {
    const ctx = ctxOf(req);
    const task = await getTask(ctx, param(req.params.id));
    await renderTask(req, res, task, await maskedTaskContact(ctx, task));
  });
  // "Show" on the customer's masked contact: the case's owner sees it whole on this one page, and the reveal is recorded.
  pages.post('/follow-ups/:id/contact', allow('followUps', 'work'), async (req, res) => {
    const ctx = ctxOf(req);
    const task = await getTask(ctx, param(req.params.id));
    res.set('Cache-Control', 'no-store');
    await renderTask(req, res, task, await revealTaskContact(ctx, task._id));
  });

  for (const [path, variant] of [
    ['/follow-ups/:id/photos/:photoId', 'full'],
    ['/follow-ups/:id/photos/:photoId/thumb', 'thumb'],
  ] as const) {
    pages.get(path, allow('followUps', 'read'), async (req, res) => {
      await sendEvidence(res, await taskPhotoFile(ctxOf(req), param(req.params.id), param(req.params.photoId), variant));
    });
  }

  const taskAction = (action: 'assign' | 'callback' | 'resolve' | 'close') =>
    pages.post(`/follow-ups/:id/${action}`, allow('followUps', 'work'), async (req, res) => {
      const ctx = ctxOf(req);
      const task = await getTask(ctx, param(req.params.id));
      const back = `/follow-ups/${encodeURIComponent(task._id)}`;
      await flashAndRedirect(req, res, back, async () => {
        if (action === 'assign') {
          const body = parse(assignSchema, req.body);
          await assignTask(ctx, task._id, body.assigneeId, body.rev);
        } else if (action === 'callback') {
          const body = parse(callbackSchema, req.body);
          await recordCallback(ctx, task._id, body, body.rev);
        } else if (action === 'close') {
          const body = parse(closeSchema, req.body);
          await closeTask(ctx, task._id, body.reason, body.rev);
        } else {
          await resolveAndOffer(req, ctx, task._id, parse(resolveSchema, req.body));
        }
        return res.locals.t(`alerts.done.${action}`);
      });
    });
  taskAction('assign');
  taskAction('callback');
  taskAction('resolve');
  taskAction('close');

  return { api, pages };
}
