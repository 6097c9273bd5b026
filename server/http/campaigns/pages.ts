/**
 * Campaign pages for enterprise admins: the list, the new-campaign form, and
 * one campaign's status with its actions (send invitations, SMS export, close,
 * recipient upload, site QR codes and posters).
 */
import type { Request, Response, Router } from 'express';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { getEnterprise } from '../../services/accounts/enterprises';
import { listSites } from '../../services/accounts/sites';
import { closeCampaign, createCampaign, firstRecipients, getCampaign, listCampaigns } from '../../services/campaigns/campaigns';
import { listImports } from '../../services/campaigns/imports';
import { markSmsInvited, smsExportLines } from '../../services/campaigns/smsExport';
import { pendingScheduledSend } from '../../services/campaigns/invitationSchedule';
import { localStamp, tzOffsetOf } from '../../services/localTime';
import { campaignStatus } from '../../services/campaigns/status';
import type { TenantContext } from '../../services/context';
import { listTemplates, listVersions } from '../../services/templates/versions';
import { ctxOf, allow } from '../middleware/auth';
import { flashAndRedirect } from '../pages';
import { param, parse } from '../validate';
import { linkBaseUrl } from './baseUrl';
import { namesIn } from '../placeNames';
import { campaignFormSchema, smsExportQuerySchema } from './schema';
import { campaignSummary, importRow, recipientRow, statusRow } from './views';
import { allowed } from '../../services/policy';
import { nameIn } from '../../services/accounts/names';
import { addDays, dayOf } from '../../services/calendar';

async function versionOptions(ctx: TenantContext, locale: 'zh-CN' | 'en') {
  const options: Array<{ value: string; label: string }> = [];
  for (const tpl of await listTemplates(ctx, { channel: 'survey' })) {
    if (tpl.publishedVersion === null) continue;
    for (const v of await listVersions(ctx, tpl._id)) options.push({ value: `${tpl._id}@${v.version}`, label: `${tpl.name[locale]} · v${v.version}` });
  }
  return options;
}

// A campaign keeps naming its template after the template is archived (archiving only hides it from pickers).
async function templateNames(ctx: TenantContext, locale: 'zh-CN' | 'en'): Promise<Map<string, string>> {
  return new Map((await listTemplates(ctx, { channel: 'survey', includeArchived: true })).map((t) => [t._id, t.name[locale]]));
}

async function renderNewForm(req: Request, res: Response, values: Record<string, unknown>, error?: string): Promise<void> {
  const ctx = ctxOf(req);
  const chosen = new Set(Array.isArray(values.siteIds) ? (values.siteIds as string[]) : values.siteIds ? [String(values.siteIds)] : []);
  const sites = (await listSites(ctx)).map((s) => ({ id: s._id, label: `${s.code} ${nameIn(s, req.locale)}`, checked: chosen.has(s._id) }));
  const versions = (await versionOptions(ctx, req.locale)).map((o) => ({ ...o, selected: o.value === values.version }));
  res.status(error ? 400 : 200).render('pages/campaign-new', { title: res.locals.t('campaigns.new.title'), values, sites, versions, error });
}

export function campaignPages(pages: Router, deps: AppDeps): void {
  const read = allow('campaigns', 'read');
  const manage = allow('campaigns', 'manage');

  pages.get('/campaigns', read, async (req, res) => {
    const ctx = ctxOf(req);
    const [campaigns, sites, names] = await Promise.all([listCampaigns(ctx), listSites(ctx), templateNames(ctx, req.locale)]);
    const rows = campaigns.map((c) => campaignSummary(c, sites, names.get(c.templateId) ?? c.templateId));
    res.render('pages/campaigns', { title: res.locals.t('campaigns.title'), campaigns: rows, canManage: allowed(req.actor!, 'campaigns', 'manage') });
  });

  pages.get('/campaigns/new', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const today = dayOf(new Date(), (await getEnterprise(ctx.root, ctx.actor.enterpriseId)).tzOffsetMinutes);
    const siteIds = (await listSites(ctx)).map((s) => s._id);
    await renderNewForm(req, res, { startsOn: today, endsOn: addDays(today, 30), afterDays: '3', maxCount: '2', siteIds });
  });

  pages.post('/campaigns', manage, async (req, res) => {
    try {
      const campaign = await createCampaign(ctxOf(req), parse(campaignFormSchema, req.body));
      req.session.flash = { kind: 'ok', text: res.locals.t('campaigns.created') };
      res.redirect(303, `/campaigns/${campaign._id}`);
    } catch (err) {
      // The form comes back with what was typed and the rule that failed.
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      await renderNewForm(req, res, req.body ?? {}, err.message);
    }
  });

  pages.get('/campaigns/:id', read, async (req, res) => {
    const ctx = ctxOf(req);
    const campaign = await getCampaign(ctx, param(req.params.id));
    const [sites, names, status, imports] = await Promise.all([
      listSites(ctx),
      templateNames(ctx, req.locale),
      campaignStatus(ctx, campaign),
      listImports(ctx, campaign._id, 5),
    ]);
    const [recent, tz] = await Promise.all([firstRecipients(ctx, campaign._id), tzOffsetOf(ctx)]);
    const scheduled = pendingScheduledSend(campaign);
    const t = res.locals.t as (key: string, vars?: Record<string, unknown>) => string;
    const base = linkBaseUrl(deps.config, req);
    res.render('pages/campaign', {
      title: campaign.name,
      campaign: campaignSummary(campaign, sites, names.get(campaign.templateId) ?? campaign.templateId),
      total: statusRow(status.total),
      sites: namesIn(status.sites, req.locale).map((s) => ({ ...statusRow(s), link: s.siteLinkId ? `${base}/f/${s.siteLinkId}` : '' })),
      recipients: recent.map((r) => recipientRow(r, t)),
      imports: imports.map((i) => importRow(i, t)),
      canManage: allowed(req.actor!, 'campaigns', 'manage'),
      scheduled: scheduled ? { at: localStamp(scheduled.at, tz), count: scheduled.count.toLocaleString('en-US') } : null,
    });
  });

  pages.post('/campaigns/:id/close', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const campaign = await getCampaign(ctx, param(req.params.id));
    await flashAndRedirect(req, res, `/campaigns/${campaign._id}`, async () => {
      await closeCampaign(ctx, campaign._id);
      return res.locals.t('campaigns.closedFlash');
    });
  });

  pages.post('/campaigns/:id/sms-invited', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const campaign = await getCampaign(ctx, param(req.params.id));
    await flashAndRedirect(req, res, `/campaigns/${campaign._id}`, async () =>
      res.locals.t('accounts.sms.marked', { count: await markSmsInvited(ctx, campaign._id) }),
    );
  });

  pages.get('/campaigns/:id/sms.csv', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const campaign = await getCampaign(ctx, param(req.params.id));
    res.set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="sms-${campaign._id}.csv"`,
      'Cache-Control': 'no-store',
    });
    const { language } = parse(smsExportQuerySchema, req.query);
    for await (const line of smsExportLines(ctx, campaign._id, linkBaseUrl(deps.config, req), language)) {
      if (!res.write(line)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  });
}
