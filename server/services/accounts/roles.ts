/**
 * Roles and what each may do. Routes and socket handlers ask for a permission,
 * never for a role, so a new role is one line here.
 */
import { ForbiddenError } from '../../errors';

export const ROLES = ['operator', 'admin', 'analyst', 'agent', 'shopper', 'reviewer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];
/** Roles that belong to an enterprise (everyone but the platform operator). */
export const ENTERPRISE_ROLES = ROLES.filter((r) => r !== 'operator') as Exclude<Role, 'operator'>[];

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
