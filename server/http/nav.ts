/**
 * What the page chrome needs: the user, their menu and where the page sits.
 * The menu puts the role's work page first, then one entry per group: a plain
 * link when the group offers this person one page, a disclosure menu when it
 * offers several (settings gather the admin pages). The trail is the start of
 * the breadcrumbs: the group, then the entry when the page lies below it.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Role } from '../services/accounts/roles';
import type { Actor } from '../services/context';
import { allowed } from '../services/policy';
import { type Action, NAV_ENTRIES, NAV_GROUPS, type NavEntry, type NavGroup, WORK_PAGE } from './navEntries';

interface MenuLink {
  href: string;
  label: string;
  current: boolean;
}
/** A top-level item: either one link, or a group label with its links. */
type MenuItem = MenuLink | { label: string; current: boolean; items: MenuLink[] };

export interface Crumb {
  label: string;
  href?: string;
}

const mayDo = (actor: Actor, [resource, verb]: Action): boolean => allowed(actor, resource, verb as never);
const visibleTo = (actor: Actor): NavEntry[] => NAV_ENTRIES.filter((e) => e.any.some((action) => mayDo(actor, action)));
const groupLabel = (group: NavGroup) => `navMenu.group.${group}`;

/** Whether the menu would offer `href` to this actor: the landing page asks before sending anyone there. */
export function mayOpen(actor: Actor, href: string): boolean {
  const entry = NAV_ENTRIES.find((e) => e.href === href);
  return !!entry && entry.any.some((action) => mayDo(actor, action));
}

const under = (path: string, prefix: string) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);

/** The entry a path belongs to: the longest matching prefix among the entries this person sees. */
function entryOf(entries: NavEntry[], path: string): { entry: NavEntry; prefix: string } | null {
  let best: { entry: NavEntry; prefix: string } | null = null;
  for (const entry of entries) {
    for (const prefix of [entry.href, ...(entry.also ?? [])]) {
      if (under(path, prefix) && (!best || prefix.length > best.prefix.length)) best = { entry, prefix };
    }
  }
  return best;
}

export function buildMenu(actor: Actor, path: string): MenuItem[] {
  const entries = visibleTo(actor);
  const currentEntry = entryOf(entries, path)?.entry;
  const link = (e: NavEntry): MenuLink => ({ href: e.href, label: e.label, current: e === currentEntry });
  const work = entries.find((e) => e.href === WORK_PAGE[actor.role as Role]);
  const menu: MenuItem[] = work ? [link(work)] : [];
  for (const group of NAV_GROUPS) {
    const links = entries.filter((e) => e.group === group && e !== work).map(link);
    if (links.length === 1) menu.push(links[0]);
    else if (links.length > 1) menu.push({ label: groupLabel(group), current: links.some((l) => l.current), items: links });
  }
  return menu;
}

/** The breadcrumbs before the page's own parents and title: group, then the entry when the page lies below it. */
export function trailOf(actor: Actor, path: string): { crumbs: Crumb[]; atEntry: Crumb | null } {
  const found = entryOf(visibleTo(actor), path);
  if (!found) return { crumbs: [], atEntry: null };
  const { entry } = found;
  const crumbs: Crumb[] = [{ label: groupLabel(entry.group) }];
  if (path === entry.href) return { crumbs, atEntry: { label: entry.label } };
  crumbs.push({ label: entry.label, href: entry.href });
  return { crumbs, atEntry: null };
}

export function navLocals(req: Request, res: Response, next: NextFunction): void {
  const actor = req.actor;
  res.locals.user = actor ? { id: actor.userId, role: actor.role } : null;
  if (actor) {
    res.locals.navPath = req.path;
    res.locals.navMenu = buildMenu(actor, req.path);
    res.locals.navTrail = trailOf(actor, req.path);
  }
  if (req.session?.flash) {
    res.locals.flash = req.session.flash;
    delete req.session.flash;
  }
  next();
}
