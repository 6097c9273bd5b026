/**
 * Mystery shopping (domain.md §5): planners' pages, the shopper portal, QA
 * review, evidence photos, the multipart report route and the JSON API.
 */
import { Router } from 'express';
import { visitApi } from './api';
import { briefApi, briefPages } from './briefRoutes';
import { visitMenu } from './common';
import { evidenceRoutes } from './evidence';
import { planPages } from './planPages';
import { reviewPages } from './reviewPages';
import { shopperPages } from './shopperPages';
import { visitUploads } from './uploads';

export function visitRoutes() {
  const pages = Router();
  pages.use(visitMenu);
  planPages(pages);
  briefPages(pages);
  shopperPages(pages);
  reviewPages(pages);
  evidenceRoutes(pages);
  const api = visitApi();
  briefApi(api);
  return { api, pages, uploads: visitUploads() };
}
