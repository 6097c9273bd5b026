/**
 * Walking every enterprise route (server/app.ts tenantRouteModules): the list of
 * routes read from the routers themselves, so a new route is walked without
 * anyone adding it, and one request per route as a given user.
 */
import http from 'node:http';
import type { Router } from 'express';
import type request from 'supertest';
import { tenantRouteModules } from '../../server/http/routeModules';
import type { World } from './world';

export interface RouteInfo {
  kind: 'api' | 'pages' | 'uploads';
  method: string;
  path: string;
}

export type Agent = ReturnType<typeof request.agent>;

function routesOf(router: Router, kind: RouteInfo['kind']): RouteInfo[] {
  const out: RouteInfo[] = [];
  for (const layer of router.stack as unknown as { route?: { path: string; methods: Record<string, boolean> } }[]) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods)) out.push({ kind, method, path: layer.route.path });
  }
  return out;
}

export function tenantRoutes(world: World): RouteInfo[] {
  return tenantRouteModules(world.deps).flatMap((m) => [
    ...(m.api ? routesOf(m.api, 'api') : []),
    ...(m.pages ? routesOf(m.pages, 'pages') : []),
    ...(m.uploads ? routesOf(m.uploads, 'uploads') : []),
  ]);
}

const PREFIX = { api: '/api/v1', pages: '', uploads: '/upload' } as const;

/** The URL of a route with its parameters filled in; a parameter without a value stays as written (it names nothing). */
export function urlOf(route: RouteInfo, params: Record<string, string>): string {
  return PREFIX[route.kind] + route.path.replace(/:([A-Za-z]+)/g, (whole, name: string) => params[name] ?? whole);
}

/** The segment before `:id`, which names the resource (e.g. `call-cases`). */
export function resourceOf(path: string): string | undefined {
  const segments = path.split('/').filter(Boolean);
  return segments.find((_s, i) => segments[i + 1] === ':id');
}

/**
 * The walk's connections, kept open between requests: superagent opens a new one per request by default, and
 * the thousands of connects, accepts and closes of a walk cost more system time than the requests' own work.
 * The suite destroys it when done.
 */
export const walkConnections = new http.Agent({ keepAlive: true });

/**
 * One request as `agent`, on a kept-open connection (walkConnections). The API gets an empty JSON object (valid for PUT, so a
 * 400 cannot hide a leak), pages and uploads a form with the CSRF token.
 */
export async function hit(agent: Agent, route: RouteInfo, url: string, csrf: string, query = ''): Promise<request.Response> {
  const call = (agent as unknown as Record<string, (u: string) => request.Test>)[route.method](url + query).agent(walkConnections);
  if (route.kind === 'api') return call.send(route.method === 'get' || route.method === 'delete' ? undefined : {});
  if (route.method === 'get') return call;
  return call.type('form').send({ _csrf: csrf });
}

/** The CSRF token of the session, from the first page that renders the signed-in layout. */
export async function csrfOf(agent: Agent): Promise<string> {
  for (const page of ['/admin/sites', '/dashboard', '/follow-ups', '/my-visits', '/agent', '/audits', '/templates']) {
    const match = /name="_csrf" value="([^"]+)"/.exec((await agent.get(page)).text);
    if (match) return match[1];
  }
  throw new Error('no page of the signed-in layout gave a CSRF token');
}
