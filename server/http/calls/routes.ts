/** Follow-up calls (回访): the API, the pages (cases, lists, agent workspace, supervisor) and the case upload. */
import { Router } from 'express';
import type { TenantRoutes } from '../routeModules';
import { agentPages } from './agentPages';
import { callApi } from './api';
import { casePages, caseUploads } from './casePages';
import { listPages } from './listPages';
import { supervisorPages } from './supervisorPages';

export function callRoutes(): TenantRoutes {
  const pages = Router();
  casePages(pages);
  listPages(pages);
  supervisorPages(pages);
  agentPages(pages);
  return { api: callApi(), pages, uploads: caseUploads() };
}
