/** Audit pages without a browser: forms that work without JavaScript, with CSRF, refusals that keep what was typed. */
import { createAudit } from '../../server/services/audits/audits';
import { setEntry } from '../../server/services/audits/entries';
import { listAdjustments, listEntries } from '../../server/services/audits/recorded';
import { auditorOf, dayFromNow, INDICATORS } from '../helpers/audits';
import { buildTenant, buildWorld, csrfTokenOf, loginAgent, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let auditor: Awaited<ReturnType<typeof loginAgent>>;
let auditId: string;
let s1: string;
let csrf: string;
const CODE = 'internal.culture.philosophy';

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  auditor = await loginAgent(world.app, tenant.users.auditor!.email);
  auditId = (await createAudit(auditorOf(world, tenant), { kind: 'stage1', plannedDate: dayFromNow(2) }))._id;
  s1 = tenant.sites[0]._id;
  csrf = await csrfTokenOf(auditor, `/audits/${auditId}`);
});
afterAll(() => world.close());

/** Every row of the entry form as the browser posts it, with `overrides` by field name. */
function siteForm(overrides: Record<string, string> = {}): Record<string, string> {
  const form: Record<string, string> = { _csrf: csrf, bonusPoints: '', bonusReason: '', bonusRev: '0' };
  for (const code of INDICATORS)
    Object.assign(form, {
      [`status:${code}`]: '',
      [`fraction:${code}`]: '',
      [`reason:${code}`]: '',
      [`ncNote:${code}`]: '',
      [`ncEvidence:${code}`]: '',
      [`ncDue:${code}`]: '',
      [`rev:${code}`]: '0',
    });
  return { ...form, ...overrides };
}

