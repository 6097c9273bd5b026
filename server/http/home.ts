import { Router } from 'express';
import { getEnterprise } from '../services/accounts/enterprises';
import { listSites } from '../services/accounts/sites';
import { findUserById } from '../services/accounts/users';
import { tenantContext } from '../services/context';
import type { Store } from '../store/types';
import { requireLogin } from './middleware/auth';

/** The landing page after login: who you are, your enterprise and its sites. */
export function homeRoutes(store: Store) {
  const router = Router();
  router.get('/', requireLogin, async (req, res) => {
    const actor = req.actor!;
    if (actor.role === 'operator') return res.redirect('/operator/enterprises');
    const user = await findUserById(store, actor.userId);
    const enterprise = actor.enterpriseId ? await getEnterprise(store, actor.enterpriseId) : null;
    const sites = actor.enterpriseId ? await listSites(tenantContext(store, actor)) : [];
    // A site manager's day starts on their site's dashboard.
    if (actor.role === 'siteManager' && sites.length) return res.redirect(sites.length === 1 ? `/dashboard?site=${encodeURIComponent(sites[0].code)}` : '/dashboard');
    res.render('pages/home', {
      title: res.locals.t('nav.home'),
      user: { ...res.locals.user, name: user?.name ?? actor.userId },
      enterprise,
      sites,
      roleLabel: res.locals.t(`role.${actor.role}`),
    });
  });
  return router;
}
