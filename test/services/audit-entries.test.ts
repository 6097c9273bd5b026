/** Auditor entries: validation, audit log, concurrent edits, retries and frozen audits. */
import { addDeduction, removeDeduction } from '../../server/services/audits/adjustments';
import { createAudit } from '../../server/services/audits/audits';
import { EntryConflictError } from '../../server/services/audits/conflict';
import { saveSiteResults, setEntry } from '../../server/services/audits/entries';
import { listAdjustments, listEntries } from '../../server/services/audits/recorded';
import { changeStatus } from '../../server/services/audits/status';
import type { AuditEntry as LogEntry } from '../../server/services/auditLog';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../server/errors';
import { allMet, auditorOf, dayFromNow } from '../helpers/audits';
import { buildTenant, buildWorld, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let auditor: ReturnType<typeof auditorOf>;
let auditId: string;
let s1: string;
const CODE = 'internal.culture.philosophy';

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  auditor = auditorOf(world, tenant);
  auditId = (await createAudit(auditor, { kind: 'stage1', plannedDate: '2026-03-02' }))._id;
  s1 = tenant.sites[0]._id;
});
afterAll(() => world.close());

const fieldOf = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).field;
};

test('refuses entries that break the rules, naming the field', async () => {
  expect(await fieldOf(setEntry(auditor, auditId, s1, CODE, { status: 'fraction', fraction: 1.2, reason: 'r' }))).toBe('fraction');
  expect(await fieldOf(setEntry(auditor, auditId, s1, CODE, { status: 'fraction', fraction: -0.1, reason: 'r' }))).toBe('fraction');
  expect(await fieldOf(setEntry(auditor, auditId, s1, CODE, { status: 'fraction', fraction: 0.5 }))).toBe('reason');
  expect(await fieldOf(setEntry(auditor, auditId, s1, CODE, { status: 'na', reason: '   ' }))).toBe('reason');
  expect(await fieldOf(setEntry(auditor, auditId, s1, 'internal.culture.nope', { status: 'met' }))).toBe('code');
  expect(await fieldOf(setEntry(auditor, auditId, s1, 'internal.culture', { status: 'met' }))).toBe('code'); // an item, not an indicator
  const nc = { note: 'n', evidence: 'e', dueDate: '2026-04-01' };
  expect(await fieldOf(setEntry(auditor, auditId, s1, CODE, { status: 'met', nonconformity: nc }))).toBe('nonconformity');
  expect(await fieldOf(setEntry(auditor, auditId, s1, CODE, { status: 'notMet', nonconformity: { ...nc, evidence: '' } }))).toBe('nonconformity.evidence');
  expect(await fieldOf(setEntry(auditor, auditId, s1, CODE, { status: 'notMet', nonconformity: { ...nc, dueDate: '2026-02-30' } }))).toBe(
    'nonconformity.dueDate',
  );
  expect(await fieldOf(setEntry(auditor, auditId, s1, CODE, { status: 'notMet', nonconformity: { ...nc, dueDate: '2026-03-01' } }))).toBe(
    'nonconformity.dueDate',
  );
  // In a batch the field says which entry.
  expect(
    await fieldOf(
      saveSiteResults(auditor, auditId, s1, [
        { code: CODE, entry: { status: 'met' } },
        { code: 'internal.culture.goals', entry: { status: 'na' } },
      ]),
    ),
  ).toBe('entries.1.reason');
  // A refused batch stores none of it.
  expect(await listEntries(auditor, auditId, s1)).toEqual([]);
});

test('a site of another enterprise is not found, and only auditors enter results', async () => {
  const other = await buildTenant(world.store);
  await expect(setEntry(auditor, auditId, other.sites[0]._id, CODE, { status: 'met' })).rejects.toBeInstanceOf(NotFoundError);
  await expect(setEntry(auditorOf(world, other), auditId, other.sites[0]._id, CODE, { status: 'met' })).rejects.toBeInstanceOf(NotFoundError);
  await expect(setEntry(tenant.ctx, auditId, s1, CODE, { status: 'met' })).rejects.toBeInstanceOf(ForbiddenError); // admin
});

