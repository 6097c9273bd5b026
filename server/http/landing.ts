/**
 * Where each role's day starts: on its work, not on a menu. A site manager
 * with one site opens that site's dashboard. When the policy closes a role's
 * page to this person (a site manager not yet given sites), there is no
 * landing and `/` shows the menu with what they may open.
 */
import { listSites } from '../services/accounts/sites';
import type { Role } from '../services/accounts/roles';
import { tenantContext, type Actor } from '../services/context';
import type { Store } from '../store/types';
import { mayOpen } from './nav';
import { WORK_PAGE } from './navEntries';

export async function landingPath(store: Store, actor: Actor): Promise<string | null> {
  const work = WORK_PAGE[actor.role as Role];
  if (!work || !mayOpen(actor, work)) return null;
  if (actor.role !== 'siteManager') return work;
  const sites = await listSites(tenantContext(store, actor));
  if (!sites.length) return null;
  return sites.length === 1 ? `${work}?site=${encodeURIComponent(sites[0].code)}` : work;
}
