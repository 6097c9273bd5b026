/** A campaign on the default survey with a few recipients, for campaign and respondent tests. */
import { createCampaign, siteLinksOfCampaign } from '../../server/services/campaigns/campaigns';
import { importRecipients } from '../../server/services/campaigns/imports';
import type { RawRecipient } from '../../server/services/campaigns/recipientRows';
import type { Recipient, ReminderSettings } from '../../server/services/campaigns/types';
import { publishDefaultTemplate } from './templates';
import type { Agent } from './routeWalk';
import type { Tenant } from './world';
import { DAY_MS } from '../../server/services/calendar';
import { asFormFields, repairPathAnswers } from '../../scripts/fixtures/defaultSurvey';

export function isoDay(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);
}

export async function buildCampaign(tenant: Tenant, opts: { recipients?: RawRecipient[]; reminders?: ReminderSettings; startsOn?: string } = {}) {
  const survey = await publishDefaultTemplate(tenant.ctx, 'survey');
  const campaign = await createCampaign(tenant.ctx, {
    name: 'Test campaign',
    templateId: survey.templateId,
    templateVersion: survey.version,
    siteIds: tenant.sites.map((s) => s._id),
    startsOn: opts.startsOn ?? isoDay(-1),
    endsOn: isoDay(30),
    reminders: opts.reminders ?? { afterDays: 3, maxCount: 2 },
    privacyContact: 'privacy@test.local',
  });
  const rows = opts.recipients ?? [
    { name: '张三', email: 'zhang@example.com', siteCode: 'S1', caseId: 'C1' },
    { name: '李四', email: 'li@example.com', phone: '13800138000', siteCode: 'S2', caseId: 'C2' },
  ];
  const record = await importRecipients(tenant.ctx, campaign._id, { kind: 'api', rows });
  if (record.errorCount) throw new Error(`recipients refused: ${JSON.stringify(record.errors)}`);
  const recipients = await tenant.ctx.store.collection<Recipient>('recipients').find({ campaignId: campaign._id }, { sort: { row: 1 } });
  const siteLinks = await siteLinksOfCampaign(tenant.ctx, campaign._id);
  return { survey, campaign, recipients, siteLinks };
}

/** The default survey answered on the repair path, as the HTML form posts it. */
export function formFields(overrides: Record<string, string> = {}): Record<string, string> {
  return { ...asFormFields(repairPathAnswers('师傅很专业')), nav: 'submit', ...overrides };
}

/** The site link of a one-site campaign on a published template version. */
export async function siteLinkFor(tenant: Tenant, templateId: string, templateVersion: number): Promise<string> {
  const campaign = await createCampaign(tenant.ctx, {
    name: 'Site link campaign',
    templateId,
    templateVersion,
    siteIds: [tenant.sites[0]!._id],
    startsOn: isoDay(-1),
    endsOn: isoDay(30),
    reminders: { afterDays: 3, maxCount: 2 },
    privacyContact: 'privacy@test.local',
  });
  return (await siteLinksOfCampaign(tenant.ctx, campaign._id))[0]!._id;
}

/** `draft` created and published through the template API as `admin` (a signed-in agent), then its site link (siteLinkFor). */
export async function siteLinkOfDraft(admin: Agent, tenant: Tenant, draft: object): Promise<string> {
  const id = (await admin.post('/api/v1/templates').send(draft).expect(201)).body.template._id as string;
  const version = (await admin.post(`/api/v1/templates/${id}/publish`).expect(201)).body.version.version as number;
  return siteLinkFor(tenant, id, version);
}
