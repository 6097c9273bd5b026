/**
 * Demo data: a year of monthly call lists at every demo site, worked by three
 * agents through the same services the workspace uses (claim, outcome,
 * completion through submitResponse) on a simulated clock in calling hours,
 * so the supervisor view, the call channel's scores and the retry schedule all
 * show real figures. This month's lists are still being worked.
 */
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import { ConflictError } from '../../errors';
import { listSites } from '../accounts/sites';
import { insertUser, type User } from '../accounts/users';
import { inTransaction, type TenantContext } from '../context';
import { importCases } from './cases';
import { claimNext } from './claims';
import { addDays, atLocal, localDate, localMinutes, MINUTE, tzOffsetOf } from './clock';
import { demoCallAnswers, demoCustomer, pick, REACH, seeded, type Random } from './demoPeople';
import { createList } from './lists';
import { recordOutcome, type OutcomeInput } from './outcomes';
import { DAYPARTS } from './schedule';
import { collections, type CallCase, type CallList } from './types';

const MONTHS = 12;
/** Days an agent team spends on one month's list. */
const WORK_DAYS = 9;
const DEMO_AGENTS = [
  { email: 'agent2@demo.test', name: '坐席 王芳' },
  { email: 'agent3@demo.test', name: '坐席 陈晨' },
];

/**
 * The twelve last whole months, each drawn on the 1st of the next month and
 * worked for up to nine days; then this month so far (once a week of it has
 * passed), drawn yesterday morning and only begun.
 */
function demoPeriods(today: string, tz: number, now: Date) {
  const periods: Array<{ from: string; to: string; drawnAt: Date; until: Date; progress: number }> = [];
  const last = new Date(now.getTime() - 5 * MINUTE);
  for (let back = MONTHS; back >= 1; back--) {
    const from = monthStart(today, back);
    const to = addDays(monthStart(today, back - 1), -1);
    const drawnAt = atLocal(addDays(to, 1), 8 * 60 + 30, tz);
    periods.push({ from, to, drawnAt, until: new Date(Math.min(drawnAt.getTime() + WORK_DAYS * 1440 * MINUTE, last.getTime())), progress: (MONTHS - back) / MONTHS });
  }
  const from = monthStart(today, 0);
  const yesterday = addDays(today, -1);
  const drawnAt = atLocal(yesterday, 8 * 60 + 30, tz);
  // Only yesterday morning's calls are made: today the list waits for the agents.
  if (addDays(from, 6) <= yesterday) periods.push({ from, to: addDays(yesterday, -1), drawnAt, until: new Date(Math.min(drawnAt.getTime() + 210 * MINUTE, last.getTime())), progress: 1 });
  return periods;
}

function monthStart(today: string, back: number): string {
  const d = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - back);
  return d.toISOString().slice(0, 10);
}

/** The next moment inside calling hours at or after `t`. */
function inCallingHours(t: Date, tz: number): Date {
  const day = localDate(t, tz);
  const m = localMinutes(t, tz);
  for (const { start, end } of Object.values(DAYPARTS)) {
    if (m < start) return atLocal(day, start, tz);
    if (m < end) return t;
  }
  return atLocal(addDays(day, 1), DAYPARTS.morning.start, tz);
}

/** What happens on this attempt, as the site's customers tend to respond. */
function outcomeFor(rnd: Random, c: CallCase, list: CallList, at: Date, progress: number, tz: number): OutcomeInput {
  if (c.attempts === 0 && rnd() < 0.02) return { outcome: 'wrong_number' };
  if (c.lastOutcome !== 'callback' && rnd() > (REACH[c.siteCode] ?? 0.55)) return { outcome: rnd() < 0.8 ? 'no_answer' : 'busy' };
  const r = rnd();
  if (r < 0.07) return { outcome: 'refused', note: pick(rnd, ['客户表示没时间', '不愿意接受回访', '']) || undefined };
  if (r < 0.15 && c.lastOutcome !== 'callback' && c.attempts + 1 < list.maxAttempts) {
    // The customer names a time in calling hours, a day or two later, on the quarter hour.
    const asked = inCallingHours(new Date(at.getTime() + (20 + Math.floor(rnd() * 30)) * 60 * MINUTE), tz);
    return { outcome: 'callback', callbackAt: new Date(Math.ceil(asked.getTime() / (15 * MINUTE)) * 15 * MINUTE), note: '客户正在忙，约定回拨' };
  }
  return { outcome: 'completed', answers: demoCallAnswers(rnd, c.siteCode, progress) };
}

