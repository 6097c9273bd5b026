/**
 * What each role may do with each resource, and at what scope. Routes and
 * socket handlers ask this module; they carry no checks of their own.
 *
 * Who holds a permission comes from the role grants (accounts/roles.ts). The
 * scope says whether a caller limited to some sites may do it at all:
 * - ownSites: yes, and the scoped store confines what it reads and writes to
 *   its sites (server/store/siteScope.ts), so the rule cannot leak other sites;
 * - allSites: only a caller who sees every site, because the action defines or
 *   changes something that spans sites (a template, a campaign, a user, an
 *   audit plan) or reads something that does (the audit log, the outbox).
 */
import { ForbiddenError } from '../errors';
import { can, type Permission, type Role } from './accounts/roles';
import type { Actor } from './context';

export type Scope = 'ownSites' | 'allSites';

export interface Rule {
  /** Any one of these permissions is enough. */
  any: readonly Permission[];
  scope: Scope;
}

const own = (...any: Permission[]): Rule => ({ any, scope: 'ownSites' });
const all = (...any: Permission[]): Rule => ({ any, scope: 'allSites' });

export const POLICY = {
  // The platform operator's: enterprises themselves.
  platform: { manage: own('enterprises.manage') },
  // The platform operator's: the job queue of every enterprise.
  jobs: { manage: own('jobs.manage') },
  enterprise: { read: own('enterprise.read') },
  sites: { read: own('enterprise.read'), manage: all('sites.manage') },
  users: { manage: all('users.manage') },
  tokens: { manage: all('tokens.manage') },
  // An endpoint hears events of every site of its enterprise.
  webhooks: { manage: all('webhooks.manage') },
  auditLog: { read: all('auditLog.read') },
  outbox: { read: all('outbox.read') },
  standards: { read: own('enterprise.read') },
  // Certification schemes are platform-wide: operators publish versions, every enterprise reads them to pin one.
  schemes: { read: own('enterprise.read', 'enterprises.manage'), publish: own('enterprises.manage') },
  // Imported catalogues are platform-wide too: the operator imports them for every enterprise.
  catalogues: { import: own('enterprises.manage') },
  templates: { read: own('enterprise.read'), manage: all('templates.manage') },
  project: { read: own('scores.read'), manage: all('templates.manage') },
  // ingest: the API's entry; which channel a caller may send, and whether it may approve, is the service's to check.
  responses: { read: own('scores.read'), write: own('responses.write'), ingest: own('responses.write', 'visits.review') },
  scores: { read: own('scores.read') },
  exports: { read: own('scores.read') },
  reports: { read: own('scores.read') },
  audits: { read: own('scores.read'), plan: all('audits.enter'), enter: own('audits.enter') },
  certification: { read: own('scores.read'), record: all('audits.enter') },
  // A resend is allowed to whoever may read the campaign and either manages campaigns or works their sites' customers (site managers, for their sites).
  campaigns: { read: own('scores.read'), manage: all('campaigns.manage'), resend: own('campaigns.manage', 'followUps.work') },
  calls: {
    work: own('calls.work'),
    manage: own('calls.manage'),
    supervise: own('calls.supervise'),
    // Case details: agents work them, supervisors read them masked.
    readCase: own('calls.work', 'calls.supervise'),
  },
  visits: {
    work: own('visits.work'),
    review: own('visits.review'),
    manage: own('visits.manage'),
    readReport: own('visits.review', 'visits.manage'),
  },
  alertRules: { read: own('followUps.read'), manage: all('alerts.manage') },
  followUps: { read: own('followUps.read'), work: own('followUps.work') },
  // What customers write: read like the scores; the topic set spans sites, so only a caller who sees all may edit it.
  topics: { read: own('scores.read'), manage: all('templates.manage') },
} as const satisfies Record<string, Record<string, Rule>>;

export type Resource = keyof typeof POLICY;
export type Verb<R extends Resource> = keyof (typeof POLICY)[R] & string;

/**
 * Roles that exist only for some sites (网点负责人, a site manager): a user of
 * such a role without sites is refused everything rather than seeing all of
 * them. Compared as strings so this compiles whichever roles roles.ts lists.
 */
const SITE_CONFINED_ROLES: readonly string[] = ['siteManager'];

export function isSiteLimited(actor: Pick<Actor, 'siteIds'>): boolean {
  return !!actor.siteIds?.length;
}

/** Whether the actor sees every site of its enterprise (not limited, and not of a role that needs sites). */
export function seesAllSites(actor: Pick<Actor, 'role' | 'siteIds'>): boolean {
  return !isSiteLimited(actor) && !SITE_CONFINED_ROLES.includes(actor.role);
}

function ruleOf<R extends Resource>(resource: R, verb: Verb<R>): Rule {
  return (POLICY[resource] as Record<string, Rule>)[verb];
}

/** Why the actor may not: null when it may. */
function refusal<R extends Resource>(actor: Pick<Actor, 'role' | 'siteIds'>, resource: R, verb: Verb<R>): string | null {
  const rule = ruleOf(resource, verb);
  if (SITE_CONFINED_ROLES.includes(actor.role) && !isSiteLimited(actor)) return `a ${actor.role} must be given sites first`;
  if (!rule.any.some((p) => can(actor.role as Role, p))) return `the ${actor.role} role may not do this (${rule.any.join(' or ')})`;
  if (rule.scope === 'allSites' && isSiteLimited(actor)) return 'this concerns every site; a user limited to some sites may not do it';
  return null;
}

export function allowed<R extends Resource>(actor: Pick<Actor, 'role' | 'siteIds'>, resource: R, verb: Verb<R>): boolean {
  return refusal(actor, resource, verb) === null;
}

export function assertAllowed<R extends Resource>(actor: Pick<Actor, 'role' | 'siteIds'>, resource: R, verb: Verb<R>): void {
  const why = refusal(actor, resource, verb);
  if (why) throw new ForbiddenError(why);
}
