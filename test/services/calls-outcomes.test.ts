import { claimNext, releaseCase } from '../../server/services/calls/claims';
import { recordOutcome } from '../../server/services/calls/outcomes';
import { nextAttempt } from '../../server/services/calls/schedule';
import type { CallAttempt, CallCase } from '../../server/services/calls/types';
import type { ResponseDoc } from '../../server/services/responses/types';
import { as, listWithCases } from '../helpers/calls';
import { worldForFile } from '../helpers/fileWorld';

let prefixes = 0;
const fixture = worldForFile();

/** China local time (+08:00) as a Date. */
const local = (stamp: string) => new Date(`${stamp}:00+08:00`);
// Fresh agents per test: an agent still holding a case from another test would be handed that one back.
let agents = 0;
let current = { a: '', b: '' };
beforeEach(() => {
  current = { a: `agent-a-${agents}`, b: `agent-b-${agents++}` };
});
const agentA = () => as(fixture.tenant.ctx, current.a, 'agent');
const agentB = () => as(fixture.tenant.ctx, current.b, 'agent');
const answers = {
  service_completed: 'yes',
  technician_attitude: 5,
  timeliness: 4,
  problem_solved: 'yes',
  overall_satisfaction: 5,
  recommend: 9,
  comment: '很好',
};

async function oneCaseList(options: { maxAttempts?: number; count?: number } = {}) {
  const { list } = await listWithCases(fixture.tenant, options.count ?? 1, { prefix: `P${prefixes++}`, maxAttempts: options.maxAttempts });
  return list;
}
const caseOf = async (id: string) => (await fixture.tenant.ctx.store.collection<CallCase>('callCases').findOne({ _id: id }))!;

describe('retry schedule', () => {
  test('each next attempt goes to another part of the day, preferring parts not tried yet', () => {
    const tz = 480;
    expect(nextAttempt(['morning'], local('2024-03-11T10:05'), tz)).toEqual({ daypart: 'afternoon', at: local('2024-03-11T13:30') });
    expect(nextAttempt(['morning', 'afternoon'], local('2024-03-11T14:05'), tz)).toEqual({ daypart: 'evening', at: local('2024-03-11T18:30') });
    // All tried once: not evening again; morning and afternoon tie, the sooner wins.
    expect(nextAttempt(['morning', 'afternoon', 'evening'], local('2024-03-11T19:05'), tz)).toEqual({ daypart: 'morning', at: local('2024-03-12T09:00') });
    // An evening call (after the evening window) on a first attempt: tomorrow morning.
    expect(nextAttempt(['evening'], local('2024-03-11T20:40'), tz)).toEqual({ daypart: 'morning', at: local('2024-03-12T09:00') });
  });

  test('no answer four times over the day parts closes the case as non-contact', async () => {
    const list = await oneCaseList();
    const a = agentA();
    const times = [
      ['2024-03-11T10:00', 'no_answer'],
      ['2024-03-11T13:30', 'busy'],
      ['2024-03-11T18:30', 'no_answer'],
      ['2024-03-12T09:00', 'no_answer'],
    ] as const;
    let caseId = '';
    for (const [i, [at, outcome]] of times.entries()) {
      // Not due before the scheduled time: a minute earlier there is nothing to take.
      if (i > 0) expect((await claimNext(a, { callListId: list._id, now: new Date(local(at).getTime() - 60_000) })).case).toBeNull();
      const { case: claimed } = await claimNext(a, { callListId: list._id, now: local(at) });
      expect(claimed).not.toBeNull();
      caseId = claimed!._id;
      await recordOutcome(a, caseId, { outcome }, new Date(local(at).getTime() + 5 * 60_000));
    }
    const closed = await caseOf(caseId);
    expect(closed).toMatchObject({ status: 'non_contact', attempts: 4, contacted: false, dayparts: ['morning', 'afternoon', 'evening', 'morning'] });
    expect((await claimNext(a, { callListId: list._id, now: local('2024-03-13T10:00') })).case).toBeNull();
    await expect(recordOutcome(a, caseId, { outcome: 'no_answer' }, local('2024-03-13T10:00'))).rejects.toMatchObject({ status: 409, code: 'case_closed' });
  });

  test('the attempt limit is the list’s own', async () => {
    const list = await oneCaseList({ maxAttempts: 2 });
    const a = agentA();
    const c = (await claimNext(a, { callListId: list._id, now: local('2024-03-11T10:00') })).case!;
    await recordOutcome(a, c._id, { outcome: 'busy' }, local('2024-03-11T10:01'));
    await claimNext(a, { callListId: list._id, now: local('2024-03-11T14:00') });
    await recordOutcome(a, c._id, { outcome: 'no_answer' }, local('2024-03-11T14:01'));
    expect(await caseOf(c._id)).toMatchObject({ status: 'non_contact', attempts: 2 });
  });
});

