/**
 * The world a proof runs in: a fresh DATA_DIR holding two enterprises (A is
 * exercised, B only has to stay invisible), built through the services before
 * the server process starts, so the server finds it on disk like real data.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApiToken } from '../../server/services/accounts/apiTokens';
import { createEnterprise } from '../../server/services/accounts/enterprises';
import { createSite } from '../../server/services/accounts/sites';
import { insertUser } from '../../server/services/accounts/users';
import { createCampaign, siteLinksOfCampaign } from '../../server/services/campaigns/campaigns';
import { importRecipients } from '../../server/services/campaigns/imports';
import type { Recipient } from '../../server/services/campaigns/types';
import { systemActor, tenantContext, type TenantContext } from '../../server/services/context';
import { loadDefaultTemplates } from '../../server/services/templates/defaults';
import type { Channel } from '../../server/services/templates/types';
import { createTemplate, publish } from '../../server/services/templates/versions';
import { ensureCoreIndexes } from '../../server/store/indexes';
import { openStore } from '../../server/store';

export const PROVE_PASSWORD = 'prove-pass-1234';

export interface ProveWorld {
  dir: string;
  enterpriseId: string;
  otherEnterpriseId: string;
  siteCode: string;
  adminEmail: string;
  analystEmail: string;
  /** Bearer token with the admin role (responses.write, scores.read). */
  apiToken: string;
  templates: Record<Channel, { templateId: string; version: number }>;
  /** Personal survey-link tokens and the recipient each stands for. */
  recipients: { token: string; recipientId: string }[];
  siteLinkIds: string[];
}

async function publishDefault(ctx: TenantContext, channel: Channel) {
  const template = await createTemplate(ctx, loadDefaultTemplates().find((t) => t.channel === channel)!);
  return { templateId: template._id, version: (await publish(ctx, template._id)).version };
}

async function buildEnterprise(store: Awaited<ReturnType<typeof openStore>>, code: string, recipients: number) {
  const operator = { userId: 'prove', role: 'operator' as const, enterpriseId: null, via: 'system' as const };
  const adminEmail = `admin@${code}.test`;
  const { enterprise } = await createEnterprise(store, operator, { code, name: `证明企业 ${code}`, admin: { email: adminEmail, name: 'Admin', password: PROVE_PASSWORD } });
  const ctx = tenantContext(store, systemActor(enterprise._id));
  const site = await createSite(ctx, { code: 'P1', name: `${code} 网点`, city: '上海' });
  const analystEmail = `analyst@${code}.test`;
  await insertUser(store, { enterpriseId: enterprise._id, email: analystEmail, name: 'Analyst', role: 'analyst', password: PROVE_PASSWORD });
  const templates = { survey: await publishDefault(ctx, 'survey'), call: await publishDefault(ctx, 'call'), mystery: await publishDefault(ctx, 'mystery') };
  const today = new Date().toISOString().slice(0, 10);
  const campaign = await createCampaign(ctx, { name: 'prove', templateId: templates.survey.templateId, templateVersion: templates.survey.version, siteIds: [site._id], startsOn: today, endsOn: today, reminders: { afterDays: 3, maxCount: 0 }, privacyContact: 'privacy@prove.test' });
  if (recipients > 0) await importRecipients(ctx, campaign._id, { kind: 'api', rows: Array.from({ length: recipients }, (_, i) => ({ email: `r${i}@${code}.test`, siteCode: 'P1' })) });
  const rows = await store.collection<Recipient>('recipients').find({ campaignId: campaign._id });
  const { token: apiToken } = await createApiToken(ctx, { name: 'prove', role: 'admin' });
  const siteLinkIds = (await siteLinksOfCampaign(ctx, campaign._id)).map((l) => l._id);
  return { enterpriseId: enterprise._id, adminEmail, analystEmail, apiToken, templates, recipients: rows.map((r) => ({ token: r.token, recipientId: r._id })), siteLinkIds };
}

/** Creates the data directory and its two enterprises; the store is closed again before returning. */
export async function buildProveWorld(opts: { recipients?: number } = {}): Promise<ProveWorld> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicestar-prove-'));
  const store = await openStore({ dataDir: dir });
  try {
    await ensureCoreIndexes(store);
    const a = await buildEnterprise(store, `prove-a-${path.basename(dir).slice(-6).toLowerCase()}`, opts.recipients ?? 0);
    const b = await buildEnterprise(store, `prove-b-${path.basename(dir).slice(-6).toLowerCase()}`, 2);
    return { dir, ...a, siteCode: 'P1', otherEnterpriseId: b.enterpriseId };
  } finally {
    await store.close();
  }
}

export function removeWorld(world: ProveWorld): void {
  fs.rmSync(world.dir, { recursive: true, force: true });
}
