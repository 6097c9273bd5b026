/** The templates and standards API: validation errors, versioning, permissions, export. */
import type { Template } from '../../server/services/templates/versions';
import { smallSurvey, t, type Draft } from '../helpers/templateDrafts';
import { loginAgent } from '../helpers/world';
import { worldForFile } from '../helpers/fileWorld';

async function created(draft: Draft = smallSurvey()): Promise<Template> {
  const res = await fixture.admin.post('/api/v1/templates').send(draft);
  expect(res.status).toBe(201);
  return res.body.template;
}

const fixture = worldForFile({ adminAgent: true });

describe('creating', () => {
  test('a valid template is created as an unpublished draft', async () => {
    const template = await created();
    expect(template).toMatchObject({ channel: 'survey', publishedVersion: null, name: { en: 'Repair survey' } });
    expect(template.draft?.sections[0]!.questions).toHaveLength(3);
  });

  test.each([
    [
      'an unknown indicator',
      (d: Draft) => (d.sections[0].questions[1].indicator = 'execution.repair.nope'),
      'sections.0.questions.1.indicator',
      /question q2: indicator "execution.repair.nope" does not exist/,
    ],
    [
      'a missing translation',
      (d: Draft) => (d.sections[0].questions[2].prompt.en = ' '),
      'sections.0.questions.2.prompt.en',
      /question q3: prompt lacks an English translation/,
    ],
    [
      'a condition on a later question',
      (d: Draft) => (d.sections[0].questions[1].showIf = { questionId: 'q3', op: 'gte', value: 9 }),
      'sections.0.questions.1.showIf.questionId',
      /question q2: condition refers to q3 which comes later/,
    ],
    ['a duplicate id', (d: Draft) => (d.sections[0].questions[2].id = 'q1'), 'sections.0.questions.2.id', /question q1: id is used by an earlier question/],
  ])('%s is a 400 naming the question and the rule', async (_name, edit, field, message) => {
    const draft = smallSurvey();
    edit(draft);
    const res = await fixture.admin.post('/api/v1/templates').send(draft);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message).toMatch(message);
  });

  test('an analyst may read templates but not create one', async () => {
    const analyst = await loginAgent(fixture.world.app, fixture.tenant.users.analyst!.email);
    expect((await analyst.post('/api/v1/templates').send(smallSurvey())).status).toBe(403);
    expect((await analyst.get('/api/v1/templates')).status).toBe(200);
  });

  test('the list filters by channel and refuses an unknown channel', async () => {
    await created({ ...smallSurvey(), channel: 'call', name: t('回访', 'Call') });
    const calls = await fixture.admin.get('/api/v1/templates?channel=call');
    expect(calls.body.templates.map((x: Draft) => x.channel)).toEqual(['call']);
    expect(calls.body.templates[0]).toMatchObject({ hasDraft: true });
    expect(calls.body.templates[0].draft).toBeUndefined();
    expect((await fixture.admin.get('/api/v1/templates?channel=fax')).status).toBe(400);
  });
});

describe('versions', () => {
  test('publish freezes v1; a saved draft leaves v1 live and unchanged; publishing again makes v2', async () => {
    const { _id: id } = await created();
    const first = await fixture.admin.post(`/api/v1/templates/${id}/publish`);
    expect(first.status).toBe(201);
    expect(first.body.version).toMatchObject({ version: 1, templateId: id });
    expect((await fixture.admin.get(`/api/v1/templates/${id}`)).body.template).toMatchObject({ publishedVersion: 1, draft: null });

    const edited = smallSurvey();
    edited.sections[0].questions[1].prompt = t('维修是否及时？', 'Was the repair on time?');
    const put = await fixture.admin.put(`/api/v1/templates/${id}`).send(edited);
    expect(put.status).toBe(200);
    const afterPut = await fixture.admin.get(`/api/v1/templates/${id}`);
    expect(afterPut.body.template.publishedVersion).toBe(1);
    expect(afterPut.body.template.draft.sections[0].questions[1].prompt.en).toBe('Was the repair on time?');
    const v1 = await fixture.admin.get(`/api/v1/templates/${id}?version=1`);
    expect(v1.body.version.content.sections[0].questions[1].prompt.en).toBe('Happy with the repair speed?');

    const second = await fixture.admin.post(`/api/v1/templates/${id}/publish`);
    expect(second.body.version.version).toBe(2);
    const after = await fixture.admin.get(`/api/v1/templates/${id}`);
    expect(after.body.template).toMatchObject({ publishedVersion: 2, draft: null });
    expect(after.body.versions.map((v: Draft) => v.version)).toEqual([2, 1]);
    expect((await fixture.admin.get(`/api/v1/templates/${id}?version=1`)).body.version.content.sections[0].questions[1].prompt.en).toBe(
      'Happy with the repair speed?',
    );
    expect((await fixture.admin.get(`/api/v1/templates/${id}?version=2`)).body.version.content.sections[0].questions[1].prompt.en).toBe(
      'Was the repair on time?',
    );
    expect((await fixture.admin.get(`/api/v1/templates/${id}?version=3`)).status).toBe(404);
  });

  test('publishing with no draft is a 409', async () => {
    const { _id: id } = await created();
    await fixture.admin.post(`/api/v1/templates/${id}/publish`).expect(201);
    const again = await fixture.admin.post(`/api/v1/templates/${id}/publish`);
    expect(again.status).toBe(409);
    expect(again.body.error.field).toBe('draft');
  });

  test('an invalid draft written behind the API is refused at publish and the live version stays', async () => {
    const { _id: id } = await created();
    await fixture.admin.post(`/api/v1/templates/${id}/publish`).expect(201);
    const broken = smallSurvey();
    broken.sections[0].questions[1].indicator = 'execution.repair.retired';
    await fixture.tenant.ctx.store.collection<Template>('templates').updateOne({ _id: id }, { $set: { draft: broken } });

    const res = await fixture.admin.post(`/api/v1/templates/${id}/publish`);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('sections.0.questions.1.indicator');
    const after = await fixture.admin.get(`/api/v1/templates/${id}`);
    expect(after.body.template.publishedVersion).toBe(1);
    expect(after.body.versions).toHaveLength(1);
  });

  test('a draft cannot change the channel', async () => {
    const { _id: id } = await created();
    const res = await fixture.admin.put(`/api/v1/templates/${id}`).send({ ...smallSurvey(), channel: 'call' });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('channel');
  });

  test('an unknown template is a 404 whatever the body', async () => {
    expect((await fixture.admin.put('/api/v1/templates/nope').send({})).status).toBe(404);
    expect((await fixture.admin.post('/api/v1/templates/nope/publish')).status).toBe(404);
  });
});

