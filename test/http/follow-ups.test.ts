/**
 * The closed loop over HTTP: a low score opens a task; it is assigned, the
 * call-back and the resolution are recorded (API and pages), wrong moves are
 * 409, bad input is a 400 naming the field, and the dashboard shows the time
 * to resolution. Pages show answers and reasons in words, photos through the
 * task, and the list a page at a time.
 */
import pino from 'pino';
import { handleCountedResponse } from '../../server/services/alerts/listener';
import { taskId, type FollowUpTask } from '../../server/services/alerts/types';
import { acceptVisit, assignVisit } from '../../server/services/visits/assignment';
import { getVisit } from '../../server/services/visits/access';
import { attachEvidence } from '../../server/services/visits/evidence';
import { submitReport } from '../../server/services/visits/report';
import { approveVisit } from '../../server/services/visits/review';
import { publishAll, submit, type Published } from '../helpers/dashboard';
import { surveyAnswers } from '../helpers/templates';
import { actingAs, addShopper, checklistAnswers, jpegBytes, mysteryPlan, reportInput, today } from '../helpers/visits';
import { buildTenant, buildWorld, csrfTokenOf, loginAgent, type Tenant, type World } from '../helpers/world';
import { addDays } from '../../server/services/calendar';

let world: World;
let tenant: Tenant;
let published: Published;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  published = await publishAll(tenant);
});
afterAll(() => world.close());

async function lowScoreTask(comment = '请回电 13812345678'): Promise<FollowUpTask> {
  const { response } = await submit(tenant, published, 'survey', 0, surveyAnswers({ overall_satisfaction: 2, recommend: 8, comment }));
  const deps = { store: world.store, mailer: world.deps.mailer, logger: pino({ level: 'silent' }), baseUrl: 'http://localhost' };
  const [task] = await handleCountedResponse(deps, {
    enterpriseId: tenant.enterpriseId,
    siteId: response.siteId,
    channel: 'survey',
    responseId: response._id,
    at: response.respondedAt,
  });
  return task;
}

const alertDeps = () => ({ store: world.store, mailer: world.deps.mailer, logger: pino({ level: 'silent' }), baseUrl: 'http://localhost' });

/** An approved mystery visit that failed "quote_before_work", with one photo, and the task it opened. */
async function failedVisitTask(t: Tenant) {
  const { visits } = await mysteryPlan(t, { from: addDays(today(), -30), to: today() });
  const shopper = await addShopper(t, ['北京']);
  await assignVisit(t.ctx, visits[0]._id, shopper.user._id);
  await acceptVisit(shopper.ctx, visits[0]._id);
  const accepted = await getVisit(shopper.ctx, visits[0]._id, 'work');
  const [photo] = await attachEvidence(shopper.ctx, accepted, [
    { bytes: await jpegBytes(), name: '门头.jpg', questionId: 'evidence_photos', field: 'evidence' },
  ]);
  const answers = checklistAnswers({ quote_before_work: 'no', repair_warranty_stated: 'na', staff_description: '男，电话 13812345678' });
  await submitReport(shopper.ctx, visits[0]._id, reportInput(3, { answers, itemComments: { quote_before_work: '直接开工，未报价' } }));
  const approved = await approveVisit(actingAs(t, t.users.reviewer!), visits[0]._id);
  const tasks = await handleCountedResponse(alertDeps(), {
    enterpriseId: t.enterpriseId,
    siteId: approved.siteId,
    channel: 'mystery',
    responseId: approved.responseId!,
    at: new Date().toISOString(),
  });
  const task = tasks.find((x) => x.rule === 'criticalMiss')!;
  return { task, photo };
}

