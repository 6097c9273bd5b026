/**
 * Alert rules (/alerts) and follow-up tasks (/follow-ups): the closed loop.
 * Every task route loads the task first, so another enterprise's id is a 404
 * before any body is looked at. A task's photos are served through the task
 * (its readers are not all visit reviewers), only those of its own response.
 */
import { Router } from 'express';
import { getAlertRules, updateAlertRules } from '../../services/alerts/rules';
import { assignableUsers, assignTask, getTask, listTasks, recordCallback, resolveTask } from '../../services/alerts/tasks';
import { reasonText } from '../../services/alerts/notify';
import { TASK_STATUSES } from '../../services/alerts/types';
import { can } from '../../services/accounts/roles';
import { getEnterprise } from '../../services/accounts/enterprises';
import { resolveSite } from '../../services/dashboard/filters';
import { promptsOf, reasonPrompts, taskPhotoFile, taskResponse } from '../../services/alerts/taskResponse';
import { sendEvidence } from '../visits/evidence';
import { dashboardHelpers } from '../dashboard/helpers';
import { ctxOf, requirePermission } from '../middleware/auth';
import { flashAndRedirect } from '../pages';
import { param, parse } from '../validate';
import { assignSchema, callbackSchema, resolveSchema, rulesFormSchema, rulesSchema, taskListSchema } from './schema';
import { answersView } from './taskView';

/** Rows per page of the task list: a screenful or two, not hundreds. */
const PAGE_SIZE = 50;
const API_PAGE_SIZE = 200;

