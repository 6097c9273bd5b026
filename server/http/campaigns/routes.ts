/** The campaigns module: JSON API, admin pages and the recipient upload. */
import { Router } from 'express';
import type { AppDeps } from '../../deps';
import type { TenantRoutes } from '../routeModules';
import { campaignApi } from './api';
import { campaignEmailRoutes } from './emails';
import { campaignUploads, importPages } from './imports';
import { campaignPages } from './pages';
import { campaignQrPages } from './qr';
import { recipientDetailRoutes } from './recipientDetail';
import { recipientListRoutes } from './recipients';
import { sendingRoutes } from './sending';

export function campaignRoutes(deps: AppDeps): TenantRoutes {
  // Routes go straight onto one router so the tenancy test can walk every one of them.
  const pages = Router();
  campaignPages(pages, deps);
  importPages(pages, deps);
  campaignQrPages(pages, deps);
  const api = campaignApi();
  recipientListRoutes(pages, api);
  recipientDetailRoutes(pages, api);
  sendingRoutes(pages, api);
  campaignEmailRoutes(pages, api, deps);
  return { api, pages, uploads: campaignUploads() };
}
