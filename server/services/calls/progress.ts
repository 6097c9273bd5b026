/**
 * The supervisor's figures for the call lists of a period, per site and in
 * total, and the calls each agent made. Rates follow AAPOR's standard
 * definitions with every sampled case presumed eligible (we cannot tell an
 * ineligible case from one we failed to reach), which gives the most
 * conservative reading:
 *   RR1  = completes / sampled cases
 *   CON1 = cases where someone answered (completed, refused, asked for a callback) / sampled cases
 *   REF1 = refusals / sampled cases
 * Cases still being worked stay in the denominators, so rates rise as a list is worked.
 */
import type { Filter } from '../../store/types';
import { assertCan } from '../accounts/roles';
import type { User } from '../accounts/users';
import type { TenantContext } from '../context';
import { listLists } from './lists';
import { collections, type CallAttempt, type CallCase, type CallList, type Outcome } from './types';

export interface Figures {
  lists: number;
  quota: number;
  sampled: number;
  completed: number;
  refused: number;
  wrongNumber: number;
  nonContact: number;
  open: number;
  contacted: number;
  attempts: number;
  attemptedCases: number;
  /** completed / quota (may pass 1). */
  progress: number | null;
  responseRate: number | null;
  contactRate: number | null;
  refusalRate: number | null;
  attemptsPerCase: number | null;
}

export interface AgentFigures {
  agentId: string;
  name: string;
  calls: number;
  byOutcome: Record<Outcome, number>;
}

export interface SupervisorReport {
  from: string;
  to: string;
  sites: Array<{ siteId: string; siteCode: string } & Figures>;
  total: Figures;
  agents: AgentFigures[];
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

function emptyCounts() {
  return { lists: 0, quota: 0, sampled: 0, completed: 0, refused: 0, wrongNumber: 0, nonContact: 0, open: 0, contacted: 0, attempts: 0, attemptedCases: 0 };
}
type Counts = ReturnType<typeof emptyCounts>;

function withRates(c: Counts): Figures {
  return {
    ...c,
    progress: ratio(c.completed, c.quota),
    responseRate: ratio(c.completed, c.sampled),
    contactRate: ratio(c.contacted, c.sampled),
    refusalRate: ratio(c.refused, c.sampled),
    attemptsPerCase: ratio(c.attempts, c.attemptedCases),
  };
}

function addCase(counts: Counts, c: CallCase): void {
  if (c.status === 'completed') counts.completed += 1;
  else if (c.status === 'refused') counts.refused += 1;
  else if (c.status === 'wrong_number') counts.wrongNumber += 1;
  else if (c.status === 'non_contact') counts.nonContact += 1;
  else if (c.status === 'open') counts.open += 1;
  if (c.contacted) counts.contacted += 1;
  counts.attempts += c.attempts;
  if (c.attempts > 0) counts.attemptedCases += 1;
}

const newAgentRow = (): Record<Outcome, number> => ({ completed: 0, no_answer: 0, busy: 0, refused: 0, wrong_number: 0, callback: 0 });

/** One pass over the lists' cases and attempts: counts per list and per agent. */
async function tally(ctx: TenantContext, lists: CallList[]): Promise<{ byList: Map<string, Counts>; agents: Map<string, Record<Outcome, number>> }> {
  const byList = new Map(lists.map((l) => [l._id, { ...emptyCounts(), lists: 1, quota: l.quota, sampled: l.sampleSize }]));
  const agents = new Map<string, Record<Outcome, number>>();
  if (!lists.length) return { byList, agents };
  const inLists: Filter = { callListId: { $in: lists.map((l) => l._id) } };
  for await (const c of ctx.store.collection<CallCase>(collections.cases).iterate(inLists)) addCase(byList.get(c.callListId!)!, c);
  for await (const a of ctx.store.collection<CallAttempt>(collections.attempts).iterate(inLists)) {
    const row = agents.get(a.agentId) ?? newAgentRow();
    row[a.outcome] += 1;
    agents.set(a.agentId, row);
  }
  return { byList, agents };
}

function sum(into: Counts, add: Counts): void {
  for (const k of Object.keys(into) as (keyof Counts)[]) into[k] += add[k];
}

/** Figures of each list, by list id. */
export async function listFigures(ctx: TenantContext, lists: CallList[]): Promise<Map<string, Figures>> {
  assertCan(ctx.actor.role, 'calls.supervise');
  const { byList } = await tally(ctx, lists);
  return new Map([...byList.entries()].map(([id, counts]) => [id, withRates(counts)]));
}

export async function supervisorReport(ctx: TenantContext, period: { from: string; to: string }): Promise<SupervisorReport> {
  assertCan(ctx.actor.role, 'calls.supervise');
  const lists = await listLists(ctx, period);
  const { byList, agents } = await tally(ctx, lists);
  const bySite = new Map<string, { siteCode: string; counts: Counts }>();
  const total = emptyCounts();
  for (const list of lists) {
    const entry = bySite.get(list.siteId) ?? { siteCode: list.siteCode, counts: emptyCounts() };
    sum(entry.counts, byList.get(list._id)!);
    sum(total, byList.get(list._id)!);
    bySite.set(list.siteId, entry);
  }
  const sites = [...bySite.entries()]
    .sort((a, b) => a[1].siteCode.localeCompare(b[1].siteCode))
    .map(([siteId, { siteCode, counts }]) => ({ siteId, siteCode, ...withRates(counts) }));
  const users = agents.size ? await ctx.store.collection<User>('users').find({ _id: { $in: [...agents.keys()] } }) : [];
  const agentRows = [...agents.entries()]
    .map(([agentId, byOutcome]) => ({
      agentId,
      name: users.find((u) => u._id === agentId)?.name ?? agentId,
      calls: Object.values(byOutcome).reduce((s, n) => s + n, 0),
      byOutcome,
    }))
    .sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name));
  return { from: period.from, to: period.to, sites, total: withRates(total), agents: agentRows };
}
