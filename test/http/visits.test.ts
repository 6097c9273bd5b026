/**
 * Visit routes over HTTP: the multipart report (type by content, EXIF/GPS
 * stripped, size limit, harmless file names), "no" needs a comment, re-sent
 * submits, and a shopper seeing only their own visits and photos.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type request from 'supertest';
import { acceptVisit, assignVisit } from '../../server/services/visits/assignment';
import type { VisitEvidence } from '../../server/services/visits/evidence';
import { visitHistory } from '../../server/services/visits/history';
import { approveVisit } from '../../server/services/visits/review';
import { submitReport } from '../../server/services/visits/report';
import { actingAs, addShopper, checklistAnswers, jpegBytes, mysteryPlan, pngBytes, reportInput, today } from '../helpers/visits';
import { buildTenant, buildWorld, csrfTokenOf, loginAgent, type Tenant, type World } from '../helpers/world';
import { addDays } from '../../server/services/calendar';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world.close());

type Agent = ReturnType<typeof request.agent>;

/** A tenant with an accepted visit, its shopper logged in, and the visit page's CSRF token. */
async function acceptedVisit() {
  const tenant = await buildTenant(world.store);
  const { visits } = await mysteryPlan(tenant, { from: addDays(today(), -30), to: today() });
  const shopper = await addShopper(tenant, ['北京']);
  await assignVisit(tenant.ctx, visits[0]._id, shopper.user._id);
  await acceptVisit(shopper.ctx, visits[0]._id);
  const agent = await loginAgent(world.app, shopper.user.email);
  const csrf = await csrfTokenOf(agent, `/my-visits/${visits[0]._id}`);
  return { tenant, visitId: visits[0]._id, shopper, agent, csrf };
}

/** The report form as a browser posts it: a_<id> answers, c_<id> comments, times, intent. */
function post(agent: Agent, visitId: string, csrf: string, fields: Record<string, string>) {
  let req = agent.post(`/upload/my-visits/${visitId}`).field('_csrf', csrf);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req;
}

function formFields(overrides: Record<string, unknown> = {}, intent = 'submit'): Record<string, string> {
  const r = reportInput(2);
  const answers = Object.fromEntries(Object.entries(checklistAnswers(overrides)).map(([k, v]) => [`a_${k}`, String(v)]));
  return { visitDate: r.visitDate!, startTime: r.startTime!, endTime: r.endTime!, comments: '整体不错', intent, ...answers };
}

const evidenceOf = (tenant: Tenant, visitId: string) => tenant.ctx.store.collection<VisitEvidence>('visitEvidence').find({ visitId });
const filesUnder = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).map(String) : []);