describe('export', () => {
  test('downloads the live version, or a chosen one, as a JSON attachment that imports again', async () => {
    const { _id: id } = await created();
    expect((await fixture.admin.get(`/api/v1/templates/${id}/export`)).status).toBe(404); // nothing published yet
    await fixture.admin.post(`/api/v1/templates/${id}/publish`).expect(201);
    const res = await fixture.admin
      .get(`/api/v1/templates/${id}/export`)
      .buffer(true)
      .parse((r, cb) => {
        let text = '';
        r.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        r.on('end', () => cb(null, text));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?repair-survey-v1\.json"?$/);
    const content = JSON.parse(res.body as string);
    // What was created, plus the default end labels its unlabelled rating question got.
    const expected = smallSurvey();
    expected.sections[0].questions[1].scaleLabels = [
      { 'zh-CN': '非常不满意', en: 'Very dissatisfied' },
      { 'zh-CN': '非常满意', en: 'Very satisfied' },
    ];
    expect(content).toEqual(expected);
    expect((await fixture.admin.post('/api/v1/templates').send(content)).status).toBe(201);
    expect((await fixture.admin.get(`/api/v1/templates/${id}/export?version=1`)).status).toBe(200);
    expect((await fixture.admin.get(`/api/v1/templates/${id}/export?version=0`)).status).toBe(400);
  });
});

describe('standards', () => {
  test('lists both catalogues with their counts', async () => {
    const analyst = await loginAgent(fixture.world.app, fixture.tenant.users.analyst!.email);
    const res = await analyst.get('/api/v1/standards');
    expect(res.status).toBe(200);
    const sbt = res.body.standards.find((s: Draft) => s.code === 'sbt10401-27');
    expect(sbt).toMatchObject({ version: '1.0.0', totalPoints: 100, counts: { levels: 4, items: 8, indicators: 27 } });
    expect(sbt.name['zh-CN']).toBeTruthy();
    expect(sbt.notes).toMatch(/default/i);
    expect(res.body.standards.find((s: Draft) => s.code === 'gbt27922-2011').counts).toEqual({ levels: 3, items: 0, indicators: 16 });
  });

  test('returns the nested tree whose points add up to 100 at every level', async () => {
    const res = await fixture.admin.get('/api/v1/standards/sbt10401-27?version=1.0.0');
    expect(res.status).toBe(200);
    const tree: Draft[] = res.body.standard.tree;
    const sum = (nodes: Draft[]) => Math.round(nodes.reduce((s, n) => s + n.points, 0) * 100) / 100;
    expect(sum(tree)).toBe(100);
    const check = (node: Draft) => {
      if (node.children.length) expect(sum(node.children)).toBe(node.points);
      node.children.forEach(check);
    };
    tree.forEach(check);
    const leaf = tree[1].children[0].children[1];
    expect(leaf).toMatchObject({
      code: 'execution.delivery.delivery',
      kind: 'indicator',
      pointsSource: 'default',
      evidence: ['onsite', 'perceived'],
      children: [],
    });
    const gbt = await fixture.admin.get('/api/v1/standards/gbt27922-2011');
    expect(gbt.body.standard.tree.map((n: Draft) => [n.code, n.points, n.pointsSource])).toEqual([
      ['system', 40, 'published'],
      ['goods', 35, 'published'],
      ['customer', 25, 'published'],
    ]);
    expect((await fixture.admin.get('/api/v1/standards/nope')).status).toBe(404);
    expect((await fixture.admin.get('/api/v1/standards/sbt10401-27?version=9.9.9')).status).toBe(404);
  });
});