async function demoAgents(ctx: TenantContext): Promise<TenantContext[]> {
  const agents = await ctx.store.collection<User>('users').find({ role: 'agent' }, { sort: { email: 1 } });
  for (const extra of DEMO_AGENTS) {
    if (agents.some((a) => a.email === extra.email)) continue;
    try {
      // Earlier colleagues whose calls fill the history; they have no known password.
      agents.push(await insertUser(ctx.root, { ...extra, role: 'agent', enterpriseId: ctx.actor.enterpriseId, password: crypto.randomBytes(18).toString('base64url') }));
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  return agents.map((a) => ({ ...ctx, actor: { userId: a._id, role: 'agent' as const, enterpriseId: ctx.actor.enterpriseId, via: 'system' as const } }));
}

/** Works one list on a simulated clock from its draw until `until`: claims, outcomes, callbacks, retries. */
async function workList(ctx: TenantContext, agents: TenantContext[], list: CallList, until: Date, rnd: Random, progress: number, tz: number) {
  let t = new Date(list.drawnAt);
  let turn = 0;
  let calls = 0;
  while (t < until) {
    t = inCallingHours(t, tz);
    if (t >= until) break;
    const agent = agents[turn++ % agents.length]!;
    const { case: c } = await claimNext(agent, { callListId: list._id, now: t });
    if (!c) {
      const next = await ctx.store.collection<CallCase>(collections.cases).findOne({ callListId: list._id, status: 'open' }, { sort: { dueAt: 1 } });
      if (!next?.dueAt) break;
      t = new Date(Math.max(new Date(next.dueAt).getTime(), t.getTime() + MINUTE));
      continue;
    }
    const at = new Date(t.getTime() + (2 + Math.floor(rnd() * 6)) * MINUTE);
    if (at >= until) break;
    await recordOutcome(agent, c._id, outcomeFor(rnd, c, list, at, progress, tz), at);
    calls += 1;
    t = new Date(at.getTime() + Math.floor(rnd() * 3) * MINUTE);
  }
  return calls;
}

export async function seedDemoCalls(ctx: TenantContext, log: Logger): Promise<void> {
  if (await ctx.store.collection(collections.lists).count({})) return;
  const started = Date.now();
  const tz = await tzOffsetOf(ctx);
  const now = new Date();
  const today = localDate(now, tz);
  const agents = await demoAgents(ctx);
  const sites = await listSites(ctx);
  const rnd = seeded(20240301);
  const totals = { lists: 0, cases: 0, calls: 0 };
  for (const period of demoPeriods(today, tz, now)) {
    const { from, to, drawnAt, until, progress } = period;
    for (const site of sites) {
      const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
      const rows = Array.from({ length: Math.round((50 + Math.floor(rnd() * 25)) * Math.min(1, days / 28)) }, (_, i) => ({
        row: i + 2,
        raw: { caseId: `${site.code}-${from.slice(0, 7).replace('-', '')}-${String(i + 1).padStart(4, '0')}`, siteCode: site.code, serviceDate: addDays(from, Math.floor(rnd() * days)), ...demoCustomer(rnd, site.code) },
      }));
      // One commit per site and period: every step inside joins it (nested transactions run inline),
      // so seeding does not wait for a durable commit after each of thousands of calls.
      const done = await ctx.root.withTransaction(async (rawTx) => {
        const tx = inTransaction(ctx, rawTx);
        const imported = await importCases(tx, rows, { source: 'demo', now: new Date(drawnAt.getTime() - 30 * MINUTE) });
        const list = await createList(tx, { siteId: site._id, from, to, mode: 'planner', e: 0.25, expectedResponseRate: 0.8, seed: Math.floor(rnd() * 2 ** 32) }, drawnAt);
        const calls = await workList(tx, agents.map((a) => inTransaction(a, rawTx)), list, until, rnd, progress, tz);
        return { cases: imported.created, calls };
      });
      totals.lists += 1;
      totals.cases += done.cases;
      totals.calls += done.calls;
    }
  }
  log.info({ ...totals, ms: Date.now() - started }, 'demo call lists worked');
}
