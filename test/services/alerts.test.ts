/**
 * Low-score alerts: which responses set off which rule, and the closed loop's
 * guarantee that a response opens one task and sends one email per rule, even
 * when its job runs twice (or twice at once).
 */
import pino from 'pino';
import { createMailer } from '../../server/mail/transport';
import { updateSite } from '../../server/services/accounts/sites';
import { triggeredRules } from '../../server/services/alerts/evaluate';
import { handleCountedResponse } from '../../server/services/alerts/listener';
import { defaultAlertRules, getAlertRules, updateAlertRules } from '../../server/services/alerts/rules';
import type { FollowUpTask } from '../../server/services/alerts/types';
import type { Job } from '../../server/services/jobs/types';
import { mysteryAnswersFor } from '../../server/services/demo/dashboardAnswers';
import { loadDefaultTemplates } from '../../server/services/templates/defaults';
import type { Answers } from '../../server/services/templates/types';
import { publishAll, submit, type Published } from '../helpers/dashboard';
import { startSmtp } from '../helpers/smtp';
import { surveyAnswers } from '../helpers/templates';
import { buildTenant, buildWorld, type Tenant, type World } from '../helpers/world';
import { mulberry32 } from '../../server/services/random';

let world: World;
let tenant: Tenant;
let published: Published;
const logger = pino({ level: 'silent' });
const survey = loadDefaultTemplates().find((t) => t.channel === 'survey')!;
const mystery = loadDefaultTemplates().find((t) => t.channel === 'mystery')!;

beforeAll(async () => {
  // The alert mail's links start with PUBLIC_URL.
  world = await buildWorld({ PUBLIC_URL: 'https://survey.example.test' });
  tenant = await buildTenant(world.store);
  published = await publishAll(tenant);
  await updateSite(tenant.ctx, tenant.sites[0]._id, { managerEmail: 'manager.s1@a.test' });
});
afterAll(() => world.close());

const tasksOf = (responseId: string) => world.store.collection<FollowUpTask>('followUpTasks').find({ responseId });

describe('rules', () => {
  const rules = defaultAlertRules();
  test.each([
    [1, 9, ['lowOverall']],
    [2, 9, ['lowOverall']],
    [3, 9, []],
    [5, 6, ['lowNps']],
    [5, 7, []],
    [2, 0, ['lowOverall', 'lowNps']],
  ])('overall %i of 5 and recommend %i set off %j', (overall, recommend, expected) => {
    const hits = triggeredRules(rules, survey, { channel: 'survey', answers: surveyAnswers({ overall_satisfaction: overall, recommend }) as never });
    expect(hits.map((h) => h.rule)).toEqual(expected);
  });

  test('a critical mystery item answered "no" sets off criticalMiss and names the items', () => {
    const answers: Answers = mysteryAnswersFor(mulberry32(1), 1);
    for (const [k, v] of Object.entries(answers)) if (v === 'no') answers[k] = 'yes';
    Object.assign(answers, { quote_before_work: 'no', no_unagreed_charges: 'no' });
    const hits = triggeredRules(rules, mystery, { channel: 'mystery', answers });
    expect(hits).toEqual([
      { rule: 'criticalMiss', detail: { items: ['quote_before_work', 'no_unagreed_charges'] }, reason: expect.stringContaining('quote_before_work') },
    ]);
    expect(triggeredRules({ ...rules, criticalMiss: { enabled: false } }, mystery, { channel: 'mystery', answers })).toEqual([]);
  });

  test('thresholds are configurable and validated', async () => {
    await expect(updateAlertRules(tenant.ctx, { lowOverall: { maxRating: 5 } })).rejects.toMatchObject({ status: 400, field: 'lowOverall.maxRating' });
    await expect(updateAlertRules(tenant.ctx, { lowNps: { maxScore: 10 } })).rejects.toMatchObject({ status: 400, field: 'lowNps.maxScore' });
    await updateAlertRules(tenant.ctx, { lowOverall: { maxRating: 3 } });
    const changed = await getAlertRules(tenant.ctx);
    expect(changed.lowOverall).toEqual({ enabled: true, maxRating: 3 });
    expect(triggeredRules(changed, survey, { channel: 'survey', answers: surveyAnswers({ overall_satisfaction: 3 }) as never }).map((h) => h.rule)).toEqual([
      'lowOverall',
    ]);
    await updateAlertRules(tenant.ctx, { lowOverall: { maxRating: 2 } });
  });
});

