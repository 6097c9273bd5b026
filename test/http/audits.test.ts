/** The audits API: who may do what, bad input named by field and rule, star boundaries end to end. */
import { INDICATORS, dayFromNow } from '../helpers/audits';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let other: Tenant;
let auditor: Awaited<ReturnType<typeof loginAgent>>;
let analyst: Awaited<ReturnType<typeof loginAgent>>;
let auditId: string;
let s1: string;
const CODE = 'internal.culture.philosophy';
const url = (path = '') => `/api/v1/audits/${auditId}${path}`;
const indicator = (code = CODE, site = s1) => url(`/sites/${site}/indicators/${code}`);

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  other = await buildTenant(world.store);
  auditor = await loginAgent(world.app, tenant.users.auditor!.email);
  analyst = await loginAgent(world.app, tenant.users.analyst!.email);
  const res = await auditor.post('/api/v1/audits').send({ kind: 'stage1', plannedDate: dayFromNow(2) });
  expect(res.status).toBe(201);
  auditId = res.body.audit._id;
  s1 = tenant.sites[0]._id;
});
afterAll(() => world.close());

describe('permissions', () => {
  test('an analyst reads audits and the projection but cannot plan or enter results', async () => {
    expect((await analyst.get('/api/v1/audits')).status).toBe(200);
    expect((await analyst.get(url('/projection'))).status).toBe(200);
    expect((await analyst.get('/api/v1/certification')).status).toBe(200);
    const entry = await analyst.put(indicator()).send({ status: 'met' });
    expect(entry.status).toBe(403);
    expect(entry.body.error.message).toContain('audits.enter');
    expect((await analyst.post('/api/v1/audits').send({ kind: 'stage1', plannedDate: '2026-12-01' })).status).toBe(403);
    expect((await analyst.put(url(`/sites/${s1}/bonus`)).send({ points: 1, reason: 'r' })).status).toBe(403);
    expect((await analyst.put('/api/v1/certification/stages/application').send({ status: 'done', date: '2026-01-01' })).status).toBe(403);
  });

  test('an auditor enters results; the admin may not', async () => {
    const res = await auditor.put(indicator()).send({ status: 'met' });
    expect(res.status).toBe(200);
    expect(res.body.entry).toMatchObject({ code: CODE, status: 'met', rev: 1 });
    const admin = await loginAgent(world.app, tenant.admin.email);
    expect((await admin.put(indicator()).send({ status: 'notMet' })).status).toBe(403);
    expect((await admin.get(url('/projection'))).status).toBe(200);
  });
});

describe('bad input gets a 4xx naming the field and the rule', () => {
  const expect400 = async (res: { status: number; body: { error: { field?: string; message: string } } }, field: string, words: string) => {
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message).toContain(words);
  };

  test('entries', async () => {
    await expect400(await auditor.put(indicator('internal.culture.nonsense')).send({ status: 'met' }), 'code', 'internal.culture.nonsense');
    await expect400(await auditor.put(indicator()).send({ status: 'fraction', fraction: 1.5, reason: 'r' }), 'fraction', 'from 0 to 1');
    await expect400(await auditor.put(indicator()).send({ status: 'fraction', fraction: 0.5 }), 'reason', 'needs a reason');
    await expect400(await auditor.put(indicator()).send({ status: 'na' }), 'reason', 'needs a reason');
    await expect400(await auditor.put(indicator()).send({ status: 'maybe' }), 'status', 'must be one of met, notMet, fraction, na');
    await expect400(await auditor.put(indicator()).send({ status: 'met', fraction: '1' }), 'fraction', 'number');
    await expect400(await auditor.put(indicator()).send({ status: 'met', points: 3 }), 'points', 'unknown field');
    const batch = await auditor.put(url(`/sites/${s1}/entries`)).send({
      entries: [
        { code: CODE, status: 'met' },
        { code: 'improvement.bogus', status: 'met' },
      ],
    });
    await expect400(batch, 'entries.1.code', 'improvement.bogus');
  });

  test('bonus, deductions and audits', async () => {
    await expect400(await auditor.put(url(`/sites/${s1}/bonus`)).send({ points: -1, reason: 'r' }), 'points', 'cannot be negative');
    await expect400(await auditor.put(url(`/sites/${s1}/bonus`)).send({ points: 1, reason: ' ' }), 'reason', 'needs a reason');
    await expect400(await auditor.post(url(`/sites/${s1}/deductions`)).send({ reason: '' }), 'reason', 'needs a reason');
    await expect400(
      await auditor
        .post(url(`/sites/${s1}/deductions`))
        .set('Idempotency-Key', 'x')
        .send({ reason: 'r' }),
      'Idempotency-Key',
      '8–100',
    );
    await expect400(await auditor.post('/api/v1/audits').send({ kind: 'stage3', plannedDate: '2026-12-01' }), 'kind', 'must be one of');
    await expect400(await auditor.post('/api/v1/audits').send({ kind: 'stage1', plannedDate: '2026-13-01' }), 'plannedDate', 'YYYY-MM-DD');
    await expect400(
      await auditor.post('/api/v1/audits').send({ kind: 'stage1', plannedDate: '2026-12-01', evidenceFrom: '2026-11-30', evidenceTo: '2026-01-01' }),
      'evidenceFrom',
      'not be after',
    );
    await expect400(
      await auditor.post('/api/v1/audits').send({ kind: 'stage1', plannedDate: '2026-12-01', siteIds: [other.sites[0]._id] }),
      'siteIds.0',
      'no such site',
    );
    await expect400(await auditor.put('/api/v1/certification/stages/stage2').send({ status: 'done', date: '2026-01-01' }), 'stage', 'must be one of');
  });

  test("another enterprise's site is a 404, and so is its audit", async () => {
    expect((await auditor.put(indicator(CODE, other.sites[0]._id)).send({ status: 'met' })).status).toBe(404);
    const theirs = await loginAgent(world.app, other.users.auditor!.email);
    expect((await theirs.get(url('/projection'))).status).toBe(404);
    expect((await theirs.put(indicator(CODE, other.sites[0]._id)).send({ status: 'met' })).status).toBe(404);
  });
});

