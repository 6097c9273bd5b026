/** What an agent's workspace shows: the case they hold, how many wait, the callbacks coming up, their calls today. */
import { assertCan } from '../accounts/roles';
import type { TenantContext } from '../context';
import { casesOf } from './cases';
import { heldCase } from './claims';
import { tzOffsetOf } from './clock';
import { collections, type CallAttempt, type CallCase, type Outcome } from './types';
import { addDays, atLocal, dayOf } from '../calendar';

export interface Workspace {
  held: CallCase | null;
  dueNow: number;
  /** Callbacks due from now until the end of tomorrow, soonest first (at most 10). */
  callbacks: CallCase[];
  callsToday: number;
  outcomesToday: Array<{ outcome: Outcome; n: number }>;
  tz: number;
}

export async function workspace(ctx: TenantContext, now = new Date()): Promise<Workspace> {
  assertCan(ctx.actor.role, 'calls.work');
  const tz = await tzOffsetOf(ctx);
  const today = dayOf(now, tz);
  const at = now.toISOString();
  const [held, dueNow, callbacks, mine] = await Promise.all([
    heldCase(ctx, now),
    casesOf(ctx).count({ status: 'open', dueAt: { $lte: at }, claimExpiresAt: { $lte: at } }),
    casesOf(ctx).find(
      { status: 'open', priority: 0, dueAt: { $gt: at, $lt: atLocal(addDays(today, 2), 0, tz).toISOString() } },
      { sort: { dueAt: 1 }, limit: 10 },
    ),
    ctx.store.collection<CallAttempt>(collections.attempts).find({ agentId: ctx.actor.userId, at: { $gte: atLocal(today, 0, tz).toISOString() } }),
  ]);
  const counts = new Map<Outcome, number>();
  for (const a of mine) counts.set(a.outcome, (counts.get(a.outcome) ?? 0) + 1);
  return { held, dueNow, callbacks, callsToday: mine.length, outcomesToday: [...counts.entries()].map(([outcome, n]) => ({ outcome, n })), tz };
}