test('assign → call back → resolve through the API, with wrong moves refused', async () => {
  const task = await lowScoreTask();
  const admin = await loginAgent(world.app, tenant.admin.email);
  const url = `/api/v1/follow-ups/${task._id}`;

  let res = await admin.post(`${url}/resolve`).send({ rootCause: 'repairQuality', action: 'done' }).expect(409);
  expect(res.body.error.field).toBe('status');
  res = await admin.post(`${url}/callbacks`).send({ outcome: 'reached', note: 'x' }).expect(409);
  expect(res.body.error.field).toBe('status');

  res = await admin.post(`${url}/assign`).send({ assigneeId: 'nobody' }).expect(400);
  expect(res.body.error).toMatchObject({ field: 'assigneeId' });
  await admin.post(`${url}/assign`).send({ assigneeId: tenant.users.analyst!._id }).expect(400); // analysts may not work follow-ups
  res = await admin.post(`${url}/assign`).send({ assigneeId: tenant.users.agent!._id, rev: 1 }).expect(200);
  expect(res.body.task).toMatchObject({ status: 'assigned', assigneeId: tenant.users.agent!._id, rev: 2 });
  // A stale page (rev 1) cannot overwrite the newer task.
  res = await admin.post(`${url}/assign`).send({ assigneeId: tenant.admin._id, rev: 1 }).expect(409);
  expect(res.body.error.field).toBe('rev');

  const agent = await loginAgent(world.app, tenant.users.agent!.email);
  res = await agent.post(`${url}/callbacks`).send({ outcome: 'maybe', note: 'x' }).expect(400);
  expect(res.body.error.message).toMatch(/^outcome: must be one of reached, noAnswer, refused/);
  res = await agent.post(`${url}/callbacks`).send({ outcome: 'noAnswer', note: '   ' }).expect(400);
  expect(res.body.error.field).toBe('note');
  await agent.post(`${url}/callbacks`).send({ outcome: 'noAnswer', note: '上午无人接听' }).expect(201);
  res = await agent.post(`${url}/callbacks`).send({ outcome: 'reached', note: '顾客同意复修' }).expect(201);
  expect(res.body.task.callbacks.map((c: { outcome: string }) => c.outcome)).toEqual(['noAnswer', 'reached']);
  // A resolution needs a root cause from the enterprise's list and the action taken.
  res = await agent.post(`${url}/resolve`).send({ note: '已复修，顾客满意' }).expect(400);
  expect(res.body.error).toMatchObject({ field: 'rootCause', message: 'rootCause: is required' });
  res = await agent.post(`${url}/resolve`).send({ rootCause: 'weather', action: '已复修' }).expect(400);
  expect(res.body.error.message).toMatch(/^rootCause: must be one of lateVisit, repairQuality/);
  res = await agent.post(`${url}/resolve`).send({ rootCause: 'repairQuality', note: 'x' }).expect(400);
  expect(res.body.error.field).toBe('action');
  res = await agent.post(`${url}/resolve`).send({ rootCause: 'repairQuality', action: '二次上门复修', note: '已复修，顾客满意' }).expect(200);
  expect(res.body.task).toMatchObject({ status: 'resolved', resolution: { rootCause: 'repairQuality', action: '二次上门复修', note: '已复修，顾客满意' } });
  expect(res.body.task.hoursToResolve).toBeGreaterThanOrEqual(0);
  await agent.post(`${url}/assign`).send({ assigneeId: tenant.admin._id }).expect(409);

  const analyst = await loginAgent(world.app, tenant.users.analyst!.email);
  await analyst.get(url).expect(200);
  await analyst.post(`${url}/resolve`).send({ rootCause: 'other', action: 'x' }).expect(403);

  const overview = await analyst.get('/api/v1/dashboard/overview').expect(200);
  expect(overview.body.followUps.resolved).toBe(1);
  expect(overview.body.followUps.medianHours).toBe(res.body.task.hoursToResolve);
  const list = await analyst.get('/api/v1/follow-ups?status=resolved').expect(200);
  expect(list.body.tasks.map((t: FollowUpTask) => t._id)).toContain(task._id);
  expect((await analyst.get('/api/v1/follow-ups?status=finished').expect(400)).body.error.field).toBe('status');
});