describe('evidence uploads', () => {
  test('stores a JPEG with its EXIF and GPS removed, plus a thumbnail, under a random name', async () => {
    const { tenant, visitId, agent, csrf } = await acceptedVisit();
    const original = await jpegBytes(true);
    expect((await sharp(original).metadata()).exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true); // GPS IFD pointer, little-endian
    const res = await post(agent, visitId, csrf, formFields({}, 'draft')).attach('a_evidence_photos', original, '门头.jpg');
    expect(res.status).toBe(303);
    const [photo] = await evidenceOf(tenant, visitId);
    expect(photo).toMatchObject({ questionId: 'evidence_photos', mime: 'image/jpeg', label: '门头.jpg' });
    expect(photo.file).toMatch(new RegExp(`^evidence/${tenant.enterpriseId}/[0-9a-f]{32}\\.jpg$`));
    const stored = fs.readFileSync(path.join(world.dir, photo.file));
    const meta = await sharp(stored).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(stored.includes(Buffer.from('Exif\0\0'))).toBe(false);
    expect(stored.includes(Buffer.from('TestCam'))).toBe(false);
    expect((await sharp(fs.readFileSync(path.join(world.dir, photo.thumb))).metadata()).format).toBe('jpeg');
  });

  test('refuses a .jpg that is really text (415 naming the field) and stores nothing', async () => {
    const { tenant, visitId, agent, csrf } = await acceptedVisit();
    const res = await post(agent, visitId, csrf, formFields({}, 'draft')).attach('evidence', Buffer.from('MZ this is not a photo\n'), {
      filename: 'photo.jpg',
      contentType: 'image/jpeg',
    });
    expect(res.status).toBe(415);
    expect(res.text).toContain('evidence: must be a JPEG, PNG or WebP photo');
    expect(await evidenceOf(tenant, visitId)).toEqual([]);
    expect(filesUnder(path.join(world.dir, 'evidence', tenant.enterpriseId))).toEqual([]);
  });

  test('accepts a PNG named .jpg, as PNG', async () => {
    const { tenant, visitId, agent, csrf } = await acceptedVisit();
    const res = await post(agent, visitId, csrf, formFields({}, 'draft')).attach('evidence', await pngBytes(), 'receipt.jpg');
    expect(res.status).toBe(303);
    const [photo] = await evidenceOf(tenant, visitId);
    expect(photo).toMatchObject({ mime: 'image/png', questionId: null });
    expect(photo.file.endsWith('.png')).toBe(true);
  });

  test('answers 413 for a photo over the size limit', async () => {
    const { tenant, visitId, agent, csrf } = await acceptedVisit();
    const big = Buffer.concat([await jpegBytes(), Buffer.alloc(10 * 1024 * 1024 + 1)]);
    const res = await post(agent, visitId, csrf, formFields({}, 'draft')).attach('evidence', big, 'big.jpg');
    expect(res.status).toBe(413);
    expect(await evidenceOf(tenant, visitId)).toEqual([]);
  });

  test('a path in the uploaded name is harmless: the file lands under a random name in the evidence folder', async () => {
    const { tenant, visitId, agent, csrf } = await acceptedVisit();
    const res = await post(agent, visitId, csrf, formFields({}, 'draft')).attach('evidence', await jpegBytes(), '../../../../tmp/evil.jpg');
    expect(res.status).toBe(303);
    const [photo] = await evidenceOf(tenant, visitId);
    expect(photo.label).toBe('evil.jpg');
    expect(photo.file).toMatch(/^evidence\/[0-9a-f-]+\/[0-9a-f]{32}\.jpg$/);
    expect(fs.existsSync('/tmp/evil.jpg')).toBe(false);
    expect(filesUnder(world.dir).some((f) => f.includes('evil'))).toBe(false);
    // A NUL in the name is a malformed part header: refused as a bad request, not a crash.
    const nul = await post(agent, visitId, csrf, formFields({}, 'draft')).attach('evidence', await jpegBytes(), 'evil\u0000.jpg');
    expect(nul.status).toBe(400);
  });

  test('photos are served to the visit’s shopper, reviewers and planners only', async () => {
    const { tenant, visitId, agent, csrf } = await acceptedVisit();
    await post(agent, visitId, csrf, formFields({}, 'draft')).attach('evidence', await jpegBytes(), 'a.jpg');
    const [photo] = await evidenceOf(tenant, visitId);
    const own = await agent.get(`/visit-evidence/${photo._id}`);
    expect(own.status).toBe(200);
    expect(own.headers['content-type']).toBe('image/jpeg');
    expect((await agent.get(`/visit-evidence/${photo._id}/thumb`)).status).toBe(200);
    const other = await addShopper(tenant, ['北京']);
    const otherAgent = await loginAgent(world.app, other.user.email);
    expect((await otherAgent.get(`/visit-evidence/${photo._id}`)).status).toBe(404);
    expect((await otherAgent.get(`/my-visits/${visitId}`)).status).toBe(404);
    expect((await (await loginAgent(world.app, tenant.users.reviewer!.email)).get(`/visit-evidence/${photo._id}`)).status).toBe(200);
    expect((await (await loginAgent(world.app, tenant.users.analyst!.email)).get(`/visit-evidence/${photo._id}`)).status).toBe(404);
  });
});