test('records every change in the audit log with before and after, and starts the audit', async () => {
  await setEntry(auditor, auditId, s1, CODE, { status: 'fraction', fraction: 0.5, reason: 'posted at half the counters' });
  await setEntry(auditor, auditId, s1, CODE, { status: 'met' });
  await setEntry(auditor, auditId, s1, CODE, { status: 'met' }); // unchanged: not logged again
  await setEntry(auditor, auditId, s1, CODE, null);
  const log = await auditor.store.collection<LogEntry>('auditLog').find({ entityId: `${auditId}|${s1}|${CODE}` }, { sort: { at: 1 } });
  // Entries may share a millisecond, so compare without relying on their order.
  expect(log).toHaveLength(3);
  expect(log.map((e) => [e.action, e.detail?.before, e.detail?.after])).toEqual(
    expect.arrayContaining([
      ['audit.entry.set', null, { status: 'fraction', fraction: 0.5, reason: 'posted at half the counters' }],
      ['audit.entry.set', { status: 'fraction', fraction: 0.5, reason: 'posted at half the counters' }, { status: 'met' }],
      ['audit.entry.clear', { status: 'met' }, null],
    ]),
  );
  expect(log.every((e) => e.actorRole === 'auditor')).toBe(true);
  const audit = await auditor.store.collection('audits').findOne({ _id: auditId });
  expect(audit?.status).toBe('inProgress');
});

test('an entry saved from an older rev is a conflict, never a silent overwrite', async () => {
  await setEntry(auditor, auditId, s1, 'internal.culture.goals', { status: 'met' }); // rev 1
  await setEntry(auditor, auditId, s1, 'internal.culture.goals', { status: 'notMet' }, 1); // rev 2, by someone who saw rev 1
  const stale = saveSiteResults(auditor, auditId, s1, [
    { code: 'internal.culture.strategy', entry: { status: 'met' }, rev: 0 },
    { code: 'internal.culture.goals', entry: { status: 'met' }, rev: 1 },
  ]);
  await expect(stale).rejects.toBeInstanceOf(EntryConflictError);
  await expect(stale).rejects.toMatchObject({ codes: ['internal.culture.goals'] });
  const entries = await listEntries(auditor, auditId, s1);
  expect(entries.find((e) => e.code === 'internal.culture.goals')).toMatchObject({ status: 'notMet', rev: 2 });
  expect(entries.find((e) => e.code === 'internal.culture.strategy')).toBeUndefined(); // all or nothing
  // A retry of what is already stored is no change, whatever rev it carries.
  await expect(saveSiteResults(auditor, auditId, s1, [{ code: 'internal.culture.goals', entry: { status: 'notMet' }, rev: 1 }])).resolves.toEqual({
    changed: [],
  });
});

test('a retried deduction with the same key counts once; a different one under that key is refused', async () => {
  const first = await addDeduction(auditor, auditId, s1, { reason: 'verified serious complaint' }, 'form-request-0001');
  const again = await addDeduction(auditor, auditId, s1, { reason: 'verified serious complaint' }, 'form-request-0001');
  expect(again).toEqual({ deduction: first.deduction, replayed: true });
  const parallel = await Promise.all(Array.from({ length: 8 }, () => addDeduction(auditor, auditId, s1, { reason: 'falsified record' }, 'form-request-0002')));
  expect(new Set(parallel.map((r) => r.deduction._id)).size).toBe(1);
  await expect(addDeduction(auditor, auditId, s1, { reason: 'something else' }, 'form-request-0001')).rejects.toBeInstanceOf(ConflictError);
  expect((await listAdjustments(auditor, auditId, s1)).filter((a) => a.kind === 'deduction')).toHaveLength(2);
  await removeDeduction(auditor, auditId, s1, first.deduction._id);
  expect((await listAdjustments(auditor, auditId, s1)).filter((a) => a.kind === 'deduction')).toHaveLength(1);
});

test('completing an audit records its result with the catalogue and freezes the entries until reopened', async () => {
  const audit = await createAudit(auditor, { kind: 'surveillance-1', plannedDate: dayFromNow(2) });
  await saveSiteResults(auditor, audit._id, s1, allMet());
  await expect(changeStatus(auditor, audit._id, 'planned')).rejects.toMatchObject({ code: 'invalid_transition' });
  const done = await changeStatus(auditor, audit._id, 'completed');
  expect(done.result).toMatchObject({
    catalogue: 'sbt10401-27@1.0.0',
    sites: expect.arrayContaining([expect.objectContaining({ siteId: s1, score: 100, level: 'five' })]),
  });
  await expect(setEntry(auditor, audit._id, s1, CODE, { status: 'notMet' })).rejects.toBeInstanceOf(ConflictError);
  await expect(addDeduction(auditor, audit._id, s1, { reason: 'late complaint' })).rejects.toBeInstanceOf(ConflictError);
  const reopened = await changeStatus(auditor, audit._id, 'inProgress');
  expect(reopened.result).toBeUndefined();
  await expect(setEntry(auditor, audit._id, s1, CODE, { status: 'notMet' })).resolves.toMatchObject({ status: 'notMet' });
});
