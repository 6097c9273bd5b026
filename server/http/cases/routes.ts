/**
 * The case list (/follow-ups) with filters, sorting, pages, bulk actions,
 * saved views and its export (/api/v1/exports/cases), and the case settings
 * (/follow-ups/settings). Single cases (/follow-ups/:id) live in
 * http/alerts/routes.ts; these paths are mounted first so that "settings" or
 * "bulk" is never taken for an id.
 */
import { Router } from 'express';
import { getEnterprise } from '../../services/accounts/enterprises';
import { allowed } from '../../services/policy';
import { listSites } from '../../services/accounts/sites';
import { ALERT_RULES } from '../../services/alerts/rules';
import { caseReasonText } from '../../services/alerts/notify';
import { reasonPrompts } from '../../services/alerts/taskResponse';
import { assignableUsers } from '../../services/alerts/tasks';
import { TASK_STATUSES } from '../../services/alerts/types';
import { recordAudit } from '../../services/auditLog';
import { bulkAssign, bulkClose, type BulkResult } from '../../services/cases/bulk';
import { CASE_EXPORT_HEADER, writeCases } from '../../services/cases/export';
import { CASE_AGES, CASE_SORTS, isOverdue, listCases } from '../../services/cases/list';
import { getCaseSettings, updateCaseSettings } from '../../services/cases/settings';
import { deleteCaseView, listCaseViews, saveCaseView } from '../../services/cases/views';
import { withTenantTransaction } from '../../services/context';
import { sinkFor, type ExportFormat } from '../../services/exports/sinks';
import { CHANNELS } from '../../services/templates/types';
import { dashboardHelpers } from '../dashboard/helpers';
import { ctxOf, allow } from '../middleware/auth';
import { flashAndRedirect } from '../pages';
import { pagerView } from '../pager';
import { param, parse } from '../validate';
import { caseQueryOf, filterQuery } from './listView';
import { nameIn } from '../../services/accounts/names';
import { namesIn } from '../placeNames';
import { bulkSchema, caseExportSchema, caseListSchema, saveViewSchema, settingsApiSchema, settingsFormSchema, type CaseListQuery } from './schema';

const EXPORT_MIME: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

/** Rows per page: a screenful or two, not hundreds. */
const PAGE_SIZE = 50;
const API_PAGE_SIZE = 200;

const options = <T extends string>(values: readonly T[], current: string | undefined) => values.map((value) => ({ value, selected: current === value }));

