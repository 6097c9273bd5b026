/**
 * The express app: middleware in one readable order, then routes. Public routes
 * come first; everything after `requireTenant` is confined to the caller's
 * enterprise by construction.
 */
import cookieParser from 'cookie-parser';
import express, { Router } from 'express';
import session from 'express-session';
import type { Logger } from 'pino';
import pinoHttp from 'pino-http';
import type { Config } from './config';
import type { AppDeps } from './deps';
import { accountRoutes } from './http/account/routes';
import { authRoutes } from './http/auth/routes';
import { enterpriseRoutes } from './http/enterprises/routes';
import { operatorSchemeRoutes } from './http/schemes/routes';
import { catalogueImportRoutes } from './http/catalogues/routes';
import { healthRoutes } from './http/health/routes';
import { jobRoutes } from './http/jobs/routes';
import { homeRoutes } from './http/home';
import { identify, requireTenant } from './http/middleware/auth';
import { errorHandler, notFound } from './http/middleware/errors';
import { locale } from './http/middleware/locale';
import { csrfProtection, exposeCsrfToken, jsonOnlyWrites, loginRateLimit, securityHeaders } from './http/middleware/security';
import { requestLogOptions, whileRequestsLogged } from './http/middleware/requestLog';
import { StoreSessionStore } from './http/middleware/sessionStore';
import { cleanBodyText } from './http/middleware/text';
import { navLocals } from './http/nav';
import { publicRouteModules, tenantRouteModules } from './http/routeModules';
import { setupRoutes } from './http/setup/routes';
import { handlebarsEngine } from './http/viewEngine';
import { questionFormPartials } from './services/questions/registry';
import { viewHelpers } from './http/viewHelpers';
import { Readiness } from './services/health/readiness';
import { WriteHealth } from './store/writeHealth';
import { clientDir, viewsDir } from './paths';

/**
 * An express app with our views and what runs before every route (security
 * headers, the request log). bench:submit builds its bare baseline route on it.
 */
export function baseApp(config: Pick<Config, 'trustProxy'>, logger: Logger) {
  const app = express();
  app.disable('x-powered-by');
  if (config.trustProxy) app.set('trust proxy', 1);

  app.engine('hbs', handlebarsEngine({ viewsDir, defaultLayout: 'main', helpers: viewHelpers, partials: questionFormPartials() }));
  app.set('view engine', 'hbs');
  app.set('views', viewsDir);
  // Resolve each view's file once, not on every render (express only does this by default in production).
  app.set('view cache', true);

  app.use(securityHeaders);
  const requestLog = pinoHttp({ logger, ...requestLogOptions, autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' } });
  app.use(whileRequestsLogged(logger, requestLog));
  return app;
}

/** What public (respondent) routes run first: the form body, clean text, the language. No session, no CSRF, no user. */
export function publicPagesRouter(config: Pick<Config, 'secureCookies'>): Router {
  const publicPages = Router();
  publicPages.use(express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 500 }), cleanBodyText, locale(config.secureCookies));
  return publicPages;
}

export function createApp(deps: AppDeps) {
  const { config, store, logger } = deps;
  const app = baseApp(config, logger);
  app.use('/static', express.static(clientDir, { maxAge: '1h', index: false }));
  // Browsers ask for /favicon.ico on pages without a <link rel="icon"> (PDFs, respondent pages): same icon, no 404.
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/static/favicon.svg'));
  const readiness = deps.readiness ?? new Readiness({ store, writes: new WriteHealth(), dataDir: config.dataDir, minFreeBytes: config.readyMinFreeBytes });
  app.use(healthRoutes(store, readiness));
  app.use(cookieParser());

  const sessionStore = new StoreSessionStore(store);
  const sessionMiddleware = session({
    name: 'ss.sid',
    secret: config.sessionSecret,
    store: sessionStore,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, maxAge: 12 * 60 * 60 * 1000 },
  });

  // API: JSON only, 1 MB at most; session cookie or bearer token. A token request carries its identity in every
  // call, so it gets no session: none is built, looked up or offered as a cookie (integrations never log in).
  const api = Router();
  api.use(jsonOnlyWrites, express.json({ limit: '1mb' }), cleanBodyText);
  api.use((req, res, next) => (req.headers.authorization ? next() : sessionMiddleware(req, res, next)), locale(config.secureCookies), identify(store));
  api.use('/auth/login', loginRateLimit(store));
  // Pages: urlencoded forms without nesting (extended: false), so `a[$gt]=` stays a literal key.
  const pages = Router();
  pages.use(express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 500 }), cleanBodyText);
  pages.use(sessionMiddleware, locale(config.secureCookies), identify(store), exposeCsrfToken, csrfProtection, navLocals);
  pages.use('/login', loginRateLimit(store));

  const auth = authRoutes(store, { maxAttempts: config.loginMaxAttempts, showDemoHint: deps.showDemoLogins ?? false, secureCookies: config.secureCookies });
  const operator = enterpriseRoutes(deps);
  const schemes = operatorSchemeRoutes(store);
  const catalogueImports = catalogueImportRoutes(store);
  const account = accountRoutes(deps);
  const jobs = jobRoutes(store);
  api.use(auth.api, account.api, operator.api, schemes.api, catalogueImports.api, jobs.api);
  pages.use(auth.pages, setupRoutes(store).pages, account.pages, operator.pages, schemes.pages, catalogueImports.pages, jobs.pages, homeRoutes(store));

  const tenantModules = tenantRouteModules(deps);
  api.use(requireTenant(store), ...tenantModules.flatMap((m) => (m.api ? [m.api] : [])));
  pages.use(requireTenant(store), ...tenantModules.flatMap((m) => (m.pages ? [m.pages] : [])));

  const uploads = Router();
  uploads.use(sessionMiddleware, locale(config.secureCookies), identify(store));
  // The operator's catalogue files are above tenants; every other upload is an enterprise's.
  uploads.use(catalogueImports.uploads);
  uploads.use(requireTenant(store));
  for (const m of tenantModules) if (m.uploads) uploads.use(m.uploads);

  const publicPages = publicPagesRouter(config);
  for (const router of publicRouteModules(deps)) publicPages.use(router);

  app.use('/api/v1', api, notFound);
  app.use('/upload', uploads, notFound);
  app.use(publicPages);
  app.use(pages, notFound);
  app.use(errorHandler(logger));

  return { app, sessionMiddleware, sessionStore };
}
