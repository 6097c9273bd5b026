/**
 * What the page chrome needs: the user and the menu entries their role may
 * see. One list, in the order a person works: watch, plan, collect, audit, admin.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Actor } from '../services/context';
import { allowed, type Resource, type Verb } from '../services/policy';

type Action = { [R in Resource]: [R, Verb<R>] }[Resource];

interface NavEntry {
  href: string;
  label: string;
  /** Shown when the policy allows the caller any of these. */
  any: Action[];
}

const ENTRIES: NavEntry[] = [
  { href: '/operator/enterprises', label: 'nav.enterprises', any: [['platform', 'manage']] },
  { href: '/operator/schemes', label: 'nav.schemes', any: [['schemes', 'publish']] },
  { href: '/operator/catalogues', label: 'nav.catalogues', any: [['catalogues', 'import']] },
  { href: '/operator/jobs', label: 'jobs.nav', any: [['jobs', 'manage']] },
  { href: '/dashboard', label: 'nav.dashboard', any: [['scores', 'read']] },
  { href: '/topics', label: 'nav.topics', any: [['topics', 'read']] },
  { href: '/follow-ups', label: 'nav.followUps', any: [['followUps', 'read']] },
  // Next to the tasks its rules create; the page's own title names it.
  { href: '/alerts', label: 'alerts.title', any: [['alertRules', 'manage']] },
  { href: '/templates', label: 'nav.templates', any: [['templates', 'manage']] },
  {
    href: '/campaigns',
    label: 'nav.campaigns',
    any: [
      ['campaigns', 'manage'],
      ['campaigns', 'read'],
    ],
  },
  { href: '/visit-plans', label: 'nav.visitPlans', any: [['visits', 'manage']] },
  { href: '/my-visits', label: 'nav.myVisits', any: [['visits', 'work']] },
  { href: '/review', label: 'nav.review', any: [['visits', 'review']] },
  {
    href: '/calls',
    label: 'nav.calls',
    any: [
      ['calls', 'manage'],
      ['calls', 'supervise'],
    ],
  },
  { href: '/agent', label: 'nav.agent', any: [['calls', 'work']] },
  {
    href: '/audits',
    label: 'nav.audits',
    any: [
      ['audits', 'enter'],
      ['audits', 'read'],
    ],
  },
  { href: '/project/scheme', label: 'nav.projectScheme', any: [['project', 'manage']] },
  { href: '/admin/sites', label: 'nav.sites', any: [['sites', 'manage']] },
  { href: '/admin/users', label: 'nav.users', any: [['users', 'manage']] },
  { href: '/admin/tokens', label: 'nav.tokens', any: [['tokens', 'manage']] },
  { href: '/admin/webhooks', label: 'webhooks.nav', any: [['webhooks', 'manage']] },
  { href: '/admin/outbox', label: 'nav.outbox', any: [['outbox', 'read']] },
  { href: '/admin/audit-log', label: 'nav.auditLog', any: [['auditLog', 'read']] },
];

function mayDo(actor: Actor, [resource, verb]: Action): boolean {
  return allowed(actor, resource, verb as never);
}

/** Whether the menu would offer `href` to this actor: the landing page asks before sending anyone there. */
export function mayOpen(actor: Actor, href: string): boolean {
  const entry = ENTRIES.find((e) => e.href === href);
  return !!entry && entry.any.some((action) => mayDo(actor, action));
}

export function navLocals(req: Request, res: Response, next: NextFunction): void {
  const actor = req.actor;
  res.locals.user = actor ? { id: actor.userId, role: actor.role } : null;
  if (actor) {
    res.locals.navEntries = ENTRIES.filter((e) => e.any.some((action) => mayDo(actor, action))).map((e) => ({
      href: e.href,
      label: e.label,
      current: req.path === e.href || req.path.startsWith(`${e.href}/`),
    }));
  }
  if (req.session?.flash) {
    res.locals.flash = req.session.flash;
    delete req.session.flash;
  }
  next();
}
