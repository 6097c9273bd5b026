/**
 * QR codes of the anonymous site links (PNG for print shops, SVG for
 * designers) and a bilingual A4 poster to put up at the service point.
 */
import type { Request, Router } from 'express';
import type { AppDeps } from '../../deps';
import { getEnterprise } from '../../services/accounts/enterprises';
import { nameIn } from '../../services/accounts/names';
import { getSite } from '../../services/accounts/sites';
import { getCampaign, getSiteLink } from '../../services/campaigns/campaigns';
import { t } from '../../i18n';
import { ctxOf, allow } from '../middleware/auth';
import { param } from '../validate';
import { linkBaseUrl } from './baseUrl';

/** Level M survives a smudged print; a quiet zone of 2 modules is enough on a white poster. The PNG (600 px) is for screens and documents; print from the SVG. */
const QR_OPTIONS = { errorCorrectionLevel: 'M' as const, margin: 2 };
/** The QR encoder loads with the first code drawn, not with every app process. */
const qrEncoder = async () => (await import('qrcode')).default;

export function campaignQrPages(pages: Router, deps: AppDeps): void {
  const read = allow('campaigns', 'read');

  const linkOf = async (req: Request) => {
    const ctx = ctxOf(req);
    const campaign = await getCampaign(ctx, param(req.params.id));
    const site = await getSite(ctx, param(req.params.siteId, 'siteId'));
    const link = await getSiteLink(ctx, campaign._id, site._id);
    return { ctx, campaign, site, url: `${linkBaseUrl(deps.config, req)}/f/${link._id}` };
  };

  pages.get('/campaigns/:id/sites/:siteId/qr.png', read, async (req, res) => {
    const { site, url } = await linkOf(req);
    const png = await (await qrEncoder()).toBuffer(url, { ...QR_OPTIONS, type: 'png', width: 600 });
    res.set({ 'Content-Type': 'image/png', 'Content-Disposition': `inline; filename="qr-${site.code}.png"` }).send(png);
  });

  pages.get('/campaigns/:id/sites/:siteId/qr.svg', read, async (req, res) => {
    const { site, url } = await linkOf(req);
    const svg = await (await qrEncoder()).toString(url, { ...QR_OPTIONS, type: 'svg' });
    res.set({ 'Content-Type': 'image/svg+xml', 'Content-Disposition': `inline; filename="qr-${site.code}.svg"` }).send(svg);
  });

  pages.get('/campaigns/:id/sites/:siteId/poster', read, async (req, res) => {
    const { ctx, campaign, site, url } = await linkOf(req);
    const enterprise = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
    const svg = await (await qrEncoder()).toString(url, { ...QR_OPTIONS, type: 'svg' });
    const both = (key: string) => ({
      zh: t('zh-CN', key, { enterprise: enterprise.name, site: site.name }),
      en: t('en', key, { enterprise: nameIn(enterprise, 'en'), site: nameIn(site, 'en') }),
    });
    res.render('pages/campaign-poster', {
      layout: false,
      title: `${site.name} · ${campaign.name}`,
      enterprise: enterprise.name,
      site: { name: site.name, code: site.code, address: site.address },
      qrSvg: svg,
      url,
      heading: both('campaigns.poster.heading'),
      lead: both('campaigns.poster.lead'),
      steps: both('campaigns.poster.steps'),
      privacy: both('campaigns.poster.privacy'),
      printLabel: res.locals.t('campaigns.poster.print'),
      // Without PUBLIC_URL the code holds the address the admin happens to use (often 127.0.0.1): say so before it is printed.
      addressWarning: deps.config.publicUrl ? undefined : res.locals.t('campaigns.poster.noPublicUrl', { url }),
      backHref: `/campaigns/${campaign._id}`,
    });
  });
}
