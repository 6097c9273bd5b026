/**
 * The world both submission benches build: one enterprise, site and survey
 * campaign open on the enterprise's local day, and its recipients (tokens).
 */
import { createEnterprise, type Enterprise } from '../../../server/services/accounts/enterprises';
import { createSite, type Site } from '../../../server/services/accounts/sites';
import { createCampaign } from '../../../server/services/campaigns/campaigns';
import { importRecipients } from '../../../server/services/campaigns/imports';
import type { Campaign, Recipient } from '../../../server/services/campaigns/types';
import { dayOf } from '../../../server/services/calendar';
import { systemActor, tenantContext, type TenantContext } from '../../../server/services/context';
import { loadDefaultTemplates } from '../../../server/services/templates/defaults';
import { createTemplate, publish } from '../../../server/services/templates/versions';
import type { Store } from '../../../server/store/types';
import { SURVEY_FORM } from '../../prove/submissions';

export interface SubmitWorld {
  enterprise: Enterprise;
  site: Site;
  campaign: Campaign;
  tokens: string[];
}

/** The default survey answered on the repair path, as the HTML form posts it, field by field. */
export const FORM_FIELDS: Record<string, string> = Object.fromEntries(new URLSearchParams(SURVEY_FORM));

/** The default survey template, published, in a campaign over `siteIds` open today on the enterprise's local day. */
export async function openBenchCampaign(ctx: TenantContext, siteIds: string[]): Promise<Campaign> {
  const template = await createTemplate(
    ctx,
    loadDefaultTemplates().find((t) => t.channel === 'survey')!,
  );
  const version = await publish(ctx, template._id);
  // The enterprise's local day (China, UTC+8): after 16:00 UTC the UTC date is already yesterday there.
  const today = dayOf(new Date());
  return createCampaign(ctx, {
    name: 'bench',
    templateId: template._id,
    templateVersion: version.version,
    siteIds,
    startsOn: today,
    endsOn: today,
    reminders: { afterDays: 3, maxCount: 0 },
    privacyContact: 'bench@test',
  });
}

/** A bench's own enterprise, created as the operator would, and the context its work runs in. */
export async function openBenchEnterprise(
  store: Store,
  code: string,
  name: string,
  adminEmail: string,
): Promise<{ enterprise: Enterprise; ctx: TenantContext }> {
  const operator = { userId: 'bench', role: 'operator' as const, enterpriseId: null, via: 'system' as const };
  const { enterprise } = await createEnterprise(store, operator, { code, name, admin: { email: adminEmail, name: 'Admin', password: 'bench-pass-1' } });
  return { enterprise, ctx: tenantContext(store, systemActor(enterprise._id)) };
}

export async function buildSubmitWorld(store: Store, recipients: number): Promise<SubmitWorld> {
  const { enterprise, ctx } = await openBenchEnterprise(store, 'bench', '基准企业', 'admin@bench.test');
  const site = await createSite(ctx, { code: 'B1', name: '基准网点', city: '上海' });
  const campaign = await openBenchCampaign(ctx, [site._id]);
  await importRecipients(ctx, campaign._id, {
    kind: 'api',
    rows: Array.from({ length: recipients }, (_, i) => ({ email: `r${i}@bench.test`, siteCode: 'B1' })),
  });
  const tokens = (await store.collection<Recipient>('recipients').find({ campaignId: campaign._id })).map((r) => r.token);
  return { enterprise, site, campaign, tokens };
}