test('a low score writes its alert job with the response; draining it opens one task and sends one email, even when run again', async () => {
  const deps = { store: world.store, mailer: world.deps.mailer, logger, baseUrl: 'https://survey.example.test' };
  await world.drain();
  const before = (await world.deps.mailer.listOutbox(tenant.enterpriseId)).length;
  const { response } = await submit(tenant, published, 'survey', 0, surveyAnswers({ overall_satisfaction: 1, recommend: 9 }));
  // Committed with the response, nothing run yet: the side effects wait in the queue.
  const jobs = await world.store.collection<Job>('jobs').find({ 'payload.responseId': response._id });
  expect(jobs).toEqual([expect.objectContaining({ kind: 'alerts.evaluate', state: 'queued', enterpriseId: tenant.enterpriseId })]);
  expect(await tasksOf(response._id)).toHaveLength(0);

  expect(await world.drain()).toBe(1);
  // The job delivered a second and third time, twice at once.
  const event = { enterpriseId: tenant.enterpriseId, siteId: response.siteId, channel: response.channel, responseId: response._id, at: response.respondedAt };
  await Promise.all([handleCountedResponse(deps, event), handleCountedResponse(deps, event)]);

  const tasks = await tasksOf(response._id);
  expect(tasks).toHaveLength(1);
  expect(tasks[0]).toMatchObject({ rule: 'lowOverall', status: 'open', siteId: tenant.sites[0]._id, notify: { state: 'sent', to: ['manager.s1@a.test'] } });
  expect(await world.store.collection<Job>('jobs').findOne({ _id: jobs[0]!._id })).toMatchObject({ state: 'done', attempts: 1 });
  const outbox = await world.deps.mailer.listOutbox(tenant.enterpriseId);
  expect(outbox.length - before).toBe(1);
  expect(outbox[0].to).toBe('manager.s1@a.test');
  // Quoted-printable: undo the soft line breaks before looking for the link.
  const eml = (await world.deps.mailer.readOutbox(tenant.enterpriseId, outbox[0].id))!.replace(/=\r?\n/g, '');
  expect(eml).toContain(`https://survey.example.test/follow-ups/${tasks[0]._id}`);
});

test('a response that sets off no rule writes no job', async () => {
  const { response } = await submit(tenant, published, 'survey', 1, surveyAnswers());
  expect(await world.store.collection<Job>('jobs').count({ 'payload.responseId': response._id })).toBe(0);
});

test('a good response opens nothing; a site without a manager mails the admins', async () => {
  const deps = { store: world.store, mailer: world.deps.mailer, logger, baseUrl: 'http://localhost' };
  const good = await submit(tenant, published, 'survey', 0, surveyAnswers());
  expect(
    await handleCountedResponse(deps, {
      enterpriseId: tenant.enterpriseId,
      siteId: good.response.siteId,
      channel: 'survey',
      responseId: good.response._id,
      at: good.response.respondedAt,
    }),
  ).toEqual([]);
  const bad = await submit(tenant, published, 'survey', 1, surveyAnswers({ overall_satisfaction: 5, recommend: 3 }));
  const [task] = await handleCountedResponse(deps, {
    enterpriseId: tenant.enterpriseId,
    siteId: bad.response.siteId,
    channel: 'survey',
    responseId: bad.response._id,
    at: bad.response.respondedAt,
  });
  expect(task).toMatchObject({ rule: 'lowNps', detail: { nps: 3 }, notify: { to: [tenant.admin.email] } });
});

test('a response of another enterprise never opens a task in this one', async () => {
  const other = await buildTenant(world.store);
  const otherPublished = await publishAll(other);
  const deps = { store: world.store, mailer: world.deps.mailer, logger, baseUrl: 'http://localhost' };
  const { response } = await submit(other, otherPublished, 'survey', 0, surveyAnswers({ overall_satisfaction: 1 }));
  // An event that names the wrong enterprise finds no response there.
  expect(
    await handleCountedResponse(deps, {
      enterpriseId: tenant.enterpriseId,
      siteId: response.siteId,
      channel: 'survey',
      responseId: response._id,
      at: response.respondedAt,
    }),
  ).toEqual([]);
  const [task] = await handleCountedResponse(deps, {
    enterpriseId: other.enterpriseId,
    siteId: response.siteId,
    channel: 'survey',
    responseId: response._id,
    at: response.respondedAt,
  });
  expect(task.enterpriseId).toBe(other.enterpriseId);
});

test('the alert email arrives at a real SMTP server', async () => {
  const smtp = await startSmtp();
  try {
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'ServiceStar <alerts@servicestar.test>', store: world.store });
    const { response } = await submit(tenant, published, 'mystery', 0, { ...mysteryAnswersFor(mulberry32(3), 0.9), quote_before_work: 'no' });
    await handleCountedResponse(
      { store: world.store, mailer, logger, baseUrl: 'https://s.test' },
      { enterpriseId: tenant.enterpriseId, siteId: response.siteId, channel: 'mystery', responseId: response._id, at: response.respondedAt },
    );
    const [received] = await smtp.waitFor(1);
    expect(received.to).toEqual(['manager.s1@a.test']);
    expect(received.mail.subject).toContain('低分预警');
    // The manager reads the failed item as it was asked, not its id.
    expect(received.mail.subject).toContain('暗访关键项不合格：「维修前告知了费用并征得您的同意」');
    expect(received.mail.text).toContain('critical mystery item failed: “You were told the cost and asked to agree before any work began”');
    expect(received.mail.text).not.toContain('quote_before_work');
    expect((await tasksOf(response._id))[0].notify.state).toBe('sent');
  } finally {
    await smtp.stop();
  }
});
