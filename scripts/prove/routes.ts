/**
 * Every route the app serves, read from the same module lists the app mounts
 * (as test/http/tenancy.test.ts walks them), plus the account and public entry
 * points, so a new route is fuzzed without anyone listing it here.
 */
import type { Router } from 'express';
import pino from 'pino';
import { openDeps } from '../../server/compose';
import { loadConfig } from '../../server/config';
import { publicRouteModules, tenantRouteModules } from '../../server/http/routeModules';

export interface RouteInfo {
  kind: 'api' | 'pages' | 'uploads' | 'public';
  method: string;
  /** Express path with `:params`, already prefixed with its mount point. */
  path: string;
}

const PREFIX: Record<RouteInfo['kind'], string> = { api: '/api/v1', pages: '', uploads: '/upload', public: '' };

function routesOf(router: Router, kind: RouteInfo['kind']): RouteInfo[] {
  const out: RouteInfo[] = [];
  for (const layer of router.stack as unknown as { route?: { path: string | string[]; methods: Record<string, boolean> } }[]) {
    if (!layer.route) continue;
    for (const p of [layer.route.path].flat()) for (const method of Object.keys(layer.route.methods)) out.push({ kind, method, path: PREFIX[kind] + p });
  }
  return out;
}

/** Entry points outside the module lists: sign-in and the ones every integration uses. */
const EXTRA: RouteInfo[] = [
  { kind: 'api', method: 'post', path: '/api/v1/auth/login' },
  { kind: 'api', method: 'get', path: '/api/v1/me' },
  { kind: 'pages', method: 'post', path: '/login' },
  { kind: 'pages', method: 'get', path: '/login' },
  { kind: 'public', method: 'get', path: '/s/:token' },
  { kind: 'public', method: 'post', path: '/s/:token' },
  { kind: 'public', method: 'post', path: '/f/:id' },
  { kind: 'api', method: 'post', path: '/api/v1/responses' },
];

/** Lists the routes with the data directory's own store (the app is built but never listens). */
export async function listRoutes(dataDir: string): Promise<RouteInfo[]> {
  const deps = await openDeps(loadConfig({ DATA_DIR: dataDir, SEED_DEMO: 'never', LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
  try {
    const routes = [
      ...tenantRouteModules(deps).flatMap((m) => [
        ...(m.api ? routesOf(m.api, 'api') : []),
        ...(m.pages ? routesOf(m.pages, 'pages') : []),
        ...(m.uploads ? routesOf(m.uploads, 'uploads') : []),
      ]),
      ...publicRouteModules(deps).flatMap((r) => routesOf(r, 'public')),
      ...EXTRA,
    ];
    const seen = new Set<string>();
    // Logging out would end the fuzzer's own session half-way; it is covered by the auth tests.
    return routes.filter((r) => !r.path.endsWith('/logout') && !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
  } finally {
    await deps.store.close();
  }
}
