/** Template pages without a browser: list, create from a default, import, builder embedding, preview, publish. */
import { createTemplate } from '../../server/services/templates/versions';
import { smallSurvey, t } from '../helpers/templateDrafts';
import { buildTenant, buildWorld, csrfTokenOf, loginAgent, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let csrf: string;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  admin = await loginAgent(world.app, tenant.admin.email);
  csrf = await csrfTokenOf(admin, '/templates');
});
afterAll(() => world.close());

test('the list offers the three defaults and a blank template per channel, in Chinese by default', async () => {
  const res = await admin.get('/templates');
  expect(res.status).toBe(200);
  expect(res.text).toContain('问卷模板');
  expect(res.text).toContain('售后服务满意度调查');
  expect(res.text.match(/value="default:\d"/g)).toHaveLength(3);
  expect(res.text.match(/value="blank:(survey|call|mystery)"/g)).toHaveLength(3);
  expect((await admin.get('/templates?lang=en')).text).toContain('Survey templates');
  await admin.get('/templates?lang=zh-CN'); // the choice is remembered in a cookie
});

test("the list shows when each template changed in the enterprise's time (UTC+8 here), like every other page", async () => {
  const template = await createTemplate(tenant.ctx, smallSurvey());
  await world.store.collection('templates').updateOne({ _id: template._id }, { $set: { updatedAt: '2026-01-01T23:30:00.000Z' } });
  const res = await admin.get('/templates');
  expect(res.text).toContain('2026-01-02 07:30');
  expect(res.text).not.toContain('(UTC)');
});

test('a new template from a default opens the builder with its content embedded', async () => {
  const res = await admin.post('/templates').type('form').send({ _csrf: csrf, start: 'default:0' });
  expect(res.status).toBe(303);
  const builder = await admin.get(res.headers.location!);
  expect(builder.status).toBe(200);
  const json = /<script type="application\/json" id="builder-content">([\s\S]*?)<\/script>/.exec(builder.text)![1]!;
  expect(JSON.parse(json).channel).toBe('survey');
  expect(builder.text).toContain('src="/static/js/builder.js"');
});

test('a blank template is valid and a bad start is a flash, not a crash', async () => {
  const res = await admin.post('/templates').type('form').send({ _csrf: csrf, start: 'blank:mystery' });
  expect(res.headers.location).toMatch(/^\/templates\/[\w-]+$/);
  const bad = await admin.post('/templates').type('form').send({ _csrf: csrf, start: 'default:99' });
  expect(bad.headers.location).toBe('/templates');
  expect((await admin.get('/templates')).text).toContain('no such default template');
});

test('the embedded JSON cannot close its script element', async () => {
  const draft = smallSurvey();
  draft.name = t('</script><script>alert(1)</script>', '</script><!-- & \u2028');
  const template = await createTemplate(tenant.ctx, draft);
  const page = await admin.get(`/templates/${template._id}`);
  expect(page.text).not.toContain('</script><script>alert');
  const json = /id="builder-content">([\s\S]*?)<\/script>/.exec(page.text)![1]!;
  expect(JSON.parse(json).name['zh-CN']).toBe('</script><script>alert(1)</script>');
});

test('import takes pasted JSON; broken JSON comes back as a message', async () => {
  const res = await admin
    .post('/templates/import')
    .type('form')
    .send({ _csrf: csrf, json: JSON.stringify(smallSurvey()) });
  expect(res.headers.location).toMatch(/^\/templates\/[\w-]+$/);
  const broken = await admin.post('/templates/import').type('form').send({ _csrf: csrf, json: '{"channel":' });
  expect(broken.headers.location).toBe('/templates');
  expect((await admin.get('/templates')).text).toContain('not valid JSON');
});

describe('preview', () => {
  let id: string;
  beforeAll(async () => {
    id = (await createTemplate(tenant.ctx, smallSurvey()))._id;
  });

  test('renders the form without JavaScript: fieldsets, a_<id> names, skip conditions as data', async () => {
    const res = await admin.get(`/templates/${id}/preview`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<legend class="q-prompt">维修过吗？');
    expect(res.text.match(/type="radio" id="q_q2_\d" name="a_q2"/g)).toHaveLength(5);
    expect(res.text.match(/name="a_q3"/g)).toHaveLength(11);
    expect(res.text).toContain('data-show-if="{&quot;questionId&quot;:&quot;q1&quot;,&quot;op&quot;:&quot;eq&quot;,&quot;value&quot;:&quot;yes&quot;}"');
    expect(res.text).not.toMatch(/<script>(?!<\/script>)/); // no inline script
    expect((await admin.get(`/templates/${id}/preview?lang=en`)).text).toContain('Happy with the repair speed?');
    await admin.get(`/templates/${id}/preview?lang=zh-CN`);
  });

  test('checking answers keeps them and shows each question’s error', async () => {
    const res = await admin.post(`/templates/${id}/preview`).type('form').send({ _csrf: csrf, a_q1: 'yes', a_q3: '11' });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/value="yes" checked/);
    expect(res.text).toContain('id="q_q2_err">请回答此题');
    expect(res.text).toContain('id="q_q3_err">请从列出的选项中选择');
    expect(res.text).toContain('class="survey-errors"');
    const ok = await admin.post(`/templates/${id}/preview`).type('form').send({ _csrf: csrf, a_q1: 'no' });
    expect(ok.text).toContain('所有答案均有效');
  });

  test('publishing through the page form freezes version 1 and ?version=1 previews it', async () => {
    const res = await admin.post(`/templates/${id}/publish`).type('form').send({ _csrf: csrf });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/templates/${id}`);
    expect((await admin.get(`/templates/${id}`)).text).toContain('已发布第 1 版');
    const again = await admin.post(`/templates/${id}/publish`).type('form').send({ _csrf: csrf });
    expect(again.status).toBe(303); // nothing to publish: a flash, not an error page
    expect((await admin.get(`/templates/${id}/preview?version=1`)).text).toContain('已发布的第 1 版');
    expect((await admin.get(`/templates/${id}/preview?version=2`)).status).toBe(404);
  });

  test('an analyst may preview but not open the builder', async () => {
    const analyst = await loginAgent(world.app, tenant.users.analyst!.email);
    expect((await analyst.get(`/templates/${id}/preview`)).status).toBe(200);
    expect((await analyst.get(`/templates/${id}`)).status).toBe(403);
  });
});