test('the task pages: list, detail with masked phone and escaped text, and the three forms', async () => {
  const task = await lowScoreTask('<b>bold</b> 电话 13812345678');
  const admin = await loginAgent(world.app, tenant.admin.email);
  const list = await admin.get('/follow-ups').expect(200);
  expect(list.text).toContain(`/follow-ups/${task._id}`);
  expect(list.text).toContain('总体满意度 2/5');
  const page = await admin.get(`/follow-ups/${task._id}`).expect(200);
  expect(page.text).toContain('138****5678');
  expect(page.text).not.toContain('13812345678');
  expect(page.text).toContain('&lt;b&gt;bold&lt;/b&gt;');

  const csrf = await csrfTokenOf(admin, `/follow-ups/${task._id}`);
  let res = await admin.post(`/follow-ups/${task._id}/assign`).type('form').send({ _csrf: csrf, assigneeId: tenant.users.agent!._id, rev: '1' }).expect(303);
  expect(res.headers.location).toBe(`/follow-ups/${task._id}`);
  res = await admin.post(`/follow-ups/${task._id}/callback`).type('form').send({ _csrf: csrf, outcome: 'reached', note: '已联系', rev: '2' }).expect(303);
  expect(res.headers.location).toBe(`/follow-ups/${task._id}`);
  const afterCall = await admin.get(`/follow-ups/${task._id}`);
  expect(afterCall.text).toContain('回访已记录');
  expect(afterCall.text).toContain('已联系');
  await admin.post(`/follow-ups/${task._id}/resolve`).type('form').send({ _csrf: csrf, rootCause: '', action: '', note: '', rev: '3' }).expect(303);
  expect((await admin.get(`/follow-ups/${task._id}`)).text).toContain('rootCause: is required');
  await admin
    .post(`/follow-ups/${task._id}/resolve`)
    .type('form')
    .send({ _csrf: csrf, rootCause: 'lateVisit', action: '改约次日上门', note: '', rev: '3' })
    .expect(303);
  const resolved = (await admin.get(`/follow-ups/${task._id}`)).text;
  expect(resolved).toContain('上门超时');
  expect(resolved).toContain('改约次日上门');
  // Without the form token nothing changes.
  await admin.post(`/follow-ups/${task._id}/resolve`).type('form').send({ note: 'x' }).expect(403);
});

test('alert rules page saves the thresholds and refuses nonsense', async () => {
  const admin = await loginAgent(world.app, tenant.admin.email);
  const csrf = await csrfTokenOf(admin, '/alerts');
  await admin.post('/alerts').type('form').send({ _csrf: csrf, lowOverall_enabled: 'on', lowOverall_maxRating: '3', lowNps_maxScore: '5' }).expect(303);
  const saved = (await admin.get('/api/v1/alerts/rules').expect(200)).body.rules;
  expect(saved).toEqual({ lowOverall: { enabled: true, maxRating: 3 }, lowNps: { enabled: false, maxScore: 5 }, criticalMiss: { enabled: false } });
  await admin.post('/alerts').type('form').send({ _csrf: csrf, lowOverall_maxRating: '9', lowNps_maxScore: '5' }).expect(303);
  expect((await admin.get('/alerts')).text).toContain('lowOverall_maxRating: must be 1–4');
  const res = await admin
    .put('/api/v1/alerts/rules')
    .send({ lowNps: { maxScore: 'six' } })
    .expect(400);
  expect(res.body.error.field).toBe('lowNps.maxScore');
  const analyst = await loginAgent(world.app, tenant.users.analyst!.email);
  await analyst
    .put('/api/v1/alerts/rules')
    .send({ lowNps: { enabled: true } })
    .expect(403);
  await admin
    .put('/api/v1/alerts/rules')
    .send({ lowNps: { enabled: true, maxScore: 6 }, criticalMiss: { enabled: true }, lowOverall: { maxRating: 2 } })
    .expect(200);
});