describe('callbacks', () => {
  test('a callback comes back at its time, before other due cases', async () => {
    const list = await oneCaseList({ count: 3 });
    const a = agentA();
    const first = (await claimNext(a, { callListId: list._id, now: local('2024-03-11T10:00') })).case!;
    await recordOutcome(a, first._id, { outcome: 'callback', callbackAt: local('2024-03-12T15:00'), note: '客户在开会' }, local('2024-03-11T10:02'));
    expect(await caseOf(first._id)).toMatchObject({ status: 'open', contacted: true, priority: 0, dueAt: local('2024-03-12T15:00').toISOString() });
    // Before its time the other two cases come up, not the callback.
    const b = agentB();
    const other = (await claimNext(b, { callListId: list._id, now: local('2024-03-12T14:59') })).case!;
    expect(other._id).not.toBe(first._id);
    await releaseCase(b, other._id);
    const due = (await claimNext(b, { callListId: list._id, now: local('2024-03-12T15:00') })).case!;
    expect(due._id).toBe(first._id);
    const attempts = await fixture.tenant.ctx.store.collection<CallAttempt>('callAttempts').find({ caseRef: first._id });
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ outcome: 'callback', note: '客户在开会', callbackAt: local('2024-03-12T15:00').toISOString() });
  });

  test('a callback needs a time in the next 30 days', async () => {
    const list = await oneCaseList();
    const a = agentA();
    const c = (await claimNext(a, { callListId: list._id, now: local('2024-03-11T10:00') })).case!;
    const now = local('2024-03-11T10:05');
    await expect(recordOutcome(a, c._id, { outcome: 'callback' }, now)).rejects.toMatchObject({
      status: 400,
      message: 'callbackAt: is required for a callback',
    });
    await expect(recordOutcome(a, c._id, { outcome: 'callback', callbackAt: local('2024-03-11T09:00') }, now)).rejects.toMatchObject({
      status: 400,
      message: 'callbackAt: must be in the future',
    });
    await expect(recordOutcome(a, c._id, { outcome: 'callback', callbackAt: local('2024-04-15T09:00') }, now)).rejects.toMatchObject({
      status: 400,
      message: 'callbackAt: must be within 30 days',
    });
    expect(await caseOf(c._id)).toMatchObject({ attempts: 0, holderId: a.actor.userId });
  });
});

