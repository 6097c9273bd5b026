/**
 * Roles and what each may do. Routes and socket handlers ask for a permission,
 * never for a role, so a new role is one line here.
 */
import { ForbiddenError } from '../../errors';

export const ROLES = ['operator', 'admin', 'analyst', 'agent', 'shopper', 'reviewer', 'auditor', 'siteManager'] as const;
export type Role = (typeof ROLES)[number];
/** Roles that belong to an enterprise (everyone but the platform operator). */
export const ENTERPRISE_ROLES = ROLES.filter((r) => r !== 'operator') as Exclude<Role, 'operator'>[];
/** Roles that only make sense for some sites: such a user always has siteIds, and no API token (which has none) may carry the role. */
export const SITE_CONFINED_ROLES: readonly Role[] = ['siteManager'];
export const TOKEN_ROLES = ENTERPRISE_ROLES.filter((r) => !SITE_CONFINED_ROLES.includes(r));

export type Permission =
  | 'enterprises.manage'
  | 'enterprise.read'
  | 'sites.manage'
  | 'users.manage'
  | 'tokens.manage'
  | 'auditLog.read'
  | 'outbox.read'
  | 'templates.manage'
  | 'responses.write'
  | 'scores.read'
  | 'audits.enter'
  | 'calls.work'
  | 'calls.manage'
  | 'calls.supervise'
  | 'visits.work'
  | 'visits.review'
  | 'visits.manage'
  | 'campaigns.manage'
  | 'alerts.manage'
  | 'followUps.read'
  | 'followUps.work'
  | 'jobs.manage'
  | 'webhooks.manage';

const GRANTS: Record<Role, Permission[]> = {
  operator: ['enterprises.manage', 'jobs.manage'],
  admin: [
    'enterprise.read',
    'sites.manage',
    'users.manage',
    'tokens.manage',
    'auditLog.read',
    'outbox.read',
    'templates.manage',
    'responses.write',
    'scores.read',
    'campaigns.manage',
    'visits.manage',
    'alerts.manage',
    'followUps.read',
    'followUps.work',
    'calls.manage',
    'calls.supervise',
    'calls.work',
    'webhooks.manage',
  ],
  analyst: ['enterprise.read', 'scores.read', 'followUps.read', 'calls.supervise'],
  agent: ['enterprise.read', 'calls.work', 'followUps.read', 'followUps.work'],
  shopper: ['enterprise.read', 'visits.work'],
  reviewer: ['enterprise.read', 'visits.review', 'scores.read', 'followUps.read'],
  auditor: ['enterprise.read', 'scores.read', 'audits.enter', 'auditLog.read', 'followUps.read'],
  // 网点负责人: their site's dashboard, comments and follow-up tasks, which they work and resolve.
  siteManager: ['enterprise.read', 'scores.read', 'followUps.read', 'followUps.work'],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function assertCan(role: Role, permission: Permission): void {
  if (!can(role, permission)) throw new ForbiddenError(`the ${role} role may not do this (${permission})`);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
