/**
 * The world a proof runs in: a fresh DATA_DIR holding two enterprises (A is
 * exercised, B only has to stay invisible), built through the services before
 * the server process starts, so the server finds it on disk like real data.
 * On request A also has follow-up call work (a drawn call list and agents) and
 * mystery-shop work (accepted visits, their shoppers and a QA reviewer).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openIndexedStore } from '../../server/compose';
import { createApiToken } from '../../server/services/accounts/apiTokens';
import { createEnterprise, getEnterprise } from '../../server/services/accounts/enterprises';
import { createSite, type Site } from '../../server/services/accounts/sites';
import { insertUser } from '../../server/services/accounts/users';
import { importCases } from '../../server/services/calls/cases';
import { createList } from '../../server/services/calls/lists';
import { createCampaign, siteLinksOfCampaign } from '../../server/services/campaigns/campaigns';
import { importRecipients } from '../../server/services/campaigns/imports';
import type { Recipient } from '../../server/services/campaigns/types';
import { systemActor, tenantContext, type Actor, type TenantContext } from '../../server/services/context';
import { loadDefaultTemplates } from '../../server/services/templates/defaults';
import type { Channel } from '../../server/services/templates/types';
import { createTemplate, publish } from '../../server/services/templates/versions';
import { acceptVisit, assignVisit } from '../../server/services/visits/assignment';
import { createPlan, planVisits } from '../../server/services/visits/plans';
import { SLOTS, type Slot } from '../../server/services/visits/types';
import type { Store } from '../../server/store/types';
import { addDays, dayOf } from '../../server/services/calendar';

export const PROVE_PASSWORD = 'prove-pass-1234';

/** One accepted visit and the report its shopper files: a date in its window, times in its slot. */
export interface ProveVisit {
  visitId: string;
  /** Index into `mystery.shopperEmails`. */
  shopper: number;
  visitDate: string;
  startTime: string;
  endTime: string;
}

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
  /** A call list with `cases` open cases, and agent-role API tokens: each token is one agent, who holds one case at a time. */
  calls: { listId: string; cases: number; agentTokens: string[] };
  /** Accepted visits in the order traffic reports them; shoppers and the reviewer sign in with PROVE_PASSWORD. */
  mystery: { reviewerEmail: string; shopperEmails: string[]; visits: ProveVisit[] };
}

export interface WorldOptions {
  /** Personal survey links. */
  recipients?: number;
  /** Open cases on the call list. */
  calls?: number;
  /** Call agents (API tokens); at least as many as call workflows run at once. */
  agents?: number;
  /** Accepted mystery visits. */
  visits?: number;
  /** Shoppers sharing the visits; each signs in, and logins are limited to 30 per 15 minutes per address. */
  shoppers?: number;
}

async function publishDefault(ctx: TenantContext, channel: Channel) {
  const template = await createTemplate(
    ctx,
    loadDefaultTemplates().find((t) => t.channel === channel)!,
  );
  return { templateId: template._id, version: (await publish(ctx, template._id)).version };
}

/** Cases serviced today, all drawn onto one list (quota = every case), and the agents who call them. */
async function seedCalls(ctx: TenantContext, site: Site, code: string, cases: number, agents: number): Promise<ProveWorld['calls']> {
  if (cases <= 0) return { listId: '', cases: 0, agentTokens: [] };
  const today = dayOf(new Date(), (await getEnterprise(ctx.root, ctx.actor.enterpriseId)).tzOffsetMinutes);
  const rows = Array.from({ length: cases }, (_, i) => ({
    row: i + 2,
    raw: {
      caseId: `PROVE-${i + 1}`,
      siteCode: site.code,
      customerName: `客户 ${i + 1}`,
      phone: `139${String(i).padStart(8, '0')}`,
      serviceType: '维修',
      serviceDate: today,
    },
  }));
  const imported = await importCases(ctx, rows, { source: 'api' });
  if (imported.created !== cases) throw new Error(`seeding calls: ${imported.created} of ${cases} cases imported (${imported.errorCount} errors)`);
  const list = await createList(ctx, { siteId: site._id, from: today, to: today, mode: 'manual', quota: cases });
  const agentTokens: string[] = [];
  for (let i = 0; i < agents; i++) agentTokens.push((await createApiToken(ctx, { name: `${code} agent ${i + 1}`, role: 'agent' })).token);
  return { listId: list._id, cases: list.sampleSize, agentTokens };
}

