/**
 * Demo data: a year of monthly call lists at every demo site, worked by three
 * agents through the same services the workspace uses (claim, outcome,
 * completion through submitResponse) on a simulated clock in calling hours,
 * so the supervisor view, the call channel's scores and the retry schedule all
 * show real figures. This week's lists are still being worked.
 */
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import { ConflictError } from '../../errors';
import { listSites } from '../accounts/sites';
import { insertUser, type User } from '../accounts/users';
import { inTransaction, type TenantContext } from '../context';
import { importCases } from './cases';
import { claimNext } from './claims';
import { MINUTE, tzOffsetOf } from './clock';
import { demoCallAnswers, demoCustomer, pick, REACH, type Random } from './demoPeople';
import { createList } from './lists';
import { recordOutcome, type OutcomeInput } from './outcomes';
import { DAYPARTS } from './schedule';
import { collections, type CallCase, type CallList } from './types';
import { addDays, addMonths, atLocal, dayOf, daysInRange, firstDayOfMonth, localMinutes } from '../calendar';
import { mulberry32 } from '../random';

const MONTHS = 12;
/** Days an agent team spends on one month's list. */
const WORK_DAYS = 9;
/** Share of this week's list called so far: the rest is open and due for the demo agent. */
const WEEK_WORKED = 0.4;
const DEMO_AGENTS = [
  { email: 'agent2@demo.test', name: '坐席 王芳' },
  { email: 'agent3@demo.test', name: '坐席 陈晨' },
];

interface DemoPeriod {
  from: string;
  to: string;
  /** Case ids of the period's import say which period they came in with. */
  tag: string;
  drawnAt: Date;
  until: Date;
  progress: number;
  /** Share of the sample the team gets round to before `until` (1: as many as the days allow). */
  worked: number;
}

/**
 * The twelve last whole months, each drawn on the 1st of the next month and
 * worked for up to nine days; then last week's services, drawn this morning
 * (yesterday's when today's calling has not begun) and partly worked, so the
 * demo agent finds open, due cases the moment the app starts, whatever the date.
 */
function demoPeriods(today: string, tz: number, now: Date): DemoPeriod[] {
  const periods: DemoPeriod[] = [];
  const last = new Date(now.getTime() - 5 * MINUTE);
  for (let back = MONTHS; back >= 1; back--) {
    const from = monthStart(today, back);
    const to = addDays(monthStart(today, back - 1), -1);
    const drawnAt = atLocal(addDays(to, 1), 8 * 60 + 30, tz);
    periods.push({
      from,
      to,
      tag: from.slice(0, 7).replace('-', ''),
      drawnAt,
      until: new Date(Math.min(drawnAt.getTime() + WORK_DAYS * 1440 * MINUTE, last.getTime())),
      progress: (MONTHS - back) / MONTHS,
      worked: 1,
    });
  }
  const drawDay = localMinutes(now, tz) >= DAYPARTS.morning.start + 30 ? today : addDays(today, -1);
  // 08:45, after a month's list drawn at 08:30 the same day: that draw must not see this week's cases.
  const drawnAt = atLocal(drawDay, 8 * 60 + 45, tz);
  const from = addDays(drawDay, -7);
  periods.push({ from, to: addDays(drawDay, -1), tag: from.replace(/-/g, ''), drawnAt, until: last, progress: 1, worked: WEEK_WORKED });
  return periods;
}

function monthStart(today: string, back: number): string {
  return firstDayOfMonth(addMonths(today, -back));
}

/** The next moment inside calling hours at or after `t`. */
function inCallingHours(t: Date, tz: number): Date {
  const day = dayOf(t, tz);
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
      agents.push(
        await insertUser(ctx.root, { ...extra, role: 'agent', enterpriseId: ctx.actor.enterpriseId, password: crypto.randomBytes(18).toString('base64url') }),
      );
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  return agents.map((a) => ({ ...ctx, actor: { userId: a._id, role: 'agent' as const, enterpriseId: ctx.actor.enterpriseId, via: 'system' as const } }));
}

/** Works one list on a simulated clock from its draw until `until`: claims, outcomes, callbacks, retries. */
async function workList(
  ctx: TenantContext,
  agents: TenantContext[],
  list: CallList,
  until: Date,
  rnd: Random,
  progress: number,
  tz: number,
  budget = Infinity,
) {
  let t = new Date(list.drawnAt);
  let turn = 0;
  let calls = 0;
  while (t < until && calls < budget) {
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
  const today = dayOf(now, tz);
  const agents = await demoAgents(ctx);
  const sites = await listSites(ctx);
  const rnd = mulberry32(20240301);
  const totals = { lists: 0, cases: 0, calls: 0 };
  for (const period of demoPeriods(today, tz, now)) {
    const { from, to, tag, drawnAt, until, progress, worked } = period;
    for (const site of sites) {
      const days = daysInRange(from, to);
      const rows = Array.from({ length: Math.round((50 + Math.floor(rnd() * 25)) * Math.min(1, days / 28)) }, (_, i) => ({
        row: i + 2,
        raw: {
          caseId: `${site.code}-${tag}-${String(i + 1).padStart(4, '0')}`,
          siteCode: site.code,
          serviceDate: addDays(from, Math.floor(rnd() * days)),
          ...demoCustomer(rnd, site.code),
        },
      }));
      // One commit per site and period: every step inside joins it (nested transactions run inline),
      // so seeding does not wait for a durable commit after each of thousands of calls.
      const done = await ctx.root.withTransaction(async (rawTx) => {
        const tx = inTransaction(ctx, rawTx);
        const imported = await importCases(tx, rows, { source: 'demo', now: new Date(drawnAt.getTime() - 10 * MINUTE) });
        const list = await createList(
          tx,
          { siteId: site._id, from, to, mode: 'planner', e: 0.25, expectedResponseRate: 0.8, seed: Math.floor(rnd() * 2 ** 32) },
          drawnAt,
        );
        const calls = await workList(
          tx,
          agents.map((a) => inTransaction(a, rawTx)),
          list,
          until,
          rnd,
          progress,
          tz,
          worked < 1 ? Math.round(list.sampleSize * worked) : Infinity,
        );
        return { cases: imported.created, calls };
      });
      totals.lists += 1;
      totals.cases += done.cases;
      totals.calls += done.calls;
    }
  }
  log.info({ ...totals, ms: Date.now() - started }, 'demo call lists worked');
}
