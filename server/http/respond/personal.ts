/**
 * Personal links: /s/:token (the survey) and /u/:token (unsubscribe). An
 * unknown and an expired token get the same 404 page, so a visitor learns
 * nothing about which tokens exist.
 */
import { Router, type Request, type Response } from 'express';
import { getEnterprise } from '../../services/accounts/enterprises';
import { getSite, type Site } from '../../services/accounts/sites';
import { findPersonalLink, markOpened, personalLinkState, unsubscribe, type PersonalLink } from '../../services/campaigns/links';
import { submitPersonal } from '../../services/campaigns/respond';
import { getVersion } from '../../services/templates/versions';
import { handleFormPost, noStore, renderGone, renderPage, renderThanks, type FormTarget } from './form';
import type { Store } from '../../store/types';

/** The page's target, and the site and time zone a submission would read again. */
async function targetOf(link: PersonalLink, token: string): Promise<{ target: FormTarget; known: { site: Site; tzOffsetMinutes: number } }> {
  const { ctx, recipient, campaign } = link;
  const [version, enterprise, site] = await Promise.all([
    getVersion(ctx, campaign.templateId, campaign.templateVersion),
    getEnterprise(ctx.root, ctx.actor.enterpriseId),
    getSite(ctx, recipient.siteId),
  ]);
  const target = {
    content: version.content,
    action: `/s/${token}`,
    enterpriseName: enterprise.name,
    siteName: site.name,
    enterpriseNameEn: enterprise.nameEn,
    siteNameEn: site.nameEn,
    privacyContact: campaign.privacyContact,
    anonymous: false,
  };
  return { target, known: { site, tzOffsetMinutes: enterprise.tzOffsetMinutes } };
}

/** Any string: findPersonalLink refuses what is not token-shaped, with the same 404 as an unknown token. */
const tokenOf = (req: Request) => String(req.params.token ?? '');

export function personalLinkRoutes(root: Store): Router {
  const router = Router();

  /** The link, or a response already sent (gone page or thank-you). */
  const open = async (
    req: Request,
    res: Response,
  ): Promise<{ link: PersonalLink; target: FormTarget; known: { site: Site; tzOffsetMinutes: number } } | null> => {
    const token = tokenOf(req);
    const link = await findPersonalLink(root, token);
    if (!link) {
      renderGone(res);
      return null;
    }
    const state = personalLinkState(link);
    if (state === 'expired') {
      renderGone(res);
      return null;
    }
    const { target, known } = await targetOf(link, token);
    if (state === 'responded') {
      renderThanks(res, target, 'already');
      return null;
    }
    return { link, target, known };
  };

  router.get('/s/:token', async (req, res) => {
    const found = await open(req, res);
    if (!found) return;
    await markOpened(found.link);
    renderPage(req, res, found.target, 0, {});
  });

  router.post('/s/:token', async (req, res) => {
    const found = await open(req, res);
    if (!found) return;
    const { ctx, recipient, campaign } = found.link;
    await handleFormPost(req, res, found.target, (answers) => submitPersonal(ctx, recipient, campaign, answers, new Date(), found.known));
  });

  const unsubscribeTarget = async (req: Request, res: Response) => {
    const link = await findPersonalLink(root, tokenOf(req));
    if (!link) {
      renderGone(res);
      return null;
    }
    return link;
  };

  router.get('/u/:token', async (req, res) => {
    const link = await unsubscribeTarget(req, res);
    if (!link) return;
    noStore(res);
    res.render('pages/respond-unsubscribe', {
      layout: false,
      title: res.locals.t('respond.unsubscribe.title'),
      action: `/u/${tokenOf(req)}`,
      done: Boolean(link.recipient.unsubscribedAt),
    });
  });

  // Also the RFC 8058 one-click target: mail clients POST "List-Unsubscribe=One-Click" here.
  router.post('/u/:token', async (req, res) => {
    const link = await unsubscribeTarget(req, res);
    if (!link) return;
    await unsubscribe(link);
    noStore(res);
    res.render('pages/respond-unsubscribe', { layout: false, title: res.locals.t('respond.unsubscribe.title'), done: true });
  });

  return router;
}
