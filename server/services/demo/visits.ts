/**
 * Demo mystery shopping: a pool of four shoppers (the demo shopper and three
 * more), a plan per site for the past twelve months whose visits are assigned
 * under the revisit rule, reported with a photo and approved (so they count
 * through the normal scoring path), and this month's plans with work in every
 * state: one to accept, one being written, one waiting for QA.
 */
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import { getEnterprise } from '../accounts/enterprises';
import { listSites, type Site } from '../accounts/sites';
import type { User } from '../accounts/users';
import { tenantContext, type TenantContext } from '../context';
import { listTemplates } from '../templates/versions';
import { getVisit } from '../visits/access';
import { acceptVisit, assignVisit, autoAssign } from '../visits/assignment';
import { attachEvidence } from '../visits/evidence';
import { createPlan, planVisits } from '../visits/plans';
import { completeReport, saveDraft } from '../visits/report';
import { approveVisit } from '../visits/review';
import { updateProfile } from '../visits/shoppers';
import { slotAt } from '../visits/slots';
import { SLOTS, type Visit } from '../visits/types';
import { visitScore } from '../scoring/visit';
import { getVersion } from '../templates/versions';
import { demoAnswers, storefrontPhoto, visitTiming } from './visitReports';
import { addDays, dayOf } from '../calendar';
import { mulberry32 } from '../random';

const MORE_SHOPPERS = [
  { email: 'shopper2@demo.test', name: '神秘顾客 周琳', regions: ['北京', '上海', '广州', '武汉'] },
  { email: 'shopper3@demo.test', name: '神秘顾客 吴昊', regions: ['广州', '成都', '武汉', '北京'] },
  { email: 'shopper4@demo.test', name: '神秘顾客 郑悦', regions: ['上海', '广州', '成都', '武汉'] },
];
const QUALITY: Record<string, number> = { BJ01: 0.94, SH01: 0.9, GZ01: 0.86, CD01: 0.8, WH01: 0.74 };
const YEAR_SLOTS = ['weekday-morning', 'weekday-afternoon', 'weekend-morning', 'weekend-afternoon'] as const;

const photoOf = new Map<string, Promise<Buffer>>();
const as = (ctx: TenantContext, user: User) =>
  tenantContext(ctx.root, { userId: user._id, role: user.role, enterpriseId: ctx.actor.enterpriseId, via: 'system' });

/** The three extra shoppers share the demo password: their hash is copied from the demo shopper's. */
async function shopperPool(ctx: TenantContext): Promise<User[]> {
  const users = ctx.root.collection<User>('users');
  const first = await users.findOne({ email: 'shopper@demo.test', enterpriseId: ctx.actor.enterpriseId });
  if (!first) return [];
  const pool = [first];
  for (const s of MORE_SHOPPERS) {
    const user: User = {
      _id: crypto.randomUUID(),
      enterpriseId: ctx.actor.enterpriseId,
      email: s.email,
      name: s.name,
      role: 'shopper',
      passwordHash: first.passwordHash,
      createdAt: first.createdAt,
    };
    pool.push((await users.findOne({ email: s.email })) ?? (await users.insertOne(user)));
  }
  await updateProfile(ctx, first._id, { regions: ['北京', '上海', '成都', '武汉'], availability: [...SLOTS] });
  for (const [i, s] of MORE_SHOPPERS.entries()) {
    await updateProfile(ctx, pool[i + 1]._id, { regions: s.regions, availability: SLOTS.filter((slot) => i !== 1 || !slot.endsWith('evening')) });
  }
  return pool;
}