test('the entry page lists the 27 indicators grouped by level and item, in Chinese and in English', async () => {
  const res = await auditor.get(`/audits/${auditId}`);
  expect(res.status).toBe(200);
  expect(res.text.match(/<fieldset class="indicator/g)).toHaveLength(27);
  expect(res.text.match(/<section class="card level">/g)).toHaveLength(4);
  expect(res.text).toContain('服务理念');
  expect(res.text).toContain('满分 3.35');
  expect(res.text).toContain('name="status:execution.repair.support"');
  // Beside each name the standard's outline number, not the code (an English slug) that names the fields.
  expect(res.text).toContain('<span class="code">1.1.1</span>');
  expect(res.text.replace(/<[^>]*>/g, ' ')).not.toContain(CODE);
  expect(res.text).toContain('指标体系：售后服务评价指标(4个层次、8个单项、27项指标)（1.0.0 版）');
  const en = await auditor.get(`/audits/${auditId}?lang=en`);
  expect(en.text).toContain('Partly met');
  expect(en.text).toContain('max 3.35');
  expect(en.text).toContain('After-sales service indicators (4 levels, 8 items, 27 indicators), version 1.0.0');
  await auditor.get(`/audits/${auditId}?lang=zh-CN`);
});

test('saving a site stores its entries and bonus, then redirects with a message', async () => {
  const res = await auditor
    .post(`/audits/${auditId}/sites/${s1}`)
    .type('form')
    .send(
      siteForm({
        [`status:${CODE}`]: 'met',
        'status:internal.culture.goals': 'fraction',
        'fraction:internal.culture.goals': '0.6',
        'reason:internal.culture.goals': '目标未分解到班组',
        'status:followup.complaints.records': 'notMet',
        'ncNote:followup.complaints.records': '投诉记录缺处理结果',
        'ncEvidence:followup.complaints.records': '抽查 20 份中 7 份',
        'ncDue:followup.complaints.records': dayFromNow(30),
        // A fraction typed before choosing "met" is left out, not refused.
        'status:internal.culture.strategy': 'met',
        'fraction:internal.culture.strategy': '0.3',
        bonusPoints: '0.5',
        bonusReason: '技能大赛获奖',
      }),
    );
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe(`/audits/${auditId}?site=${s1}`);
  const entries = await listEntries(tenant.ctx, auditId, s1);
  expect(entries.map((e) => [e.code, e.status, e.fraction ?? null])).toEqual([
    ['followup.complaints.records', 'notMet', null],
    ['internal.culture.goals', 'fraction', 0.6],
    [CODE, 'met', null],
    ['internal.culture.strategy', 'met', null],
  ]);
  expect(entries[0].nonconformity).toEqual({ note: '投诉记录缺处理结果', evidence: '抽查 20 份中 7 份', dueDate: dayFromNow(30) });
  expect((await listAdjustments(tenant.ctx, auditId, s1))[0]).toMatchObject({ kind: 'bonus', points: 0.5 });
  const page = await auditor.get(res.headers.location!);
  expect(page.text).toContain('已保存 S1：5 项更改');
});

test('a refused save shows the page again (400) with the error at its indicator and nothing lost', async () => {
  const before = await listEntries(tenant.ctx, auditId, s1);
  const res = await auditor
    .post(`/audits/${auditId}/sites/${s1}`)
    .type('form')
    .send(
      siteForm({
        [`status:${CODE}`]: 'na',
        'status:internal.culture.goals': 'fraction',
        'fraction:internal.culture.goals': '0.8',
        'reason:internal.culture.goals': 'typed text kept',
      }),
    );
  expect(res.status).toBe(400);
  expect(res.text).toContain('role="alert"');
  expect(res.text).toMatch(/<fieldset class="indicator has-error" id="ind-0">/); // philosophy is the first indicator
  expect(res.text).toContain('N/A entry needs a reason');
  expect(res.text).toContain('value="typed text kept"');
  expect(await listEntries(tenant.ctx, auditId, s1)).toEqual(before);
});

test('a save over someone else’s newer entry is a 409 that shows their entry', async () => {
  await setEntry(auditorOf(world, tenant), auditId, s1, CODE, { status: 'notMet', reason: 'saved by a colleague' });
  const res = await auditor
    .post(`/audits/${auditId}/sites/${s1}`)
    .type('form')
    .send(siteForm({ [`status:${CODE}`]: 'fraction', [`fraction:${CODE}`]: '0.9', [`reason:${CODE}`]: 'mine', [`rev:${CODE}`]: '1' }));
  expect(res.status).toBe(409);
  expect(res.text).toContain('value="saved by a colleague"');
  expect((await listEntries(tenant.ctx, auditId, s1)).find((e) => e.code === CODE)).toMatchObject({ status: 'notMet' });
});

test('a form without a CSRF token, from an analyst, or with unknown fields changes nothing', async () => {
  const count = async () => (await listEntries(tenant.ctx, auditId, s1)).length;
  const n = await count();
  expect(
    (
      await auditor
        .post(`/audits/${auditId}/sites/${s1}`)
        .type('form')
        .send({ ...siteForm({ [`status:${CODE}`]: 'met' }), _csrf: 'forged' })
    ).status,
  ).toBe(403);
  const analyst = await loginAgent(world.app, tenant.users.analyst!.email);
  const analystCsrf = await csrfTokenOf(analyst, `/audits/${auditId}`);
  expect(
    (
      await analyst
        .post(`/audits/${auditId}/sites/${s1}`)
        .type('form')
        .send({ ...siteForm(), _csrf: analystCsrf })
    ).status,
  ).toBe(403);
  expect((await analyst.get(`/audits/${auditId}`)).text).toContain('只读');
  const unknown = await auditor
    .post(`/audits/${auditId}/sites/${s1}`)
    .type('form')
    .send(siteForm({ 'status:internal.bogus': 'met' }));
  expect(unknown.status).toBe(400);
  expect(await count()).toBe(n);
});

test('deductions: a re-posted form counts once, and removal works', async () => {
  const page = await auditor.get(`/audits/${auditId}?site=${s1}`);
  const requestId = /name="requestId" value="([^"]+)"/.exec(page.text)![1];
  for (let i = 0; i < 2; i++) {
    const res = await auditor
      .post(`/audits/${auditId}/sites/${s1}/deductions`)
      .type('form')
      .send({ _csrf: csrf, requestId, reason: '经核实的重大投诉', evidence: '' });
    expect(res.status).toBe(303);
  }
  const deductions = (await listAdjustments(tenant.ctx, auditId, s1)).filter((a) => a.kind === 'deduction');
  expect(deductions).toHaveLength(1);
  await auditor.post(`/audits/${auditId}/sites/${s1}/deductions/${deductions[0]._id}/delete`).type('form').send({ _csrf: csrf });
  expect((await listAdjustments(tenant.ctx, auditId, s1)).filter((a) => a.kind === 'deduction')).toHaveLength(0);
});

test('the list, timeline and projection pages render; lists show only this enterprise', async () => {
  const other = await buildTenant(world.store);
  await createAudit(auditorOf(world, other), { kind: 'stage2', plannedDate: '2026-01-01', note: 'B secret' });
  const list = await auditor.get('/audits');
  expect(list.status).toBe(200);
  expect(list.text).toContain('认证进程');
  expect(list.text).toContain('尚不能开始二阶段审核');
  expect(list.text.match(/<tr>/g)!.length).toBeGreaterThanOrEqual(2);
  expect((await auditor.get('/api/v1/audits')).body.audits.map((a: { _id: string }) => a._id)).toEqual([auditId]);
  const created = await auditor
    .post('/audits')
    .type('form')
    .send({ _csrf: csrf, kind: 'surveillance-1', plannedDate: '2027-03-01', evidenceFrom: '', evidenceTo: '', note: '' });
  expect(created.status).toBe(303);
  const projection = await auditor.get(`/audits/${auditId}/projection`);
  expect(projection.status).toBe(200);
  expect(projection.text).toContain('计分方法');
  expect(projection.text).toContain('不适用的指标不计入分母');
  expect(projection.text).toContain('投诉记录缺处理结果'); // the nonconformity
  expect(projection.text).not.toContain('B secret');
  expect((await auditor.get(`/audits/${auditId}/projection?lang=en`)).text).toContain('N/A indicators leave the denominator');
});