test('a retried deduction with the same Idempotency-Key counts once', async () => {
  const first = await auditor
    .post(url(`/sites/${s1}/deductions`))
    .set('Idempotency-Key', 'crm-complaint-77')
    .send({ reason: 'verified serious complaint' });
  const again = await auditor
    .post(url(`/sites/${s1}/deductions`))
    .set('Idempotency-Key', 'crm-complaint-77')
    .send({ reason: 'verified serious complaint' });
  expect([first.status, again.status]).toEqual([201, 200]);
  expect(again.headers['idempotent-replayed']).toBe('true');
  const { body } = await auditor.get(url());
  expect(body.adjustments.filter((a: { kind: string }) => a.kind === 'deduction')).toHaveLength(1);
  expect((await auditor.delete(url(`/sites/${s1}/deductions/${first.body.deduction._id}`))).status).toBe(204);
});

test('star levels at their exact boundaries, through the API', async () => {
  const site = tenant.sites[1]._id;
  const cases: Array<[number, string]> = [
    [0.6999, 'none'],
    [0.7, 'compliant'],
    [0.7999, 'compliant'],
    [0.8, 'three'],
    [0.8999, 'three'],
    [0.9, 'four'],
    [0.9499, 'four'],
    [0.95, 'five'],
    [1, 'five'],
  ];
  for (const [fraction, level] of cases) {
    // One onsite indicator applicable (3.35 points), the rest N/A: score = fraction × 100.
    const entries = INDICATORS.map((code) =>
      code === CODE ? { code, status: 'fraction', fraction, reason: 'partly in place' } : { code, status: 'na', reason: 'out of scope' },
    );
    const put = await auditor.put(url(`/sites/${site}/entries`)).send({ entries });
    expect(put.status).toBe(200);
    const { body } = await analyst.get(url('/projection'));
    const row = body.sites.find((s: { siteId: string }) => s.siteId === site);
    expect([fraction, row.audit.score, row.audit.level]).toEqual([fraction, Math.round(fraction * 1e8) / 1e6, level]);
  }
});

test('the projection carries sample sizes, the gate and the method text', async () => {
  const { body } = await analyst.get(url('/projection'));
  expect(body.sampleSizes).toEqual({ survey: 0, call: 0, mystery: 0, total: 0 });
  expect(body.cpsq.gate).toMatchObject({ target: 80, rule: 'point', passed: false });
  expect(body.methods.site).toContain('N/A left out');
  expect(body.methods.evidence).toContain(body.period.from);
  // The default evidence period is the last 12 months ending on the audit date (services/periods.ts).
  expect(body.period.to).toBe(dayFromNow(2));
  expect(body.catalogue.key).toBe('sbt10401-27@1.0.0');
});

test('the audit moves through its statuses and refuses impossible moves', async () => {
  const res = await auditor.put(url()).send({ status: 'planned' });
  expect(res.status).toBe(409);
  expect(res.body.error).toMatchObject({ code: 'invalid_transition', field: 'status' });
  expect((await auditor.put(url()).send({ note: 'opening meeting 09:00' })).body.audit.note).toBe('opening meeting 09:00');
  const mixed = await auditor.put(url()).send({ status: 'completed', note: 'closing meeting' });
  expect([mixed.status, mixed.body.error.field]).toEqual([400, 'status']);
  expect((await auditor.put(url()).send({ status: 'completed' })).body.audit.status).toBe('completed');
  const frozen = await auditor.put(indicator()).send({ status: 'notMet' });
  expect(frozen.status).toBe(409);
  expect(frozen.body.error.message).toContain('reopen');
});
