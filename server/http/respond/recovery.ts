/**
 * The recovery survey /r/:token a customer gets after their case is resolved:
 * 「问题解决了吗？」 yes or no, and 1–5 stars. One answer per link; it marks
 * the case recovered or not and never enters the scores.
 */
import { Router, type Response } from 'express';
import { NotFoundError } from '../../errors';
import { getEnterprise } from '../../services/accounts/enterprises';
import { nameIn } from '../../services/accounts/names';
import { getSite } from '../../services/accounts/sites';
import { answerRecovery, findRecoveryLink, type RecoveryLink } from '../../services/cases/recovery';
import type { Store } from '../../store/types';
import { recoveryAnswerSchema } from '../cases/schema';
import { noStore, renderGone } from './form';

/** The case's site, or null when it was removed since (the page then names the site by its code). */
async function siteOrNull(link: RecoveryLink) {
  try {
    return await getSite(link.ctx, link.task.siteId);
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

async function render(res: Response, link: RecoveryLink, token: string, state: 'ask' | 'thanks' | 'already', error?: string): Promise<void> {
  const [enterprise, site] = await Promise.all([getEnterprise(link.ctx.root, link.ctx.actor.enterpriseId), siteOrNull(link)]);
  noStore(res);
  res.status(error ? 400 : 200).render('pages/recovery', {
    layout: false,
    title: res.locals.t('cases.recovery.question'),
    target: { enterpriseName: nameIn(enterprise, res.locals.locale), siteName: site ? nameIn(site, res.locals.locale) : link.task.siteCode },
    action: `/r/${encodeURIComponent(token)}`,
    state,
    error,
    stars: [1, 2, 3, 4, 5],
  });
}

export function recoveryRoutes(root: Store): Router {
  const router = Router();
  router.get('/r/:token', async (req, res) => {
    const link = await findRecoveryLink(root, String(req.params.token));
    if (!link) return renderGone(res);
    await render(res, link, String(req.params.token), link.task.recovery?.answeredAt ? 'already' : 'ask');
  });
  router.post('/r/:token', async (req, res) => {
    const link = await findRecoveryLink(root, String(req.params.token));
    if (!link) return renderGone(res);
    const parsed = recoveryAnswerSchema.safeParse(req.body);
    if (!parsed.success) return render(res, link, String(req.params.token), 'ask', res.locals.t('cases.recovery.incomplete'));
    const outcome = await answerRecovery(link, { solved: parsed.data.solved === 'yes', rating: parsed.data.rating });
    await render(res, link, String(req.params.token), outcome);
  });
  return router;
}
