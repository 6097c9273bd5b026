/**
 * What customers write (/topics and /api/v1/topics): topics per site and
 * period with their sentiment, trend and effect on satisfaction; and the
 * enterprise's topic settings (/topics/settings, /api/v1/topics/:code).
 */
import { Router } from 'express';
import { listSites } from '../../services/accounts/sites';
import { DASHBOARD_PERIODS } from '../../services/dashboard/filters';
import { allowed } from '../../services/policy';
import { CUSTOMER_CHANNELS } from '../../services/topics/commentTexts';
import { topicSummary } from '../../services/topics/summary';
import { getTopicSet, updateTopic } from '../../services/topics/topicSets';
import { dashboardHelpers } from '../dashboard/helpers';
import { dashboardFilterSchema } from '../dashboard/schema';
import { queryString, scopeOf } from '../dashboard/scope';
import { ctxOf, allow } from '../middleware/auth';
import { flashAndRedirect } from '../pages';
import { param, parse } from '../validate';
import { topicApiSchema, topicFormSchema } from './schema';
import { nameIn } from '../../services/accounts/names';
import { namesIn } from '../placeNames';
import { topicPageModel } from './view';

export function topicRoutes() {
  const api = Router();
  const pages = Router();

  api.get('/topics', allow('topics', 'read'), async (req, res) => {
    const scope = await scopeOf(req, parse(dashboardFilterSchema, req.query));
    res.json({ filters: scope.filters, ...(await topicSummary(ctxOf(req), scope)) });
  });

  pages.get('/topics', allow('topics', 'read'), async (req, res) => {
    const ctx = ctxOf(req);
    const q = parse(dashboardFilterSchema, req.query);
    const scope = await scopeOf(req, q);
    const summary = await topicSummary(ctx, scope);
    const model = topicPageModel(summary, res.locals.locale, scope.filters);
    res.render('pages/topics', {
      title: res.locals.t('topics.title'),
      scope: namesIn(scope, req.locale),
      filters: scope.filters,
      ...model,
      trendJson: JSON.stringify(model.trend).replace(/</g, '\\u003c'),
      // The few words the chart draws itself.
      textJson: JSON.stringify({ partial: res.locals.t('topics.trend.partial'), share: res.locals.t('topics.trend.share') }).replace(/</g, '\\u003c'),
      helpers: dashboardHelpers,
      periods: DASHBOARD_PERIODS.filter((p) => p !== 'day' && p !== 'week').map((p) => ({ value: p, selected: (scope.filters.period ?? 'last12') === p })),
      channels: CUSTOMER_CHANNELS.map((c) => ({ value: c, selected: scope.channel === c })),
      sites: (await listSites(ctx)).map((s) => ({ code: s.code, name: nameIn(s, req.locale), selected: scope.site?._id === s._id })),
      langQs: queryString(scope.filters, { lang: res.locals.otherLocale as string }),
      mayEdit: allowed(ctx.actor, 'topics', 'manage'),
    });
  });

  api.get('/topics/settings', allow('topics', 'read'), async (req, res) => res.json(await getTopicSet(ctxOf(req))));

  api.put('/topics/:code', allow('topics', 'manage'), async (req, res) => {
    const changes = parse(topicApiSchema, req.body);
    res.json({ topic: await updateTopic(ctxOf(req), param(req.params.code, 'code'), changes) });
  });

  pages.get('/topics/settings', allow('topics', 'manage'), async (req, res) => {
    const set = await getTopicSet(ctxOf(req));
    res.render('pages/topic-settings', {
      title: res.locals.t('topics.settings.title'),
      topics: set.topics.map((t) => ({ ...t, keywordLines: t.keywords.join('\n') })),
      customised: !!set.updatedAt,
      helpers: dashboardHelpers,
    });
  });

  pages.post('/topics/settings/:code', allow('topics', 'manage'), async (req, res) => {
    const code = param(req.params.code, 'code');
    await flashAndRedirect(req, res, `/topics/settings#topic-${encodeURIComponent(code)}`, async () => {
      const { zh, en, keywords } = parse(topicFormSchema, req.body);
      const topic = await updateTopic(ctxOf(req), code, { zh, en, keywords });
      return res.locals.t('topics.settings.saved', { name: res.locals.locale === 'en' ? topic.en : topic.zh });
    });
  });

  return { api, pages };
}
