/**
 * Mystery shopping (domain.md §5): planners' pages, the shopper portal, QA
 * review, evidence photos, the multipart report route and the JSON API.
 */
import { Router } from 'express';
import type { AppDeps } from '../../app';
import { visitApi } from './api';
import { visitMenu } from './common';
import { evidenceRoutes } from './evidence';
import { planPages } from './planPages';
import { reviewPages } from './reviewPages';
import { shopperPages } from './shopperPages';
import { visitUploads } from './uploads';

export function visitRoutes(deps: AppDeps) {
  const pages = Router();
  pages.use(visitMenu);
  planPages(pages);
  shopperPages(pages);
  reviewPages(pages);
  evidenceRoutes(pages);
  return { api: visitApi(), pages, uploads: visitUploads() };
}