/** Report times inside the visit's slot, so the report is on-slot. */
const SLOT_TIMES: Record<string, [string, string]> = { morning: ['09:10', '09:55'], afternoon: ['14:10', '14:55'], evening: ['18:10', '18:55'] };

/** Visits in one plan: one a day, over the last 100 days. */
const PLAN_DAYS = 100;

/**
 * Accepted visits, shared evenly by the shoppers. The revisit rule (here 1 day)
 * lets a shopper hold one visit a day at a site, so each plan gives one shopper
 * one visit a day over the last days (100 at most) at one site; more visits
 * than the shoppers can make at P1 go to further sites (V2, V3, …), as a
 * shopper panel covers several service points.
 */
async function seedVisits(
  store: Store,
  ctx: TenantContext,
  firstSite: Site,
  code: string,
  template: { templateId: string; version: number },
  visits: number,
  shoppers: number,
): Promise<ProveWorld['mystery']> {
  const reviewerEmail = `reviewer@${code}.test`;
  if (visits <= 0) return { reviewerEmail, shopperEmails: [], visits: [] };
  const enterpriseId = ctx.actor.enterpriseId;
  await insertUser(store, { enterpriseId, email: reviewerEmail, name: 'QA 审核员', role: 'reviewer', password: PROVE_PASSWORD });
  const people: Array<{ email: string; actor: Actor }> = [];
  for (let s = 0; s < shoppers; s++) {
    const email = `shopper${s + 1}@${code}.test`;
    const user = await insertUser(store, { enterpriseId, email, name: `神秘顾客 ${s + 1}`, role: 'shopper', password: PROVE_PASSWORD });
    people.push({ email, actor: { userId: user._id, role: 'shopper', enterpriseId, via: 'system' } });
  }
  const sites = [firstSite];
  while (sites.length * shoppers * PLAN_DAYS < visits)
    sites.push(await createSite(ctx, { code: `V${sites.length + 1}`, name: `${code} 访问网点 ${sites.length + 1}`, city: '上海' }));
  // Two days back: every visit date is past in any time zone, so no report ends in the future.
  const lastDay = addDays(dayOf(new Date(), (await getEnterprise(store, enterpriseId)).tzOffsetMinutes), -2);
  const perPlan = Math.min(PLAN_DAYS, Math.ceil(visits / shoppers));
  const byPlan: ProveVisit[][] = [];
  for (let plan = 0, seeded = 0; seeded < visits; plan++) {
    const shopper = plan % shoppers;
    const site = sites[Math.floor(plan / shoppers)]!;
    const days = Math.min(perPlan, visits - seeded);
    seeded += days;
    const created = await createPlan(ctx, {
      siteId: site._id,
      name: `prove ${plan + 1}`,
      from: addDays(lastDay, 1 - days),
      to: lastDay,
      visits: days,
      templateId: template.templateId,
      templateVersion: template.version,
      slots: [...SLOTS],
      revisitDays: 1,
    });
    // One commit per plan: the services' own transactions join it, so seeding does not wait on a commit per step.
    const accepted = await store.withTransaction(async (tx) => {
      const planner = tenantContext(tx, ctx.actor);
      const shopperCtx = tenantContext(tx, people[shopper]!.actor);
      const out: ProveVisit[] = [];
      for (const visit of await planVisits(planner, created._id)) {
        await assignVisit(planner, visit._id, shopperCtx.actor.userId);
        await acceptVisit(shopperCtx, visit._id);
        const [startTime, endTime] = SLOT_TIMES[(visit.slot as Slot).split('-')[1]!]!;
        out.push({ visitId: visit._id, shopper, visitDate: visit.window.from, startTime, endTime });
      }
      return out;
    });
    byPlan.push(accepted);
  }
  // Round-robin over the plans, so consecutive reports come from different shoppers.
  const order = Array.from({ length: perPlan }, (_, day) => byPlan.flatMap((plan) => (plan[day] ? [plan[day]] : []))).flat();
  return { reviewerEmail, shopperEmails: people.map((p) => p.email), visits: order };
}

