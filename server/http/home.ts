import { Router } from 'express';
import { getEnterprise } from '../services/accounts/enterprises';
import { listSites } from '../services/accounts/sites';
import { findUserById } from '../services/accounts/users';
import { tenantContext } from '../services/context';
import type { Store } from '../store/types';
import { landingPath } from './landing';
import { namesIn } from './placeNames';
import { requireLogin } from './middleware/auth';

/**
 * `/` sends each person to their work (landing.ts); only someone with no work
 * page open to them yet sees the menu: who you are, your enterprise and its sites.
 */
export function homeRoutes(store: Store) {
  const router = Router();
  router.get('/', requireLogin, async (req, res) => {
    const actor = req.actor!;
    const work = await landingPath(store, actor);
    if (work) return res.redirect(work);
    const user = await findUserById(store, actor.userId);
    const enterprise = actor.enterpriseId ? await getEnterprise(store, actor.enterpriseId) : null;
    const sites = actor.enterpriseId ? await listSites(tenantContext(store, actor)) : [];
    res.render('pages/home', {
      title: res.locals.t('nav.home'),
      user: { ...res.locals.user, name: user?.name ?? actor.userId },
      enterprise: namesIn(enterprise, req.locale),
      sites: namesIn(sites, req.locale),
      roleLabel: res.locals.t(`role.${actor.role}`),
    });
  });
  return router;
}
