/**
 * Template lifecycle from the template list: a published template is archived
 * (out of the campaign picker, its versions kept for history, restorable), a
 * never-published one is deleted, a published one is never deleted; each
 * change is in the audit log, and another enterprise's template is a 404.
 */
import type { AuditEntry } from '../../server/services/auditLog';
import { createTemplate, getVersion, listTemplates, publish, type Template } from '../../server/services/templates/versions';
import { smallSurvey } from '../helpers/templateDrafts';
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
}, 60_000);
afterAll(() => world.close());

const audited = async (action: string, templateId: string) =>
  (await world.store.collection<AuditEntry>('auditLog').find({ enterpriseId: tenant.enterpriseId, action })).filter((e) => e.entityId === templateId);
const flashOf = async () => /role="status">([^<]*)</.exec((await admin.get('/templates')).text)?.[1];
const campaignPicker = async () => (await admin.get('/campaigns/new')).text;

test('an archived template leaves the campaign picker but keeps its versions, shows under 已归档, and comes back on restore', async () => {
  const template = await createTemplate(tenant.ctx, { ...smallSurvey(), name: { 'zh-CN': '误发布的问卷', en: 'Published by mistake' } });
  await publish(tenant.ctx, template._id);
  expect(await campaignPicker()).toContain(`value="${template._id}@1"`);

  const archived = await admin.post(`/templates/${template._id}/archive`).type('form').send({ _csrf: csrf });
  expect(archived.status).toBe(303);
  expect(await flashOf()).toBe('已归档「误发布的问卷」，它不再出现在模板选项中。');
  expect(await campaignPicker()).not.toContain(template._id);
  expect((await listTemplates(tenant.ctx)).map((t) => t._id)).not.toContain(template._id);
  expect((await getVersion(tenant.ctx, template._id, 1)).content.name['zh-CN']).toBe('误发布的问卷');
  const list = (await admin.get('/templates')).text;
  const archivedSection = list.slice(list.indexOf('已归档的模板'));
  expect(archivedSection).toContain('误发布的问卷');
  expect(archivedSection).toContain(`action="/templates/${template._id}/restore"`);
  expect(await audited('template.archive', template._id)).toHaveLength(1);

  await admin.post(`/templates/${template._id}/restore`).type('form').send({ _csrf: csrf });
  expect(await flashOf()).toBe('已恢复「误发布的问卷」。');
  expect(await campaignPicker()).toContain(`value="${template._id}@1"`);
  expect(await audited('template.restore', template._id)).toHaveLength(1);
});

test('a never-published template is deleted; a published one is refused in words and kept', async () => {
  const draft = await createTemplate(tenant.ctx, { ...smallSurvey(), name: { 'zh-CN': '草稿问卷', en: 'Draft survey' } });
  expect((await admin.post(`/templates/${draft._id}/delete`).type('form').send({ _csrf: csrf })).status).toBe(303);
  expect(await flashOf()).toBe('已删除未发布的模板「草稿问卷」。');
  expect(await world.store.collection('templates').findOne({ _id: draft._id })).toBeNull();
  expect(await audited('template.delete', draft._id)).toHaveLength(1);

  const live = await createTemplate(tenant.ctx, { ...smallSurvey(), name: { 'zh-CN': '在用问卷', en: 'Live survey' } });
  await publish(tenant.ctx, live._id);
  await admin.post(`/templates/${live._id}/delete`).type('form').send({ _csrf: csrf });
  expect(await flashOf()).toBe('「在用问卷」已发布过，答卷可能使用其版本，不能删除；可以将其归档。');
  expect(await world.store.collection('templates').findOne({ _id: live._id })).not.toBeNull();
  expect(await audited('template.delete', live._id)).toEqual([]);
  // The list offers "delete" only where it can work.
  const list = (await admin.get('/templates')).text;
  expect(list).not.toContain(`action="/templates/${live._id}/delete"`);
  expect(list).toContain(`action="/templates/${live._id}/archive"`);
});

test('another enterprise cannot archive or delete a template (404), and an analyst may not (403)', async () => {
  const other = await buildTenant(world.store);
  const theirs = await createTemplate(other.ctx, smallSurvey());
  expect((await admin.post(`/templates/${theirs._id}/archive`).type('form').send({ _csrf: csrf })).status).toBe(404);
  expect((await admin.post(`/templates/${theirs._id}/delete`).type('form').send({ _csrf: csrf })).status).toBe(404);
  expect((await world.store.collection<Template>('templates').findOne({ _id: theirs._id }))?.archivedAt).toBeUndefined();
  const analyst = await loginAgent(world.app, tenant.users.analyst!.email);
  const mine = await createTemplate(tenant.ctx, smallSurvey());
  expect(
    (
      await analyst
        .post(`/templates/${mine._id}/delete`)
        .type('form')
        .send({ _csrf: await csrfTokenOf(analyst, '/templates') })
    ).status,
  ).toBe(403);
  expect(await world.store.collection('templates').findOne({ _id: mine._id })).not.toBeNull();
});

test('over JSON: archive hides a template from the list unless asked, delete of a published one is 409 naming the field', async () => {
  const template = await createTemplate(tenant.ctx, smallSurvey());
  await publish(tenant.ctx, template._id);
  expect((await admin.post(`/api/v1/templates/${template._id}/archive`)).status).toBe(200);
  const ids = async (query: string) => (await admin.get(`/api/v1/templates${query}`)).body.templates.map((t: { _id: string }) => t._id);
  expect(await ids('')).not.toContain(template._id);
  expect(await ids('?archived=include')).toContain(template._id);
  const refused = await admin.delete(`/api/v1/templates/${template._id}`);
  expect(refused.status).toBe(409);
  expect(refused.body.error).toMatchObject({ code: 'template_published', field: 'templateId' });
});
