/**
 * One leg of the tenancy walk: users of every enterprise role, all outside the
 * target (another enterprise, or limited to another site of the same one),
 * request every route with the target's ids. What they may get: a 404, or a
 * refusal that a made-up id gets too (so it tells nothing about the target),
 * and never a page or body naming the target.
 */
import crypto from 'node:crypto';
import { ENTERPRISE_ROLES } from '../../server/services/accounts/roles';
import { insertUser } from '../../server/services/accounts/users';
import { SITE_FIELD } from '../../server/store/siteScope';
import type { Store } from '../../server/store/types';
import { csrfOf, hit, resourceOf, urlOf, type Agent, type RouteInfo } from './routeWalk';
import { loginAgent, PASSWORD, type Tenant, type World } from './world';

export interface LegUser {
  role: string;
  agent: Agent;
  csrf: string;
}

export interface Leg {
  name: string;
  users: LegUser[];
  /** Resource segment (the one before `:id`) → the id of the target's resource. */
  ids: Record<string, string>;
  /** The target site, for `:siteId`. */
  siteId: string;
  /** Text of the target that must not reach these users. */
  markers: string[];
  /** The parameters of the route that name a target resource (then only a 404, or what made-up ids get, is allowed). */
  naming(route: RouteInfo, params: Record<string, string>): Promise<string[]>;
}

export interface LegTally {
  routes: number;
  roles: number;
  scopes: number;
  requests: number;
  comparisons: number;
}

/** A user of every enterprise role in `tenant`, limited to `siteIds` when given, each signed in. */
export async function legUsers(world: World, tenant: Tenant, label: string, siteIds?: string[]): Promise<LegUser[]> {
  const users: LegUser[] = [];
  for (const role of ENTERPRISE_ROLES) {
    const email = `${label}-${role}-${tenant.enterpriseId}@test.local`;
    await insertUser(world.store, { enterpriseId: tenant.enterpriseId, email, name: `${label} ${role}`, role, password: PASSWORD, siteIds });
    const agent = await loginAgent(world.app, email);
    users.push({ role, agent, csrf: await csrfOf(agent) });
  }
  return users;
}

/** The site a stored document belongs to, by the one declaration of site fields; null when it has none. */
export async function siteOfDocument(store: Store, id: string): Promise<string | null> {
  for (const [collection, field] of Object.entries(SITE_FIELD)) {
    if (!field) continue;
    const doc = await store.collection(collection).findOne({ _id: id });
    if (doc) return String(doc[field]);
  }
  return null;
}

function paramsOf(route: RouteInfo, leg: Leg): Record<string, string> {
  const params: Record<string, string> = { siteId: leg.siteId };
  if (route.path.includes(':id')) {
    const key = resourceOf(route.path);
    if (!key || !leg.ids[key]) throw new Error(`no tenancy fixture for ${route.path}: add one under test/helpers/fixtures/`);
    params.id = leg.ids[key];
  }
  return params;
}

/** The route's own parameters among those the walk fills in. */
export function paramNames(route: RouteInfo): string[] {
  return ['id', 'siteId'].filter((name) => new RegExp(`:${name}(?![A-Za-z])`).test(route.path));
}

/**
 * The page without its language links: they repeat the asker's own query (the
 * ids they typed), which tells them nothing they did not send.
 */
function withoutOwnQuery(text: string | undefined): string | undefined {
  return text?.replace(/<a class="(?:nav-lang|r-lang)" href="[^"]*"/g, '');
}

/** Walks every route as every user of the leg; returns what went wrong, one line each. */
export async function walkLeg(routes: RouteInfo[], leg: Leg, tally: LegTally): Promise<string[]> {
  const failures: string[] = [];
  for (const route of routes) {
    const params = paramsOf(route, leg);
    const url = urlOf(route, params);
    // Lists are read as they are, then with the target site as a filter: it must narrow nothing into view.
    const queries = route.method === 'get' && !route.path.includes(':') ? ['', `?siteId=${leg.siteId}&site=${leg.siteId}`] : [''];
    for (const [user, query] of leg.users.flatMap((u) => queries.map((q) => [u, q] as const))) {
      const res = await hit(user.agent, route, url, user.csrf, query);
      tally.requests += 1;
      const where = `[${leg.name}] ${user.role} ${route.method.toUpperCase()} ${url}${query} → ${res.status}`;
      const shown = leg.markers.find((m) => withoutOwnQuery(res.text)?.includes(m));
      if (shown) failures.push(`${where} shows ${shown}`);
      const naming = await leg.naming(route, params);
      if (!naming.length || res.status === 404) continue;
      if (res.status < 400 || res.status >= 500) {
        failures.push(where);
        continue;
      }
      // A refusal is fine only if a made-up id gets the same one: then it says nothing about the target.
      const ghost = urlOf(route, { ...params, ...Object.fromEntries(naming.map((name) => [name, crypto.randomUUID()])) });
      const other = await hit(user.agent, route, ghost, user.csrf, query);
      tally.comparisons += 1;
      if (other.status !== res.status) failures.push(`${where}, but a made-up id → ${other.status}`);
    }
  }
  tally.scopes += 1;
  return failures;
}