describe('the report', () => {
  test('a "no" without a comment is refused with 400 naming the item, on the API and on the page', async () => {
    const { visitId, agent, csrf } = await acceptedVisit();
    const api = await agent.post(`/api/v1/visits/${visitId}/submit`).send(reportInput(2, { answers: checklistAnswers({ uniform_badge: 'no' }) }));
    expect(api.status).toBe(400);
    expect(api.body.error).toMatchObject({ field: 'itemComments.uniform_badge' });
    expect(api.body.error.message).toContain('itemComments.uniform_badge');
    const page = await post(agent, visitId, csrf, formFields({ uniform_badge: 'no' }));
    expect(page.status).toBe(400);
    expect(page.text).toContain('选择“否”时请说明看到的情况');
    const ok = await post(agent, visitId, csrf, { ...formFields({ uniform_badge: 'no' }), c_uniform_badge: '没有佩戴工牌' });
    expect(ok.status).toBe(303);
  });

  test('a re-sent submit stores nothing twice', async () => {
    const { tenant, visitId, agent, csrf } = await acceptedVisit();
    const fields = formFields();
    expect((await post(agent, visitId, csrf, fields)).status).toBe(303);
    const again = await post(agent, visitId, csrf, fields).attach('evidence', await jpegBytes(), 'late.jpg');
    expect(again.status).toBe(303);
    expect((await visitHistory(tenant.ctx, visitId)).filter((h) => h.action === 'submitted')).toHaveLength(1);
    expect(await evidenceOf(tenant, visitId)).toEqual([]);
    const api = await agent.post(`/api/v1/visits/${visitId}/submit`).send(reportInput(2, { comments: '整体不错' }));
    expect(api.status).toBe(200);
    expect(api.headers['idempotent-replayed']).toBe('true');
  });

  test('a shopper cannot submit for a visit not assigned to them, nor change an approved one', async () => {
    const { tenant, visitId, shopper } = await acceptedVisit();
    const other = await addShopper(tenant, ['北京']);
    const otherAgent = await loginAgent(world.app, other.user.email);
    expect((await otherAgent.post(`/api/v1/visits/${visitId}/submit`).send(reportInput(2))).status).toBe(404);
    await submitReport(shopper.ctx, visitId, reportInput(2));
    await approveVisit(actingAs(tenant, tenant.users.reviewer!), visitId);
    const agent = await loginAgent(world.app, shopper.user.email);
    const res = await agent.post(`/api/v1/visits/${visitId}/submit`).send(reportInput(1));
    expect(res.status).toBe(409);
    expect((await agent.put(`/api/v1/visits/${visitId}/draft`).send({ comments: 'x' })).status).toBe(409);
  });

  test('a shopper lists only their own visits', async () => {
    const { tenant, visitId, agent } = await acceptedVisit();
    const { visits } = await mysteryPlan(tenant, { siteId: tenant.sites[1]._id });
    const other = await addShopper(tenant, ['上海']);
    await assignVisit(tenant.ctx, visits[0]._id, other.user._id);
    const res = await agent.get('/api/v1/visits');
    expect(res.body.visits.map((v: { _id: string }) => v._id)).toEqual([visitId]);
    const page = await agent.get('/my-visits');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`/my-visits/${visitId}`);
    expect(page.text).not.toContain(visits[0]._id);
  });

  test('an approved visit that failed a critical item reads as QA-approved and failed, never as passed, in every list', async () => {
    const { tenant, visitId, shopper, agent } = await acceptedVisit();
    await submitReport(
      shopper.ctx,
      visitId,
      reportInput(2, { answers: checklistAnswers({ quote_before_work: 'no' }), itemComments: { quote_before_work: '先修后报价' } }),
    );
    await approveVisit(actingAs(tenant, tenant.users.reviewer!), visitId);
    const mine = (await agent.get('/my-visits')).text;
    expect(mine).toContain('质检：已批准');
    expect(mine).toContain('<span class="visit-result badge bad">不合格 · 0.0 分</span>');
    expect(mine).not.toMatch(/已通过|>合格/);
    const reviewer = await loginAgent(world.app, tenant.users.reviewer!.email);
    const queue = (await reviewer.get('/review')).text;
    expect(queue).toMatch(new RegExp(`/review/visits/${visitId}"[^\n]*质检：已批准</span> · <span class="visit-result badge bad">不合格 · 0.0 分</span>`));
    expect(queue).not.toContain('已通过');
    const english = (await agent.get('/my-visits?lang=en')).text;
    expect(english).toContain('QA: Approved');
    expect(english).toContain('Fail · 0.0');
  });

  test('an approved visit without a critical miss shows its pass with the score; a visit waiting for QA shows no result to the shopper', async () => {
    const { tenant, visitId, shopper, agent } = await acceptedVisit();
    await submitReport(shopper.ctx, visitId, reportInput(2));
    expect((await agent.get('/my-visits')).text).not.toContain('visit-result');
    const approved = await approveVisit(actingAs(tenant, tenant.users.reviewer!), visitId);
    const mine = (await agent.get('/my-visits')).text;
    expect(mine).toContain(`<span class="visit-result">合格 · ${approved.score!.score!.toFixed(1)} 分</span>`);
    expect(mine).not.toContain('不合格');
  });

  test('the pass-rate page says which visits its table covers, with and without a period', async () => {
    const { tenant, visitId, shopper } = await acceptedVisit();
    await submitReport(shopper.ctx, visitId, reportInput(2));
    await approveVisit(actingAs(tenant, tenant.users.reviewer!), visitId);
    const day = addDays(today(), -2);
    const admin = await loginAgent(world.app, tenant.admin.email);
    const covers = async (query: string) =>
      /<p class="hint" id="rates-covers">([^<]*)<\/p>/.exec((await admin.get(`/visit-reports/pass-rates${query}`)).text)?.[1];
    expect(await covers('')).toBe(`全部质检已批准的暗访：访问日期 ${day} 至 ${day}，共 1 次。可在上方选择期间。`);
    expect(await covers(`?from=${addDays(day, -10)}`)).toBe(`访问日期 ${addDays(day, -10)} 至 ${day} 之间质检已批准的暗访，共 1 次。`);
    expect(await covers(`?to=${addDays(day, -1)}`)).toBe('所选期间没有质检已批准的暗访');
  });

  test('a plan with a bad slot is refused naming the field', async () => {
    const tenant = await buildTenant(world.store);
    const { template } = await mysteryPlan(tenant);
    const admin = await loginAgent(world.app, tenant.admin.email);
    const res = await admin
      .post('/api/v1/visit-plans')
      .send({ siteId: tenant.sites[0]._id, from: '2025-01-01', to: '2025-01-31', visits: 2, templateId: template.templateId, slots: ['midnight'] });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('slots.0');
  });
});
