/** Template rules for the builder's user: publishing needs a score (unless unscored), default rating end labels, errors in the page language. */
import { smallSurvey, type Draft } from '../helpers/templateDrafts';
import { csrfTokenOf } from '../helpers/world';
import { worldForFile } from '../helpers/fileWorld';

/** smallSurvey with only its unscored choice question left. */
function opinionsOnly(): Draft {
  const draft = smallSurvey();
  draft.sections[0].questions = [draft.sections[0].questions[0]];
  return draft;
}

async function createdId(draft: Draft): Promise<string> {
  const res = await fixture.admin.post('/api/v1/templates').send(draft);
  expect(res.status).toBe(201);
  return res.body.template._id;
}

const fixture = worldForFile({ adminAgent: true });

describe('publishing needs a scored question', () => {
  test('a template without a scored question is refused with 400 naming the rule, and stays unpublished', async () => {
    const id = await createdId(opinionsOnly());
    const res = await fixture.admin.post(`/api/v1/templates/${id}/publish?lang=en`);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('sections');
    expect(res.body.error.message).toMatch(/at least one scored question tied to an indicator/);
    expect(res.body.error.text).toMatch(/^Publishing needs at least one scored question/);
    expect((await fixture.admin.get(`/api/v1/templates/${id}`)).body.template.publishedVersion).toBeNull();
  });

  test('the same template marked unscored publishes', async () => {
    const id = await createdId({ ...opinionsOnly(), unscored: true });
    const res = await fixture.admin.post(`/api/v1/templates/${id}/publish`);
    expect(res.status).toBe(201);
    expect(res.body.version.content.unscored).toBe(true);
  });

  test('the publish page says the rule in Chinese as a flash', async () => {
    const id = await createdId(opinionsOnly());
    await fixture.admin.get('/templates?lang=zh-CN');
    const csrf = await csrfTokenOf(fixture.admin, `/templates/${id}`);
    const res = await fixture.admin.post(`/templates/${id}/publish`).type('form').send({ _csrf: csrf });
    expect(res.status).toBe(303);
    expect((await fixture.admin.get(`/templates/${id}`)).text).toContain('发布前至少需要一道关联指标的计分题');
  });
});

test('a rating question saved without end labels gets the default labels in both languages', async () => {
  const id = await createdId(smallSurvey());
  const draft = (await fixture.admin.get(`/api/v1/templates/${id}`)).body.template.draft;
  expect(draft.sections[0].questions[1].scaleLabels).toEqual([
    { 'zh-CN': '非常不满意', en: 'Very dissatisfied' },
    { 'zh-CN': '非常满意', en: 'Very satisfied' },
  ]);
  const own = smallSurvey();
  own.sections[0].questions[1].scaleLabels = [
    { 'zh-CN': '很慢', en: 'Slow' },
    { 'zh-CN': '很快', en: 'Fast' },
  ];
  const saved = await fixture.admin.put(`/api/v1/templates/${id}`).send(own);
  expect(saved.body.template.draft.sections[0].questions[1].scaleLabels[0]).toEqual({ 'zh-CN': '很慢', en: 'Slow' });
});

test('a builder error names the question by its prompt in Chinese, not by its id', async () => {
  const id = await createdId(smallSurvey());
  const broken = smallSurvey();
  delete broken.sections[0].questions[2].indicator;
  await fixture.admin.get('/templates?lang=zh-CN');
  const res = await fixture.admin.put(`/api/v1/templates/${id}`).send(broken);
  expect(res.status).toBe(400);
  expect(res.body.error.field).toBe('sections.0.questions.2.indicator');
  expect(res.body.error.text).toBe('问题「您会推荐我们吗？」：计分题必须选择一个指标。');
  expect(res.body.error.text).not.toContain('q3');
  const en = await fixture.admin.put(`/api/v1/templates/${id}?lang=en`).send(broken);
  expect(en.body.error.text).toBe('Question “Would you recommend us?”: a scored question must name an indicator.');
});
