/**
 * Every page the menu can offer, who may see it and where it sits: a few work
 * groups in the order a person works (analyse, collect, follow up, audit), then
 * settings, then the platform operator's pages. `nav.ts` turns this list into
 * one person's menu; `landing.ts` sends each role to its work page from here.
 */
import type { Role } from '../services/accounts/roles';
import { channels } from '../services/channels';
import type { Resource, Verb } from '../services/policy';

export type Action = { [R in Resource]: [R, Verb<R>] }[Resource];

export const NAV_GROUPS = ['insight', 'collect', 'followUp', 'audit', 'settings', 'platform'] as const;
export type NavGroup = (typeof NAV_GROUPS)[number];

export interface NavEntry {
  href: string;
  label: string;
  group: NavGroup;
  /** Shown when the policy allows the caller any of these. */
  any: Action[];
  /** Other path prefixes whose pages belong under this entry (a call list belongs to 回访). */
  also?: string[];
}

/** Where each role's day starts: its work page, first in its menu. */
export const WORK_PAGE: Record<Role, string> = {
  operator: '/operator/enterprises',
  admin: '/dashboard',
  analyst: '/dashboard',
  siteManager: '/dashboard',
  agent: '/agent',
  shopper: '/my-visits',
  reviewer: '/review',
  auditor: '/audits',
};

/** Each channel's capture page, as its module names it (path, who may open it, label and group): first in its group. */
const captureEntries = (group: NavGroup): NavEntry[] =>
  channels.codes.flatMap((code) => {
    const { path, resource, verb, menu } = channels.modules.get(code)!.capture;
    return menu.group === group ? [{ href: path, label: menu.label, group, any: [[resource, verb] as Action] }] : [];
  });

export const NAV_ENTRIES: NavEntry[] = [
  { href: '/dashboard', label: 'nav.dashboard', group: 'insight', any: [['scores', 'read']], also: ['/responses/'] },
  { href: '/topics', label: 'nav.topics', group: 'insight', any: [['topics', 'read']] },
  ...captureEntries('collect'),
  { href: '/templates', label: 'nav.templates', group: 'collect', any: [['templates', 'manage']] },
  { href: '/visit-plans', label: 'nav.visitPlans', group: 'collect', any: [['visits', 'manage']], also: ['/shoppers', '/visit-reports/', '/visits/'] },
  { href: '/review', label: 'nav.review', group: 'collect', any: [['visits', 'review']] },
  ...captureEntries('followUp'),
  { href: '/follow-ups', label: 'nav.followUps', group: 'followUp', any: [['followUps', 'read']] },
  {
    href: '/calls',
    label: 'calls.home.title',
    group: 'followUp',
    any: [
      ['calls', 'manage'],
      ['calls', 'supervise'],
    ],
    also: ['/call-cases', '/call-lists', '/call-imports/'],
  },
  {
    href: '/audits',
    label: 'nav.audits',
    group: 'audit',
    any: [
      ['audits', 'enter'],
      ['audits', 'read'],
    ],
    also: ['/reports/audit', '/certification/'],
  },
  { href: '/project/scheme', label: 'nav.projectScheme', group: 'settings', any: [['project', 'manage']] },
  // Next to the other settings: the rules that open follow-up tasks.
  { href: '/alerts', label: 'alerts.title', group: 'settings', any: [['alertRules', 'manage']] },
  { href: '/admin/sites', label: 'nav.sites', group: 'settings', any: [['sites', 'manage']] },
  { href: '/admin/users', label: 'nav.users', group: 'settings', any: [['users', 'manage']] },
  { href: '/admin/tokens', label: 'nav.tokens', group: 'settings', any: [['tokens', 'manage']] },
  { href: '/admin/webhooks', label: 'webhooks.nav', group: 'settings', any: [['webhooks', 'manage']] },
  { href: '/admin/outbox', label: 'nav.outbox', group: 'settings', any: [['outbox', 'read']] },
  { href: '/admin/audit-log', label: 'nav.auditLog', group: 'settings', any: [['auditLog', 'read']] },
  { href: '/operator/enterprises', label: 'nav.enterprises', group: 'platform', any: [['platform', 'manage']] },
  { href: '/operator/schemes', label: 'nav.schemes', group: 'platform', any: [['schemes', 'publish']] },
  { href: '/operator/catalogues', label: 'nav.catalogues', group: 'platform', any: [['catalogues', 'import']] },
  { href: '/operator/jobs', label: 'jobs.nav', group: 'platform', any: [['jobs', 'manage']] },
];
