/**
 * Public routes for customers answering surveys: personal links (/s, /u) and
 * anonymous site links (/f). Pages are compressed: the first page of a survey
 * must reach a phone in under 30 KB.
 */
import compression from 'compression';
import { Router } from 'express';
import type { AppDeps } from '../../app';
import { personalLinkRoutes } from './personal';
import { recoveryRoutes } from './recovery';
import { siteLinkRoutes, type SiteLinkOptions } from './siteLinks';

export function respondRoutes(deps: AppDeps, options: Partial<SiteLinkOptions> = {}): Router {
  const router = Router();
  // Scoped to our paths: this router sits in front of every public page.
  router.use(['/s/', '/u/', '/f/'], compression());
  router.use(personalLinkRoutes(deps.store));
  router.use(recoveryRoutes(deps.store));
  router.use(siteLinkRoutes(deps.store, { secureCookies: deps.config.secureCookies, ...options }));
  return router;
}
