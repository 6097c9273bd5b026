/**
 * Dashboard pages (/dashboard, /dashboard/sites, …/indicators, …/channels,
 * …/comments) and their JSON twins under /api/v1/dashboard/…: the same
 * service call feeds both, so a page shows its key figures without
 * JavaScript and the script refreshes them when scores change.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { listSites } from '../../services/accounts/sites';
import { channelsView } from '../../services/dashboard/channels';
import { latestComments, SCORE_BANDS, type CommentPage } from '../../services/dashboard/comments';
import { DASHBOARD_PERIODS, type DashboardScope } from '../../services/dashboard/filters';
import { indicatorsView } from '../../services/dashboard/indicators';
import { overview } from '../../services/dashboard/overview';
import { siteRanking } from '../../services/dashboard/sites';
import type { TenantContext } from '../../services/context';
import { CHANNELS } from '../../services/templates/types';
import { SENTIMENTS } from '../../services/topics/sentiment';
import { ctxOf, allow } from '../middleware/auth';
import { parse } from '../validate';
import { dashboardHelpers } from './helpers';
import { dashboardMethods } from './methods';
import { sampleNoteLines } from './sampleNoteText';
import { commentsQuerySchema, dashboardFilterSchema } from './schema';
import { queryString, scopeOf } from './scope';
import { channels } from '../../services/channels';
import { allowed } from '../../services/policy';
import { nameIn } from '../../services/accounts/names';
import { namesIn } from '../placeNames';

type View = (ctx: TenantContext, scope: DashboardScope, req: Request) => Promise<unknown>;

const commentsOf: View = (ctx, scope, req) => {
  const q = parse(commentsQuerySchema, req.query);
  return latestComments(ctx, scope, { q: q.q, maxScore: q.maxScore, band: q.band, kind: q.kind, topic: q.topic, sentiment: q.sentiment, page: q.page });
};

export const DASHBOARD_VIEWS: Record<string, { path: string; view: View; schema: typeof dashboardFilterSchema | typeof commentsQuerySchema }> = {
  overview: { path: '', view: overview, schema: dashboardFilterSchema },
  sites: { path: '/sites', view: siteRanking, schema: dashboardFilterSchema },
  indicators: { path: '/indicators', view: indicatorsView, schema: dashboardFilterSchema },
  channels: { path: '/channels', view: channelsView, schema: dashboardFilterSchema },
  comments: { path: '/comments', view: commentsOf, schema: commentsQuerySchema },
};

async function load(req: Request, kind: string) {
  const { view, schema } = DASHBOARD_VIEWS[kind];
  const q = parse(schema, req.query);
  const scope = namesIn(await scopeOf(req, q), req.locale);
  return { q, scope, data: namesIn(await view(ctxOf(req), scope, req), req.locale) };
}

async function renderPage(req: Request, res: Response, kind: string): Promise<void> {
  const { q, scope, data } = await load(req, kind);
  const { lang: _lang, ...kept } = q as Record<string, unknown>;
  const commentExtras = (changes: Record<string, string | undefined> = {}) => ({
    q: (kept.q as string) ?? undefined,
    maxScore: kept.maxScore === undefined ? undefined : String(kept.maxScore),
    band: (kept.band as string) ?? undefined,
    kind: (kept.kind as string) ?? undefined,
    topic: (kept.topic as string) ?? undefined,
    sentiment: (kept.sentiment as string) ?? undefined,
    page: kept.page === undefined ? undefined : String(kept.page),
    ...changes,
  });
  const qs = queryString(scope.filters, kind === 'comments' ? commentExtras() : {});
  const t = res.locals.t as (key: string) => string;
  res.render(`pages/${kind === 'overview' ? 'dashboard' : `dashboard-${kind}`}`, {
    title: `${t('dashboard.title')} · ${t(`dashboard.tab.${kind}`)}`,
    // Below 满意度看板 in the breadcrumbs, the tab's own name is enough.
    crumb: kind === 'overview' ? undefined : t(`dashboard.tab.${kind}`),
    kind,
    data,
    scope,
    filters: scope.filters,
    extra: kept,
    qs,
    filterQs: queryString(scope.filters),
    langQs: queryString(scope.filters, { lang: res.locals.otherLocale as string }),
    apiUrl: `/api/v1/dashboard/${kind}${qs}`,
    tabs: Object.keys(DASHBOARD_VIEWS).map((k) => ({
      kind: k,
      href: `/dashboard${DASHBOARD_VIEWS[k].path}${queryString(scope.filters)}`,
      current: k === kind,
    })),
    periods: DASHBOARD_PERIODS.filter((p) => p !== 'day' && p !== 'week').map((p) => ({ value: p, selected: (scope.filters.period ?? 'last12') === p })),
    channels: CHANNELS.map((c) => ({ value: c, selected: scope.channel === c })),
    // Each channel's name links to the page where its responses are captured (its module says which), for whoever may open it.
    captureLinks: Object.fromEntries(
      channels.codes.flatMap((c) => {
        const { path, resource, verb } = channels.modules.get(c)!.capture;
        return allowed(req.actor!, resource, verb as never) ? [[c, path]] : [];
      }),
    ),
    sites: (await listSites(ctxOf(req))).map((s) => ({ code: s.code, name: nameIn(s, req.locale), selected: scope.site?._id === s._id })),
    commentsFilters: kind === 'comments',
    bands: SCORE_BANDS.map((value) => ({ value, selected: kept.band === value })),
    ...(kind === 'comments' ? commentTopicChoices(data as CommentPage, kept, res.locals.locale) : {}),
    // Comment pages and tabs keep every other filter.
    commentLinks: kind === 'comments' ? commentLinksOf(scope.filters, commentExtras, data as CommentPage) : null,
    // Data for the scripts, in a JSON block: `<` escaped so no text can close the script element.
    text: JSON.stringify(clientText(t)).replace(/</g, '\\u003c'),
    initial: JSON.stringify(payload(scope, data)).replace(/</g, '\\u003c'),
    // Methods and the low-sample note in the reader's language (never the services' English method strings).
    methods: dashboardMethods(kind, data as Record<string, unknown>, t),
    sampleNote: sampleNoteLines((data as { sampleNote?: Parameters<typeof sampleNoteLines>[0] }).sampleNote, t),
    helpers: dashboardHelpers,
  });
}

function commentLinksOf(
  filters: DashboardScope['filters'],
  extras: (changes?: Record<string, string | undefined>) => Record<string, string | undefined>,
  page: CommentPage,
) {
  const at = (changes: Record<string, string | undefined>) => `/dashboard/comments${queryString(filters, extras(changes))}`;
  return {
    customer: at({ kind: undefined, page: undefined }),
    shopper: at({ kind: 'shopper', page: undefined }),
    prev: page.page > 1 ? at({ page: page.page > 2 ? String(page.page - 1) : undefined }) : null,
    next: page.hasNext ? at({ page: String(page.page + 1) }) : null,
  };
}

/** The topic and sentiment filters of the comments page, and each comment's topic names. */
function commentTopicChoices(page: CommentPage, kept: Record<string, unknown>, locale: string) {
  const name = (t: { zh: string; en: string }) => (locale === 'en' ? t.en : t.zh);
  const names = new Map(page.topicLabels.map((t) => [t.code, name(t)]));
  return {
    topicChoices: page.topicLabels.map((t) => ({ value: t.code, label: name(t), selected: kept.topic === t.code })),
    sentimentChoices: SENTIMENTS.map((value) => ({ value, selected: kept.sentiment === value })),
    topicNames: Object.fromEntries(names),
  };
}