/** Writes the report as the shopper did `hoursLater` after the visit, with one photo, and leaves it submitted. */
async function report(ctx: TenantContext, shopper: User, visit: Visit, site: Site, seed: number, hoursLater: number): Promise<void> {
  const rand = mulberry32(seed);
  const shopperCtx = as(ctx, shopper);
  if (visit.state === 'assigned') await acceptVisit(shopperCtx, visit._id);
  const { content } = await getVersion(ctx, visit.templateId, visit.templateVersion);
  const accepted = await getVisit(shopperCtx, visit._id, 'work');
  // One drawing per site: rendering the SVG is the slow part, storing a copy per visit is not.
  const photo = await (photoOf.get(site.code) ??
    photoOf.set(site.code, storefrontPhoto((site.code.charCodeAt(0) * 47) % 360, mulberry32(site.code.charCodeAt(1)))).get(site.code)!);
  await attachEvidence(shopperCtx, accepted, [{ bytes: photo, name: `${site.code}-门头.jpg`, questionId: 'evidence_photos', field: 'evidence' }]);
  const input = { ...visitTiming(visit, rand), ...demoAnswers(content, QUALITY[site.code] ?? 0.85, rand), comments: '按检查表完成暗访。' };
  const full = await completeReport(shopperCtx, accepted, content, input);
  // History is written as it happened: the submission time is set to when the shopper would have sent it.
  const submittedAt = new Date(Date.parse(full.endedAt) + hoursLater * 3600_000).toISOString();
  await ctx.store.collection<Visit>('visits').updateOne(
    { _id: visit._id },
    {
      $set: {
        state: 'submitted',
        report: full,
        revision: 1,
        submittedAt,
        firstSubmittedAt: submittedAt,
        late: hoursLater > 24,
        offSlot: slotAt(full.visitDate, full.startTime) !== visit.slot,
        score: visitScore(content, full.answers),
        updatedAt: submittedAt,
      },
    },
  );
}

export async function seedDemoVisits(ctx: TenantContext, log: Logger): Promise<void> {
  if (await ctx.store.collection('visitPlans').count({})) return;
  const template = (await listTemplates(ctx, { channel: 'mystery' })).find((t) => t.publishedVersion !== null);
  const reviewer = await ctx.root.collection<User>('users').findOne({ email: 'reviewer@demo.test', enterpriseId: ctx.actor.enterpriseId });
  const pool = await shopperPool(ctx);
  if (!template || !reviewer || !pool.length) return log.warn('demo visits skipped: no mystery template, reviewer or shopper');
  const byId = new Map(pool.map((u) => [u._id, u]));
  const sites = await listSites(ctx);
  const { tzOffsetMinutes } = await getEnterprise(ctx.root, ctx.actor.enterpriseId);
  const today = dayOf(new Date(), tzOffsetMinutes);
  const monthStart = `${today.slice(0, 8)}01`;

  // This month first, so the year's assignments respect the shoppers already booked now.
  const current = new Map<string, Visit>();
  for (const site of sites) {
    const plan = await createPlan(ctx, {
      siteId: site._id,
      name: `${site.code} 本月暗访`,
      from: addDays(today, -6),
      to: addDays(today, 14),
      visits: 1,
      templateId: template._id,
      slots: [...SLOTS],
    });
    current.set(site.code, (await planVisits(ctx, plan._id))[0]);
  }
  const [demoShopper, second] = pool;
  await assignVisit(ctx, current.get('BJ01')!._id, demoShopper._id);
  const writing = await assignVisit(ctx, current.get('WH01')!._id, demoShopper._id);
  await acceptVisit(as(ctx, demoShopper), writing._id);
  await saveDraft(as(ctx, demoShopper), writing._id, {
    visitDate: addDays(today, -1),
    startTime: '10:05',
    answers: { sign_visible: 'yes', hours_posted: 'yes' },
  });
  const waiting = await assignVisit(ctx, current.get('SH01')!._id, second._id);
  await report(
    ctx,
    second,
    { ...waiting, window: { from: addDays(today, -6), to: addDays(today, -1) } },
    sites.find((s) => s.code === 'SH01')!,
    7,
    3,
  );

  let approved = 0;
  const yearFrom = `${addDays(monthStart, -360).slice(0, 8)}01`;
  for (const site of sites) {
    const plan = await createPlan(ctx, {
      siteId: site._id,
      name: `${site.code} 年度暗访`,
      from: yearFrom,
      to: addDays(monthStart, -1),
      visits: 12,
      templateId: template._id,
      slots: [...YEAR_SLOTS],
    });
    const result = await autoAssign(ctx, plan._id);
    for (const visit of (await planVisits(ctx, plan._id)).filter((v) => v.state === 'assigned')) {
      await report(ctx, byId.get(visit.shopperId!)!, visit, site, visit.seq * 7919 + site.code.charCodeAt(2), visit.seq % 9 === 0 ? 30 : 2 + (visit.seq % 5));
      await approveVisit(as(ctx, reviewer), visit._id);
      approved += 1;
    }
    if (result.unassigned.length) log.info({ site: site.code, open: result.unassigned.length }, 'demo visits left open: no eligible shopper');
  }
  log.info({ shoppers: pool.length, approved, from: yearFrom, to: addDays(monthStart, -1) }, 'demo mystery visits seeded');
}
