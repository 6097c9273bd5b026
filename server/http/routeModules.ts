/** Every module of routes the app mounts, in one list each (the tenancy test and the fuzz proof walk them). */
import type { Router } from 'express';
import type { AppDeps } from '../deps';
import { alertRoutes } from './alerts/routes';
import { auditRoutes } from './audits/routes';
import { callRoutes } from './calls/routes';
import { campaignRoutes } from './campaigns/routes';
import { caseRoutes } from './cases/routes';
import { dashboardRoutes } from './dashboard/routes';
import { vendorRoutes } from './dashboard/vendor';
import { exportRoutes } from './exports/routes';
import { outboxAndAuditRoutes } from './outbox/routes';
import { BrowserLauncher } from './reports/browser';
import { reportRoutes } from './reports/routes';
import { respondRoutes } from './respond/routes';
import { responseRoutes } from './responses/routes';
import { scoreRoutes } from './scores/routes';
import { siteRoutes } from './sites/routes';
import { standardRoutes } from './standards/routes';
import { templateRoutes } from './templates/routes';
import { tokenRoutes } from './tokens/routes';
import { userRoutes } from './users/routes';
import { visitRoutes } from './visits/routes';
import { webhookRoutes } from './webhooks/routes';
import { topicRoutes } from './topics/routes';
import { projectSchemeRoutes } from './schemes/routes';

/** A module of routes inside one enterprise: API under /api/v1, pages at the root. */
export interface TenantRoutes {
  api?: Router;
  pages?: Router;
  /**
   * Multipart form routes, mounted under /upload with session and tenant but
   * before any body parser: each route parses its upload, then MUST run
   * `csrfProtection` (server/http/middleware/security.ts) before acting.
   */
  uploads?: Router;
}

/** Every module of enterprise routes; the tenancy test walks all of their routes. */
export function tenantRouteModules(deps: AppDeps): TenantRoutes[] {
  const pdfBrowser =
    deps.pdfBrowser ??
    new BrowserLauncher({
      onLaunchFailed: (err, retryInMs) => deps.logger.error({ err, retryInMs }, 'PDF printer: Chromium did not start; retrying after a back-off'),
    });
  return [
    siteRoutes(),
    userRoutes(deps),
    tokenRoutes(),
    outboxAndAuditRoutes(deps.mailer),
    responseRoutes(),
    scoreRoutes(),
    standardRoutes(),
    templateRoutes(),
    auditRoutes(),
    campaignRoutes(deps),
    callRoutes(),
    dashboardRoutes(),
    caseRoutes(),
    alertRoutes(deps),
    exportRoutes(),
    reportRoutes(pdfBrowser),
    visitRoutes(),
    webhookRoutes(deps),
    topicRoutes(),
    projectSchemeRoutes(),
  ];
}

/**
 * Routes for people without an account (survey respondents): no session and no
 * tenant context; each module finds the enterprise from the link it serves.
 */
export function publicRouteModules(deps: AppDeps): Router[] {
  return [respondRoutes(deps), vendorRoutes()];
}