async function buildEnterprise(store: Store, code: string, opts: WorldOptions) {
  const operator = { userId: 'prove', role: 'operator' as const, enterpriseId: null, via: 'system' as const };
  const adminEmail = `admin@${code}.test`;
  const { enterprise } = await createEnterprise(store, operator, {
    code,
    name: `证明企业 ${code}`,
    admin: { email: adminEmail, name: 'Admin', password: PROVE_PASSWORD },
  });
  const ctx = tenantContext(store, systemActor(enterprise._id));
  const site = await createSite(ctx, { code: 'P1', name: `${code} 网点`, city: '上海' });
  const analystEmail = `analyst@${code}.test`;
  await insertUser(store, { enterpriseId: enterprise._id, email: analystEmail, name: 'Analyst', role: 'analyst', password: PROVE_PASSWORD });
  const templates = { survey: await publishDefault(ctx, 'survey'), call: await publishDefault(ctx, 'call'), mystery: await publishDefault(ctx, 'mystery') };
  // The enterprise's local day: after 16:00 UTC the UTC date is already yesterday in China.
  const today = dayOf(new Date(), enterprise.tzOffsetMinutes);
  const campaign = await createCampaign(ctx, {
    name: 'prove',
    templateId: templates.survey.templateId,
    templateVersion: templates.survey.version,
    siteIds: [site._id],
    startsOn: today,
    endsOn: today,
    reminders: { afterDays: 3, maxCount: 0 },
    privacyContact: 'privacy@prove.test',
  });
  const recipients = opts.recipients ?? 0;
  if (recipients > 0)
    await importRecipients(ctx, campaign._id, {
      kind: 'api',
      rows: Array.from({ length: recipients }, (_, i) => ({ email: `r${i}@${code}.test`, siteCode: 'P1' })),
    });
  const rows = await store.collection<Recipient>('recipients').find({ campaignId: campaign._id });
  const { token: apiToken } = await createApiToken(ctx, { name: 'prove', role: 'admin' });
  const siteLinkIds = (await siteLinksOfCampaign(ctx, campaign._id)).map((l) => l._id);
  const calls = await seedCalls(ctx, site, code, opts.calls ?? 0, opts.agents ?? 0);
  const mystery = await seedVisits(store, ctx, site, code, templates.mystery, opts.visits ?? 0, opts.shoppers ?? 1);
  return {
    enterpriseId: enterprise._id,
    adminEmail,
    analystEmail,
    apiToken,
    templates,
    recipients: rows.map((r) => ({ token: r.token, recipientId: r._id })),
    siteLinkIds,
    calls,
    mystery,
  };
}

/** Creates the data directory and its two enterprises; the store is closed again before returning. */
export async function buildProveWorld(opts: WorldOptions = {}): Promise<ProveWorld> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicestar-prove-'));
  const store = await openIndexedStore({ dataDir: dir });
  try {
    const a = await buildEnterprise(store, `prove-a-${path.basename(dir).slice(-6).toLowerCase()}`, opts);
    const b = await buildEnterprise(store, `prove-b-${path.basename(dir).slice(-6).toLowerCase()}`, { recipients: 2 });
    return { dir, ...a, siteCode: 'P1', otherEnterpriseId: b.enterpriseId };
  } finally {
    await store.close();
  }
}

export function removeWorld(world: ProveWorld): void {
  fs.rmSync(world.dir, { recursive: true, force: true });
}