test('the task page shows each answer under its question, in words and in the page language, in the template order', async () => {
  const task = await lowScoreTask('配件太慢');
  const admin = await loginAgent(world.app, tenant.admin.email);
  const zh = (await admin.get(`/follow-ups/${task._id}?lang=zh-CN`).expect(200)).text;
  // Prompts, not ids; ratings as "n / k" with the point's own label; options by their labels.
  expect(zh).not.toMatch(/overall_satisfaction|service_type|repair_speed/);
  expect(zh).toContain('总体来说，您对我们的售后服务满意吗？');
  expect(zh).toContain('2 / 5 · 不满意');
  expect(zh).toContain('4 / 5</span>'); // repair_speed: only the ends of its scale are labelled
  expect(zh).toContain('8 / 10');
  expect(zh).toContain('维修');
  expect(zh).not.toMatch(/>\s*repair\s*</);
  expect(zh).toContain('<p class="item-note">配件太慢</p>');
  const order = ['您最近接受的是哪项服务？', '从报修到修好，您对所用的时间满意吗？', '总体来说，您对我们的售后服务满意吗？', '还有什么想告诉我们的吗？'].map(
    (p) => zh.indexOf(p),
  );
  expect(order.every((at) => at > 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  // The answer that opened the task stands out.
  expect(zh).toMatch(/<li class="item failed">\s*<span class="ans ans-value">2 \/ 5 · 不满意<\/span> <span class="prompt">总体来说/);

  const en = (await admin.get(`/follow-ups/${task._id}?lang=en`).expect(200)).text;
  expect(en).toContain('Overall, how satisfied are you with our after-sales service?');
  expect(en).toContain('2 / 5 · Dissatisfied');
  expect(en).toContain('Repair');
});

test('a failed mystery visit: the reason names the item by its prompt, checklist answers read Yes/No/N.A., photos show through the task', async () => {
  const t = await buildTenant(world.store);
  const { task, photo } = await failedVisitTask(t);
  const admin = await loginAgent(world.app, t.admin.email);
  const zh = (await admin.get(`/follow-ups/${task._id}?lang=zh-CN`).expect(200)).text;
  expect(zh).toContain('暗访关键项不合格：「维修前告知了费用并征得您的同意」');
  expect(zh).not.toMatch(/quote_before_work|sign_visible|repair_warranty_stated|evidence_photos/);
  expect(zh).toMatch(/<span class="ans ans-no">否<\/span> <span class="prompt">维修前告知了费用并征得您的同意。 <span class="badge bad">关键项<\/span>/);
  expect(zh).toMatch(/<span class="ans ans-na">不适用<\/span> <span class="prompt">告知了本次维修的保修期。/);
  expect(zh).toContain('男，电话 138****5678');
  const thumb = `/follow-ups/${task._id}/photos/${photo._id}/thumb`;
  expect(zh).toContain(`<a href="/follow-ups/${task._id}/photos/${photo._id}" target="_blank" rel="noopener"><img src="${thumb}" alt="门头.jpg"></a>`);
  expect(zh).not.toContain(`>${photo._id}<`);
  const list = (await admin.get('/follow-ups?lang=zh-CN').expect(200)).text;
  expect(list).toContain('暗访关键项不合格：「维修前告知了费用并征得您的同意」');
  const en = (await admin.get(`/follow-ups/${task._id}?lang=en`).expect(200)).text;
  expect(en).toContain('critical mystery item failed: “You were told the cost and asked to agree before any work began”');
  expect(en).toMatch(/<span class="ans ans-no">No<\/span> <span class="prompt">You were told the cost/);

  // An agent works follow-ups without reading visits: the task shows the photo, the visit route does not.
  const agent = await loginAgent(world.app, t.users.agent!.email);
  const image = await agent.get(thumb).expect(200);
  expect(image.headers['content-type']).toBe('image/jpeg');
  expect(image.body.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  await agent.get(`/follow-ups/${task._id}/photos/${photo._id}`).expect(200);
  await agent.get(`/visit-evidence/${photo._id}/thumb`).expect(404);
  // Only the photos of the task's own response, and only in the task's enterprise.
  const other = await failedVisitTask(t);
  await agent.get(`/follow-ups/${task._id}/photos/${other.photo._id}/thumb`).expect(404);
  await agent.get(`/follow-ups/${task._id}/photos/nope`).expect(404);
  const outsider = await loginAgent(world.app, tenant.admin.email);
  await outsider.get(thumb).expect(404);
});

test('the task list shows 50 tasks a page, newest first, with the total and links that keep the filter', async () => {
  const t = await buildTenant(world.store);
  const base = Date.parse('2026-03-01T00:00:00Z');
  const tasks: FollowUpTask[] = Array.from({ length: 120 }, (_, i) => {
    const at = new Date(base + i * 60_000).toISOString();
    const responseId = `r${String(i).padStart(3, '0')}`;
    return {
      _id: taskId(responseId, 'lowNps'),
      enterpriseId: t.enterpriseId,
      responseId,
      siteId: t.sites[0]._id,
      siteCode: 'S1',
      channel: 'survey',
      rule: 'lowNps',
      detail: { nps: i % 7 },
      reason: '',
      respondedAt: at,
      status: i % 3 === 0 ? 'assigned' : 'open',
      callbacks: [],
      notify: { state: 'skipped', to: [] },
      createdAt: at,
      updatedAt: at,
      rev: 1,
    };
  });
  await t.ctx.store.collection<FollowUpTask>('followUpTasks').insertMany(tasks);
  const admin = await loginAgent(world.app, t.admin.email);
  // Handlebars writes = and & in attributes as entities; a browser reads them back.
  const page = async (url: string) => (await admin.get(url).expect(200)).text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
  const rowsOf = (html: string) => [...html.matchAll(/href="\/follow-ups\/(fu-r\d+-lowNps)"/g)].map((m) => m[1]);
  const newestFirst = [...tasks].reverse().map((x) => x._id);

  const first = await page('/follow-ups?lang=zh-CN');
  expect(rowsOf(first)).toEqual(newestFirst.slice(0, 50));
  expect(first).toContain('共 120 条');
  expect(first).toContain('第 1 / 3 页');
  expect(first).toContain('<a href="/follow-ups?page=2" rel="next">');
  expect(first).not.toContain('rel="prev"');
  const second = await page('/follow-ups?page=2');
  expect(rowsOf(second)).toEqual(newestFirst.slice(50, 100));
  expect(second).toContain('<a href="/follow-ups" rel="prev">');
  expect(second).toContain('<a href="/follow-ups?page=3" rel="next">');
  const last = await page('/follow-ups?page=3');
  expect(rowsOf(last)).toEqual(newestFirst.slice(100));
  expect(last).not.toContain('rel="next"');
  // Past the end (the list shrank meanwhile): the last page.
  expect(rowsOf(await page('/follow-ups?page=9'))).toEqual(newestFirst.slice(100));

  const assigned = newestFirst.filter((id) => tasks.find((x) => x._id === id)!.status === 'assigned');
  const filtered = await page('/follow-ups?status=assigned&lang=en');
  expect(filtered).toContain('40 in all');
  expect(rowsOf(filtered)).toEqual(assigned.slice(0, 40));
  expect(filtered).not.toContain('class="pager"'); // one page needs no pager
  const open = await page('/follow-ups?status=open&page=2&lang=en');
  expect(open).toContain('Page 2 of 2');
  expect(open).toContain('<a href="/follow-ups?status=open" rel="prev">');

  expect((await admin.get('/api/v1/follow-ups?page=0').expect(400)).body.error.field).toBe('page');
  const api = (await admin.get('/api/v1/follow-ups?status=open').expect(200)).body;
  expect(api).toMatchObject({ total: 80, page: 1 });
  expect(api.tasks).toHaveLength(80);
});