export function alertRoutes() {
  const api = Router();
  const pages = Router();

  api.get('/alerts/rules', requirePermission('followUps.read'), async (req, res) => res.json({ rules: await getAlertRules(ctxOf(req)) }));
  api.put('/alerts/rules', requirePermission('alerts.manage'), async (req, res) => {
    res.json({ rules: await updateAlertRules(ctxOf(req), parse(rulesSchema, req.body)) });
  });

  api.get('/follow-ups', requirePermission('followUps.read'), async (req, res) => {
    const q = parse(taskListSchema, req.query);
    const site = await resolveSite(ctxOf(req), q.site);
    const { tasks, total } = await listTasks(ctxOf(req), { status: q.status, siteId: site?._id, limit: API_PAGE_SIZE, skip: ((q.page ?? 1) - 1) * API_PAGE_SIZE });
    res.json({ tasks, total, page: q.page ?? 1, pageSize: API_PAGE_SIZE });
  });
  api.get('/follow-ups/:id', requirePermission('followUps.read'), async (req, res) => res.json({ task: await getTask(ctxOf(req), param(req.params.id)) }));
  api.post('/follow-ups/:id/assign', requirePermission('followUps.work'), async (req, res) => {
    const id = (await getTask(ctxOf(req), param(req.params.id)))._id;
    const body = parse(assignSchema, req.body);
    res.json({ task: await assignTask(ctxOf(req), id, body.assigneeId, body.rev) });
  });
  api.post('/follow-ups/:id/callbacks', requirePermission('followUps.work'), async (req, res) => {
    const id = (await getTask(ctxOf(req), param(req.params.id)))._id;
    const body = parse(callbackSchema, req.body);
    res.status(201).json({ task: await recordCallback(ctxOf(req), id, body, body.rev) });
  });
  api.post('/follow-ups/:id/resolve', requirePermission('followUps.work'), async (req, res) => {
    const id = (await getTask(ctxOf(req), param(req.params.id)))._id;
    const body = parse(resolveSchema, req.body);
    res.json({ task: await resolveTask(ctxOf(req), id, body, body.rev) });
  });

  pages.get('/alerts', requirePermission('alerts.manage'), async (req, res) => {
    res.render('pages/alerts', { title: res.locals.t('alerts.title'), rules: await getAlertRules(ctxOf(req)) });
  });
  pages.post('/alerts', requirePermission('alerts.manage'), async (req, res) => {
    await flashAndRedirect(req, res, '/alerts', async () => {
      await updateAlertRules(ctxOf(req), parse(rulesFormSchema, req.body));
      return res.locals.t('alerts.saved');
    });
  });

  pages.get('/follow-ups', requirePermission('followUps.read'), async (req, res) => {
    const q = parse(taskListSchema, req.query);
    const ctx = ctxOf(req);
    const site = await resolveSite(ctx, q.site);
    const filter = { status: q.status, siteId: site?._id };
    let page = q.page ?? 1;
    let { tasks, total } = await listTasks(ctx, { ...filter, limit: PAGE_SIZE, skip: (page - 1) * PAGE_SIZE });
    const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
    // A page past the end (the list shrank since the link was made) shows the last one.
    if (page > pageCount) {
      page = pageCount;
      ({ tasks, total } = await listTasks(ctx, { ...filter, limit: PAGE_SIZE, skip: (page - 1) * PAGE_SIZE }));
    }
    const pageLink = (n: number) => {
      const query = new URLSearchParams({ ...(q.status ? { status: q.status } : {}), ...(q.site ? { site: q.site } : {}), ...(n > 1 ? { page: String(n) } : {}) }).toString();
      return query ? `/follow-ups?${query}` : '/follow-ups';
    };
    const prompts = await reasonPrompts(ctx, tasks);
    const locale = req.locale;
    res.render('pages/alerts-tasks', {
      title: res.locals.t('alerts.tasks.title'),
      tasks: tasks.map((t) => ({ ...t, reasonText: reasonText(locale, t, prompts.get(t._id)) })),
      total,
      pager: pageCount > 1 ? { page, pages: pageCount, prev: page > 1 ? pageLink(page - 1) : null, next: page < pageCount ? pageLink(page + 1) : null } : null,
      statuses: TASK_STATUSES.map((s) => ({ value: s, selected: q.status === s })),
      tz: (await getEnterprise(ctx.root, ctx.actor.enterpriseId)).tzOffsetMinutes,
      helpers: dashboardHelpers,
    });
  });

  pages.get('/follow-ups/:id', requirePermission('followUps.read'), async (req, res) => {
    const ctx = ctxOf(req);
    const task = await getTask(ctx, param(req.params.id));
    const found = await taskResponse(ctx, task);
    const mayWork = can(ctx.actor.role, 'followUps.work');
    res.render('pages/alerts-task', {
      title: `${res.locals.t('alerts.task.title')} · ${task.siteCode}`,
      task,
      reasonText: reasonText(req.locale, task, found?.content ? promptsOf(found.content) : undefined),
      // Phone numbers in answers stay masked outside the call screen.
      answerSections: answersView(req.locale, task, found),
      mayWork,
      mayAssign: mayWork && task.status !== 'resolved',
      mayCall: mayWork && (task.status === 'assigned' || task.status === 'called'),
      mayResolve: mayWork && task.status === 'called',
      assignees: mayWork ? (await assignableUsers(ctx)).map((u) => ({ ...u, selected: u._id === task.assigneeId })) : [],
      tz: (await getEnterprise(ctx.root, ctx.actor.enterpriseId)).tzOffsetMinutes,
      helpers: dashboardHelpers,
    });
  });

  for (const [path, variant] of [['/follow-ups/:id/photos/:photoId', 'full'], ['/follow-ups/:id/photos/:photoId/thumb', 'thumb']] as const) {
    pages.get(path, requirePermission('followUps.read'), async (req, res) => {
      await sendEvidence(res, await taskPhotoFile(ctxOf(req), param(req.params.id), param(req.params.photoId), variant));
    });
  }

  const taskAction = (action: 'assign' | 'callback' | 'resolve') =>
    pages.post(`/follow-ups/:id/${action}`, requirePermission('followUps.work'), async (req, res) => {
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
        } else {
          const body = parse(resolveSchema, req.body);
          await resolveTask(ctx, task._id, body, body.rev);
        }
        return res.locals.t(`alerts.done.${action}`);
      });
    });
  taskAction('assign');
  taskAction('callback');
  taskAction('resolve');

  return { api, pages };
}