export function caseRoutes() {
  const api = Router();
  const pages = Router();

  api.get('/follow-ups', allow('followUps', 'read'), async (req, res) => {
    const q = parse(caseListSchema, req.query);
    const ctx = ctxOf(req);
    const found = await listCases(ctx, await caseQueryOf(ctx, q), { page: q.page ?? 1, pageSize: API_PAGE_SIZE });
    res.json(found);
  });

  // Beside the other exports (/api/v1/exports/…): the list's filters plus format=csv|xlsx, audit-logged.
  api.get('/exports/cases', allow('followUps', 'read'), async (req, res) => {
    const { format, ...filters } = parse(caseExportSchema, req.query);
    const ctx = ctxOf(req);
    const query = await caseQueryOf(ctx, filters);
    const [settings, enterprise] = await Promise.all([getCaseSettings(ctx), getEnterprise(ctx.root, ctx.actor.enterpriseId)]);
    res.status(200).set({
      'Content-Type': EXPORT_MIME[format],
      'Content-Disposition': `attachment; filename="follow-up-cases.${format}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    const sink = await sinkFor(format, res, 'cases', CASE_EXPORT_HEADER);
    const rows = await writeCases(ctx, query, sink, settings, enterprise.tzOffsetMinutes);
    await sink.end();
    // Written once the last byte went out; recordAudit refuses a store outside a transaction, so the entry gets one of its own.
    await withTenantTransaction(ctx, (tx) => recordAudit(tx, 'export.cases', 'followUpTasks', '-', { format, filters: filterQuery(filters), rows }));
  });

  api.post('/follow-ups/bulk', allow('followUps', 'work'), async (req, res) => {
    const body = parse(bulkSchema, req.body);
    const ctx = ctxOf(req);
    const result: BulkResult = body.action === 'assign' ? await bulkAssign(ctx, body.ids, body.assigneeId!) : await bulkClose(ctx, body.ids, body.reason!);
    res.json(result);
  });

  pages.get('/follow-ups', allow('followUps', 'read'), async (req, res) => {
    const q = parse(caseListSchema, req.query);
    const ctx = ctxOf(req);
    const now = new Date();
    const found = await listCases(ctx, await caseQueryOf(ctx, q), { page: q.page ?? 1, pageSize: PAGE_SIZE }, now);
    const prompts = await reasonPrompts(ctx, found.tasks);
    const people = await assignableUsers(ctx);
    const t = res.locals.t as (key: string) => string;
    res.render('pages/alerts-tasks', {
      title: t('alerts.tasks.title'),
      tasks: found.tasks.map((task) => ({ ...task, reasonText: caseReasonText(req.locale, task, prompts.get(task._id)), overdue: isOverdue(task, now) })),
      total: found.total,
      pager: pagerView(found, '/follow-ups', new URLSearchParams(filterQuery(q))),
      filters: {
        sites: (await listSites(ctx)).map((s) => ({
          value: s.code,
          label: `${s.code} ${nameIn(s, req.locale)}`,
          selected: q.site === s.code || q.site === s._id,
        })),
        owners: [
          { value: 'none', label: t('cases.owner.none'), selected: q.owner === 'none' },
          ...people.map((u) => ({ value: u._id, label: u.name, selected: q.owner === u._id })),
        ],
        statuses: options(['active', ...TASK_STATUSES], q.status),
        rules: options(ALERT_RULES, q.rule),
        channels: options(CHANNELS, q.channel),
        ages: options(CASE_AGES, q.age),
        sorts: options(CASE_SORTS, q.sort ?? 'newest'),
        overdue: !!q.overdue,
      },
      here: `/follow-ups${filterQuery(q, { page: found.page > 1 ? String(found.page) : undefined })}`,
      query: filterQuery(q).slice(1),
      exportUrl: `/api/v1/exports/cases${filterQuery(q) ? `${filterQuery(q)}&` : '?'}format=csv`,
      exportXlsxUrl: `/api/v1/exports/cases${filterQuery(q) ? `${filterQuery(q)}&` : '?'}format=xlsx`,
      views: (await listCaseViews(ctx)).map((v) => ({ ...v, href: `/follow-ups${v.query ? `?${v.query}` : ''}` })),
      assignees: people,
      mayWork: allowed(ctx.actor, 'followUps', 'work'),
      maySettings: allowed(ctx.actor, 'alertRules', 'manage'),
      tz: (await getEnterprise(ctx.root, ctx.actor.enterpriseId)).tzOffsetMinutes,
      helpers: dashboardHelpers,
    });
  });

  pages.post('/follow-ups/bulk', allow('followUps', 'work'), async (req, res) => {
    const body = parse(bulkSchema, req.body);
    const ctx = ctxOf(req);
    await flashAndRedirect(req, res, body.back ?? '/follow-ups', async () => {
      const result = body.action === 'assign' ? await bulkAssign(ctx, body.ids, body.assigneeId!) : await bulkClose(ctx, body.ids, body.reason!);
      return res.locals.t('cases.bulk.done', { changed: result.changed.length, skipped: result.skipped.length }) as string;
    });
  });

  pages.post('/follow-ups/views', allow('followUps', 'read'), async (req, res) => {
    const body = parse(saveViewSchema, req.body);
    // Only filters this list understands are kept: the saved link must open, not fail.
    const q = parse(caseListSchema, Object.fromEntries(new URLSearchParams(body.query)));
    const query = filterQuery(q).slice(1);
    await flashAndRedirect(req, res, `/follow-ups${query ? `?${query}` : ''}`, async () => {
      await saveCaseView(ctxOf(req), body.name, query);
      return res.locals.t('cases.views.saved') as string;
    });
  });
  pages.post('/follow-ups/views/:viewId/delete', allow('followUps', 'read'), async (req, res) => {
    await flashAndRedirect(req, res, '/follow-ups', async () => {
      await deleteCaseView(ctxOf(req), param(req.params.viewId, 'viewId'));
      return res.locals.t('cases.views.deleted') as string;
    });
  });

  api.get('/follow-ups/settings', allow('followUps', 'read'), async (req, res) => res.json({ settings: await getCaseSettings(ctxOf(req)) }));
  api.put('/follow-ups/settings', allow('alertRules', 'manage'), async (req, res) => {
    const changes = parse(settingsApiSchema, req.body);
    res.json({ settings: await updateCaseSettings(ctxOf(req), changes) });
  });

  pages.get('/follow-ups/settings', allow('alertRules', 'manage'), async (req, res) => {
    const ctx = ctxOf(req);
    const settings = await getCaseSettings(ctx);
    const people = await assignableUsers(ctx);
    res.render('pages/case-settings', {
      title: res.locals.t('cases.settings.title'),
      settings,
      adminsAfter: settings.escalation.find((l) => l.to === 'admins')?.afterHours ?? 24,
      rootCauseLines: settings.rootCauses.map((c) => `${c.code} | ${c.zh} | ${c.en}`).join('\n'),
      sites: namesIn(await listSites(ctx), req.locale).map((s) => ({
        ...s,
        owners: people.map((u) => ({ ...u, selected: settings.siteOwners[s._id] === u._id })),
      })),
    });
  });
  pages.post('/follow-ups/settings', allow('alertRules', 'manage'), async (req, res) => {
    await flashAndRedirect(req, res, '/follow-ups/settings', async () => {
      await updateCaseSettings(ctxOf(req), parse(settingsFormSchema, req.body));
      return res.locals.t('cases.settings.saved') as string;
    });
  });

  return { api, pages };
}

export type { CaseListQuery };