describe('claims and refused transitions', () => {
  test('20 claims started in the same tick for 10 cases: 10 distinct cases, 10 none', async () => {
    const list = await oneCaseList({ count: 10 });
    const now = local('2024-03-11T10:00');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => claimNext(as(fixture.tenant.ctx, `racer-${i}`, 'agent'), { callListId: list._id, now })),
    );
    const ids = results.flatMap((r) => (r.case ? [r.case._id] : []));
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
    const holders = await fixture.tenant.ctx.store.collection<CallCase>('callCases').find({ callListId: list._id });
    expect(new Set(holders.map((c) => c.holderId)).size).toBe(10);
  });

  test('an agent keeps one case: asking again returns the held case', async () => {
    const list = await oneCaseList({ count: 2 });
    const a = agentA();
    const first = await claimNext(a, { callListId: list._id, now: local('2024-03-11T10:00') });
    const again = await claimNext(a, { callListId: list._id, now: local('2024-03-11T10:01') });
    expect(again).toEqual({ case: first.case, resumed: true });
    await releaseCase(a, first.case!._id);
  });

  test('an outcome on a case you do not hold, or an unsampled one, is refused with 409', async () => {
    const list = await oneCaseList();
    const a = agentA();
    const c = (await claimNext(a, { callListId: list._id, now: local('2024-03-11T10:00') })).case!;
    await expect(recordOutcome(agentB(), c._id, { outcome: 'refused' }, local('2024-03-11T10:05'))).rejects.toMatchObject({
      status: 409,
      code: 'case_not_held',
      message: `you do not hold case ${c.caseId}: take it with “next case” first`,
    });
    await fixture.tenant.ctx.store.collection('callCases').insertOne({
      _id: 'unsampled-1',
      caseId: 'UNS-1',
      status: 'unsampled',
      siteId: fixture.tenant.sites[0]._id,
      claimExpiresAt: '1970-01-01T00:00:00.000Z',
    } as CallCase);
    await expect(recordOutcome(a, 'unsampled-1', { outcome: 'busy' })).rejects.toMatchObject({ status: 409, code: 'case_not_sampled' });
    await releaseCase(a, c._id);
  });

  test('an expired claim returns the case to the pool; the first holder can then no longer record', async () => {
    const list = await oneCaseList();
    const a = agentA();
    const c = (await claimNext(a, { callListId: list._id, now: local('2024-03-11T10:00') })).case!;
    expect((await claimNext(agentB(), { callListId: list._id, now: local('2024-03-11T10:14') })).case).toBeNull();
    expect((await claimNext(agentB(), { callListId: list._id, now: local('2024-03-11T10:15') })).case!._id).toBe(c._id);
    await expect(recordOutcome(a, c._id, { outcome: 'no_answer' }, local('2024-03-11T10:16'))).rejects.toMatchObject({ status: 409, code: 'case_not_held' });
  });

  test('a completed call stores its answers as a call-channel response, once, in the same step as the case', async () => {
    const list = await oneCaseList();
    const a = agentA();
    const c = (await claimNext(a, { callListId: list._id, now: local('2024-03-11T10:00') })).case!;
    const at = local('2024-03-11T10:09');
    // Bad answers change nothing.
    await expect(recordOutcome(a, c._id, { outcome: 'completed', answers: { ...answers, technician_attitude: 9 } }, at)).rejects.toMatchObject({
      status: 400,
      field: 'answers.technician_attitude',
    });
    expect(await caseOf(c._id)).toMatchObject({ status: 'open', attempts: 0, holderId: a.actor.userId });

    // A double click: both submissions race, one wins, the other is refused, the answers count once.
    const results = await Promise.allSettled([
      recordOutcome(a, c._id, { outcome: 'completed', answers }, at),
      recordOutcome(a, c._id, { outcome: 'completed', answers }, at),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ status: 409 });

    const responses = await fixture.tenant.ctx.store.collection<ResponseDoc>('responses').find({ 'refs.caseId': c._id });
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({
      channel: 'call',
      source: 'call',
      respondedAt: at.toISOString(),
      refs: { caseId: c._id, callListId: list._id },
      dedupeKey: `key:${fixture.tenant.enterpriseId}:call:${c._id}`,
      countedAt: at.toISOString(),
    });
    expect(await caseOf(c._id)).toMatchObject({ status: 'completed', attempts: 1, contacted: true, responseId: responses[0]!._id });
    expect(await fixture.tenant.ctx.store.collection('callAttempts').count({ caseRef: c._id })).toBe(1);
    // The call channel's rollups for that local day carry it.
    expect(await fixture.tenant.ctx.store.collection('rollups').count({ grain: 'day', day: '2024-03-11', channel: 'call' })).toBeGreaterThan(0);
    await expect(recordOutcome(a, c._id, { outcome: 'completed', answers }, local('2024-03-11T10:20'))).rejects.toMatchObject({
      status: 409,
      message: `case ${c.caseId} is already closed (completed); no further outcome can be recorded`,
    });
  });

  test('refused and wrong number close the case; only a refusal counts as contact', async () => {
    const list = await oneCaseList({ count: 2 });
    const a = agentA();
    const one = (await claimNext(a, { callListId: list._id, now: local('2024-03-11T10:00') })).case!;
    await recordOutcome(a, one._id, { outcome: 'refused' }, local('2024-03-11T10:01'));
    const two = (await claimNext(a, { callListId: list._id, now: local('2024-03-11T10:02') })).case!;
    await recordOutcome(a, two._id, { outcome: 'wrong_number', note: '新号码 13912345678 需核实' }, local('2024-03-11T10:03'));
    expect(await caseOf(one._id)).toMatchObject({ status: 'refused', contacted: true });
    expect(await caseOf(two._id)).toMatchObject({ status: 'wrong_number', contacted: false });
    // A number typed into a note is masked on the way in.
    const [attempt] = await fixture.tenant.ctx.store.collection<CallAttempt>('callAttempts').find({ caseRef: two._id });
    expect(attempt!.note).toBe('新号码 139****5678 需核实');
  });
});

describe('what a completed outcome reads', () => {
  type Counts = Record<string, { reads: number; writes: number }>;
  const statements = () => (fixture.world.store as unknown as { statementStats(): Counts }).statementStats();
  /** Reads per collection while `run` runs (the embedded store counts every statement). */
  async function readsDuring(run: () => Promise<unknown>): Promise<Record<string, number>> {
    const before = statements();
    await run();
    const after = statements();
    return Object.fromEntries(Object.entries(after).map(([name, c]) => [name, c.reads - (before[name]?.reads ?? 0)]));
  }

  test('given the case its request already read, the case is not read again, and no earlier response is looked for under its key', async () => {
    const list = await oneCaseList({ count: 2 });
    const a = agentA();
    const first = (await claimNext(a, { callListId: list._id, now: local('2024-03-11T10:00') })).case!;
    const fromScratch = await readsDuring(() => recordOutcome(a, first._id, { outcome: 'completed', answers }, local('2024-03-11T10:05')));
    const second = (await claimNext(a, { callListId: list._id, now: local('2024-03-11T10:06') })).case!;
    const withRead = await readsDuring(() => recordOutcome(a, second._id, { outcome: 'completed', answers }, local('2024-03-11T10:09'), second));

    expect(withRead.callCases).toBe(fromScratch.callCases! - 1);
    // An open case has no response yet: the unique key alone guards against a racing twin.
    expect(withRead.responses ?? 0).toBe(0);
    // The enterprise's time zone is read once and handed on to the response's rollups.
    expect(withRead.enterprises).toBe(1);
    expect(await fixture.tenant.ctx.store.collection<ResponseDoc>('responses').count({ 'refs.caseId': { $in: [first._id, second._id] } })).toBe(2);
  });
});
