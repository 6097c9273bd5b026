/**
 * The builder's server side speaks the page language for every rule: an indicator the
 * template's channel cannot evidence, section rules, skip logic and shape errors each
 * name the question by its prompt or the section by its title, never by an id.
 */
import { smallSurvey, t, type Draft } from '../helpers/templateDrafts';
import { buildTenant, buildWorld, loginAgent, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let templateId: string;

beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  admin = await loginAgent(world.app, tenant.admin.email);
  const res = await admin.post('/api/v1/templates').send(smallSurvey());
  expect(res.status).toBe(201);
  templateId = res.body.template._id;
});
afterAll(() => world.close());

/** Saves `draft` as the draft in both languages; both answers must be 400 on the same field. */
async function refused(draft: Draft, field: string): Promise<{ zh: string; en: string; message: string }> {
  const zh = await admin.put(`/api/v1/templates/${templateId}?lang=zh-CN`).send(draft);
  const en = await admin.put(`/api/v1/templates/${templateId}?lang=en`).send(draft);
  for (const res of [zh, en]) {
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
  }
  return { zh: zh.body.error.text, en: en.body.error.text, message: en.body.error.message };
}

describe('indicators a channel cannot evidence', () => {
  test.each(['survey', 'call', 'mystery'])(
    'a %s question tied to an on-site-only indicator is refused naming the field and the rule in the request language',
    async (channel) => {
      const draft = smallSurvey();
      draft.channel = channel;
      // A mystery visit scores checklist items only; keep the question a valid scored one of its channel.
      draft.sections[0].questions = [
        {
          id: 'q1',
          type: channel === 'mystery' ? 'checklist' : 'rating',
          ...(channel === 'mystery' ? {} : { scale: 5 }),
          prompt: t('有服务理念吗？', 'Any service philosophy?'),
          required: true,
          indicator: 'internal.culture.philosophy',
        },
      ];
      const { zh, en, message } = await refused(draft, 'sections.0.questions.0.indicator');
      expect(zh).toBe('问题「有服务理念吗？」：所选指标只能由现场检查取证，问卷问题无法为其提供证据。');
      expect(en).toMatch(/^Question “Any service philosophy\?”: the chosen indicator is evidenced on site only/);
      expect(message).toContain('internal.culture.philosophy');
      expect((await admin.get(`/api/v1/templates/${templateId}`)).body.template.draft.channel).toBe('survey');
    },
  );

  test('the same question tied to an indicator customers can evidence is saved', async () => {
    const draft = smallSurvey();
    draft.sections[0].questions[1].indicator = 'internal.culture.commitment';
    const res = await admin.put(`/api/v1/templates/${templateId}`).send(draft);
    expect(res.status).toBe(200);
  });
});

describe('part (section) rules name the part by its title', () => {
  test('a section without questions', async () => {
    const draft = smallSurvey();
    draft.sections.push({ id: 'extra', title: t('补充', 'Extras'), questions: [] });
    const { zh, en } = await refused(draft, 'sections.1.questions');
    expect(zh).toBe('部分「补充」：这一部分还没有题目。');
    expect(en).toBe('Part “Extras”: this part has no questions yet.');
  });

  test('a section weight on a survey, and a section id used twice', async () => {
    const weighted = smallSurvey();
    weighted.sections[0].weight = 2;
    const w = await refused(weighted, 'sections.0.weight');
    expect(w.zh).toBe('部分「服务」：部分权重只适用于暗访检查表。');
    expect(w.en).toBe('Part “Service”: part weights apply to mystery-visit checklists only.');
    const twice = smallSurvey();
    twice.sections.push({ id: 'main', title: t('补充', 'Extras'), questions: [{ id: 'q9', type: 'text', prompt: t('备注', 'Notes'), required: false }] });
    const d = await refused(twice, 'sections.1.id');
    expect(d.en).toBe('Part “Extras”: the part id is already used by an earlier part.');
    expect(d.zh).not.toMatch(/main|sections/);
  });
});

describe('skip-logic rules name both questions by their prompts', () => {
  test('a condition on a later question', async () => {
    const draft = smallSurvey();
    draft.sections[0].questions[1].showIf = { questionId: 'q3', op: 'gte', value: 9 };
    const { zh, en, message } = await refused(draft, 'sections.0.questions.1.showIf.questionId');
    expect(zh).toBe('问题「维修速度满意吗？」：显示条件依据的题目「您会推荐我们吗？」排在本题之后；只能依据前面的题目。');
    expect(en).toBe(
      'Question “Happy with the repair speed?”: the display condition refers to “Would you recommend us?”, which comes later; only earlier questions can be used.',
    );
    expect(message).toBe('question q2: condition refers to q3 which comes later');
  });

  test('a condition value the target cannot take', async () => {
    const draft = smallSurvey();
    draft.sections[0].questions[1].showIf = { questionId: 'q1', op: 'eq', value: 'maybe' };
    const { zh, en } = await refused(draft, 'sections.0.questions.1.showIf.value');
    expect(zh).toBe('问题「维修速度满意吗？」：条件取值「maybe」不是题目「维修过吗？」的选项。');
    expect(en).toBe('Question “Happy with the repair speed?”: the condition value “maybe” is not an option of “Had a repair?”.');
  });
});

describe('shape errors name the question or section and the field by its builder label', () => {
  test('a question with a field of the wrong type', async () => {
    const draft = smallSurvey();
    draft.sections[0].questions[1].scale = 'five';
    const { zh, en } = await refused(draft, 'sections.0.questions.1.scale');
    expect(zh).toMatch(/^问题「维修速度满意吗？」：「.+」的取值格式不正确。$/);
    expect(en).toMatch(/^Question “Happy with the repair speed\?”: “.+” does not have a valid value\.$/);
    expect(zh).not.toContain('scale');
  });

  test('a section without a title, by its position', async () => {
    const draft = smallSurvey();
    delete draft.sections[0].title;
    const { zh, en } = await refused(draft, 'sections.0.title');
    expect(zh).toMatch(/^部分「第 1 部分」：缺少必填项「.+」。$/);
    expect(en).toMatch(/^Part “part 1”: “.+” is required\.$/);
  });
});
