/**
 * Anonymous site links /f/:id, reached from the QR code at a service point.
 * Abuse protection: a per-IP limit on submissions, and one response per device
 * (a random cookie, stored only hashed) per site link and day.
 */
import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import rateLimit from 'express-rate-limit';
import { getEnterprise } from '../../services/accounts/enterprises';
import { isOpen } from '../../services/campaigns/campaigns';
import { findSiteLink, type SiteLinkTarget } from '../../services/campaigns/links';
import { answeredToday, submitAtSite } from '../../services/campaigns/respond';
import { getVersion } from '../../services/templates/versions';
import type { Store } from '../../store/types';
import { sharedHits } from '../middleware/sharedHits';
import { handleFormPost, renderGone, renderPage, renderThanks, type FormTarget } from './form';

export const DEVICE_COOKIE = 'ss_dev';

export interface SiteLinkOptions {
  secureCookies: boolean;
  /** Form posts (each page is one) per IP and window: a shop's Wi-Fi puts many customers behind one address. */
  postsPerWindow?: number;
  windowMs?: number;
}

function deviceOf(req: Request, res: Response, secure: boolean): string {
  const current = req.cookies?.[DEVICE_COOKIE];
  if (typeof current === 'string' && /^[A-Za-z0-9_-]{22}$/.test(current)) return current;
  const minted = crypto.randomBytes(16).toString('base64url');
  res.cookie(DEVICE_COOKIE, minted, { httpOnly: true, sameSite: 'lax', secure, maxAge: 365 * 86_400_000, path: '/f' });
  return minted;
}

async function targetOf(found: SiteLinkTarget): Promise<FormTarget> {
  const { ctx, link, campaign, site } = found;
  const [version, enterprise] = await Promise.all([
    getVersion(ctx, campaign.templateId, campaign.templateVersion),
    getEnterprise(ctx.root, ctx.actor.enterpriseId),
  ]);
  return {
    content: version.content,
    action: `/f/${link._id}`,
    enterpriseName: enterprise.name,
    siteName: site.name,
    enterpriseNameEn: enterprise.nameEn,
    siteNameEn: site.nameEn,
    privacyContact: campaign.privacyContact,
    anonymous: true,
    askContact: true,
  };
}

export function siteLinkRoutes(root: Store, options: SiteLinkOptions): Router {
  const router = Router();
  const limiter = rateLimit({
    store: sharedHits(root, 'site-link-posts:'),
    windowMs: options.windowMs ?? 15 * 60_000,
    limit: options.postsPerWindow ?? 60,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => renderGone(res, 429, 'respond.limited'),
  });

  const open = async (req: Request, res: Response) => {
    const found = await findSiteLink(root, String(req.params.id ?? ''));
    if (!found || !isOpen(found.campaign)) {
      renderGone(res);
      return null;
    }
    return { found, target: await targetOf(found) };
  };

  router.get('/f/:id', async (req, res) => {
    const opened = await open(req, res);
    if (!opened) return;
    const device = deviceOf(req, res, options.secureCookies);
    if (await answeredToday(opened.found.ctx, opened.found.link, device)) return renderThanks(res, opened.target, 'already');
    renderPage(req, res, opened.target, 0, {});
  });

  router.post('/f/:id', limiter, async (req, res) => {
    const opened = await open(req, res);
    if (!opened) return;
    const { ctx, link, campaign } = opened.found;
    const device = deviceOf(req, res, options.secureCookies);
    await handleFormPost(req, res, opened.target, (answers, contact) => submitAtSite(ctx, link, campaign, device, answers, new Date(), contact));
  });

  return router;
}