/** The few words the charts draw themselves. */
function clientText(t: (key: string) => string) {
  const keys = [
    'cpsq',
    'target',
    'responses',
    'ciLow',
    'ciHigh',
    'noData',
    'updated',
    'reconnecting',
    'live',
    'gatePassed',
    'gateFailed',
    'lowSample',
    'response',
    'case',
  ];
  const out: Record<string, string> = Object.fromEntries(keys.map((k) => [k, t(`dashboard.js.${k}`)]));
  for (const c of CHANNELS) {
    out[`channel.${c}`] = t(channels.labelKey(c));
    out[`channelShort.${c}`] = t(channels.labelKey(c, 'short'));
    // Not a phrase but the channel's chart colour, which the charts need beside its name.
    out[`channelColour.${c}`] = channels.modules.get(c)!.colour;
  }
  out.listSeparator = t('dashboard.listSeparator');
  for (const s of SENTIMENTS) out[`sentiment.${s}`] = t(`topics.sentiment.${s}`);
  // Changes, the trend's partial month and the ranking's tie letters, rebuilt in the browser.
  for (const k of [
    'compare.previous',
    'compare.lastYear',
    'compare.previousYear',
    'verdict.up',
    'verdict.down',
    'verdict.same',
    'verdict.unknown',
    'verdict.noBaseline',
    'interval',
    'trend.partial',
    'trend.n',
    'trend.ci',
  ])
    out[`trends.${k}`] = t(`trends.${k}`);
  for (const l of ['none', 'compliant', 'three', 'four', 'five']) out[`level.${l}`] = t(`dashboard.level.${l}`);
  for (const k of ['projected', 'gateMet', 'gateNotMet', 'noLevel']) out[`headline.${k}`] = t(`periods.headline.${k}`);
  return out;
}

/** What the JSON endpoint answers and the page embeds for its first render. */
function payload(scope: DashboardScope, data: unknown) {
  return { filters: scope.filters, from: scope.from, to: scope.to, ...(data as object) };
}

export function dashboardRoutes() {
  const api = Router();
  const pages = Router();
  for (const [kind, { path }] of Object.entries(DASHBOARD_VIEWS)) {
    api.get(`/dashboard/${kind}`, allow('scores', 'read'), async (req, res) => {
      const { scope, data } = await load(req, kind);
      res.json(payload(scope, data));
    });
    pages.get(`/dashboard${path}`, allow('scores', 'read'), (req, res) => renderPage(req, res, kind));
  }
  return { api, pages };
}
