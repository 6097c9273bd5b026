import { ValidationError } from '../../server/errors';
import { loadDefaultTemplates } from '../../server/services/templates/defaults';
import { templateIndicators, validateTemplate, visibleQuestions } from '../../server/services/templates/validate';
import type { TemplateContent } from '../../server/services/templates/types';

// Drafts are edited freely into broken shapes, hence `any`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Draft = any;

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const yesNo = [
  { value: 'yes', label: t('是', 'Yes') },
  { value: 'no', label: t('否', 'No') },
];

/** A small valid survey: q1 single (gate), q2 rating, q3 checklist, q4 text, q5 nps. */
function draft(): Draft {
  return {
    channel: 'survey',
    name: t('满意度调查', 'Satisfaction survey'),
    catalogue: { code: 'sbt10401-27', version: '1.0.0' },
    sections: [
      {
        id: 'main',
        title: t('服务', 'Service'),
        questions: [
          { id: 'q1', type: 'single', prompt: t('维修过吗?', 'Had a repair?'), required: true, options: yesNo },
          {
            id: 'q2',
            type: 'rating',
            scale: 5,
            prompt: t('维修速度', 'Repair speed'),
            required: true,
            indicator: 'execution.repair.repair',
            showIf: { questionId: 'q1', op: 'eq', value: 'yes' },
          },
          { id: 'q3', type: 'checklist', prompt: t('问题解决了吗', 'Problem solved?'), required: false, indicator: 'execution.repair.repair' },
        ],
      },
      {
        id: 'end',
        title: t('总体', 'Overall'),
        questions: [
          { id: 'q4', type: 'text', prompt: t('意见', 'Comments'), required: false },
          { id: 'q5', type: 'nps', role: 'recommend', prompt: t('推荐', 'Recommend'), required: true, indicator: 'followup.customers.relationship' },
        ],
      },
    ],
  };
}
const q = (d: Draft, id: string): Draft => d.sections.flatMap((s: Draft) => s.questions).find((x: Draft) => x.id === id);

function rejects(edit: (d: Draft) => void, field: string, message: string): void {
  const d = draft();
  edit(d);
  let error: unknown;
  try {
    validateTemplate(d);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ValidationError);
  expect({ field: (error as ValidationError).field, message: (error as ValidationError).message }).toEqual({ field, message });
}

describe('validateTemplate', () => {
  it('accepts the small draft and lists its indicators', () => {
    const content = validateTemplate(draft());
    expect(templateIndicators(content)).toEqual(['execution.repair.repair', 'followup.customers.relationship']);
  });

  it('accepts every default template', () => {
    const templates = loadDefaultTemplates();
    expect(templates.map((x) => x.channel).sort()).toEqual(['call', 'mystery', 'survey']);
    const survey = templates.find((x) => x.channel === 'survey')!;
    const all = survey.sections.flatMap((s) => s.questions);
    expect(all.find((x) => x.role === 'overall')).toMatchObject({ type: 'rating', scale: 5 });
    expect(all.find((x) => x.role === 'recommend')).toMatchObject({ type: 'nps' });
    expect(all.some((x) => x.role === 'effort') && all.some((x) => x.type === 'text')).toBe(true);
    const mystery = templates.find((x) => x.channel === 'mystery')!.sections.flatMap((s) => s.questions);
    expect(mystery.filter((x) => x.type === 'checklist').length).toBeGreaterThanOrEqual(25);
    expect(mystery.some((x) => x.critical)).toBe(true);
    expect(mystery.map((x) => x.type)).toEqual(expect.arrayContaining(['number', 'text', 'photo']));
  });

  describe('texts', () => {
    it('requires English on prompts', () =>
      rejects((d) => (q(d, 'q2').prompt.en = ''), 'sections.0.questions.1.prompt.en', 'question q2: prompt lacks an English translation'));
    it('requires Chinese on option labels', () =>
      rejects(
        (d) => (q(d, 'q1').options = [yesNo[0], { value: 'no', label: t(' ', 'No') }]),
        'sections.0.questions.0.options.1.label.zh-CN',
        'question q1: option "no" label lacks a Chinese (zh-CN) text',
      ));
    it('requires both languages on section titles and the name', () => {
      rejects((d) => (d.sections[1].title.en = ''), 'sections.1.title.en', 'section end: title lacks an English translation');
      rejects((d) => (d.name['zh-CN'] = ''), 'name.zh-CN', 'template: name lacks a Chinese (zh-CN) text');
    });
  });

  describe('shape', () => {
    it('rejects unknown fields', () => rejects((d) => (q(d, 'q3').colour = 'red'), 'sections.0.questions.2.colour', 'question q3: unknown field "colour"'));
    it('rejects a wrong type', () =>
      rejects((d) => (q(d, 'q2').scale = '5'), 'sections.0.questions.1.scale', 'question q2: scale: Expected number, received string'));
    it('rejects a missing field', () => rejects((d) => delete q(d, 'q4').required, 'sections.1.questions.0.required', 'question q4: required is required'));
  });

  describe('ids', () => {
    it('rejects an id used twice across sections', () =>
      rejects((d) => (q(d, 'q4').id = 'q1'), 'sections.1.questions.0.id', 'question q1: id is used by an earlier question'));
    it('rejects a malformed id', () =>
      rejects(
        (d) => (q(d, 'q4').id = 'Q-4'),
        'sections.1.questions.0.id',
        'question Q-4: id must be a lower-case letter then up to 39 lower-case letters, digits or underscores',
      ));
  });

  describe('scoring and indicators', () => {
    it('requires an indicator on scored questions', () =>
      rejects((d) => delete q(d, 'q3').indicator, 'sections.0.questions.2.indicator', 'question q3: a scored checklist question must name an indicator'));
    it('requires an indicator on a single choice with option scores', () =>
      rejects(
        (d) =>
          (q(d, 'q1').options = [
            { ...yesNo[0], score: 100 },
            { ...yesNo[1], score: 0 },
          ]),
        'sections.0.questions.0.indicator',
        'question q1: a scored single question must name an indicator',
      ));
    it('rejects scores on only some options', () =>
      rejects(
        (d) => (q(d, 'q1').options = [{ ...yesNo[0], score: 100 }, yesNo[1]]),
        'sections.0.questions.0.options',
        'question q1: score either every option or none',
      ));
    it('forbids an indicator on unscored questions', () =>
      rejects(
        (d) => (q(d, 'q4').indicator = 'execution.repair.repair'),
        'sections.1.questions.0.indicator',
        'question q4: a text question is not scored and must not name an indicator',
      ));
    it('rejects an unknown indicator and a non-indicator node', () => {
      rejects(
        (d) => (q(d, 'q2').indicator = 'execution.nope'),
        'sections.0.questions.1.indicator',
        'question q2: indicator "execution.nope" does not exist in sbt10401-27@1.0.0',
      );
      rejects(
        (d) => (q(d, 'q2').indicator = 'execution.repair'),
        'sections.0.questions.1.indicator',
        'question q2: "execution.repair" is an item, not an indicator',
      );
    });
    it('rejects an onsite-only indicator', () =>
      rejects(
        (d) => (q(d, 'q2').indicator = 'internal.culture.philosophy'),
        'sections.0.questions.1.indicator',
        'question q2: indicator "internal.culture.philosophy" is evidenced on site only; a question cannot evidence it',
      ));
    it('bounds weights to (0, 10] and keeps them off unscored questions', () => {
      rejects((d) => (q(d, 'q2').weight = 0), 'sections.0.questions.1.weight', 'question q2: weight must be above 0 and at most 10');
      rejects((d) => (q(d, 'q2').weight = 11), 'sections.0.questions.1.weight', 'question q2: weight must be above 0 and at most 10');
      rejects((d) => (q(d, 'q4').weight = 1), 'sections.1.questions.0.weight', 'question q4: a text question is not scored and takes no weight');
    });
    it('rejects an unknown catalogue', () =>
      rejects((d) => (d.catalogue.version = '9.0.0'), 'catalogue', 'template: catalogue sbt10401-27@9.0.0 does not exist'));
  });

  describe('question types', () => {
    it('bounds rating scales to 2..11', () => {
      for (const scale of [1, 12, undefined]) {
        rejects((d) => (q(d, 'q2').scale = scale), 'sections.0.questions.1.scale', 'question q2: a rating needs a scale of 2 to 11 points');
      }
    });
    it('requires two distinct options', () => {
      rejects((d) => (q(d, 'q1').options = [yesNo[0]]), 'sections.0.questions.0.options', 'question q1: a single question needs at least 2 options');
      rejects((d) => (q(d, 'q1').options = [yesNo[0], yesNo[0]]), 'sections.0.questions.0.options.1.value', 'question q1: option value "yes" repeats');
    });
    it('allows critical only on checklists', () =>
      rejects((d) => (q(d, 'q2').critical = true), 'sections.0.questions.1.critical', 'question q2: critical applies only to checklist questions, not rating'));
    it('allows photos only in mystery templates', () =>
      rejects(
        (d) => Object.assign(q(d, 'q4'), { type: 'photo' }),
        'sections.1.questions.0.type',
        'question q4: photo questions belong to mystery-visit templates only',
      ));
    it('matches roles to question types', () => {
      rejects((d) => (q(d, 'q3').role = 'overall'), 'sections.0.questions.2.role', 'question q3: role overall belongs on rating questions, not checklist');
      rejects((d) => (q(d, 'q2').role = 'recommend'), 'sections.0.questions.1.role', 'question q2: role recommend belongs on nps questions, not rating');
    });
    it('checks scale labels, choice scores and number bounds', () => {
      rejects(
        (d) => (q(d, 'q2').scaleLabels = [t('差', 'Bad'), t('中', 'Fair'), t('好', 'Good')]),
        'sections.0.questions.1.scaleLabels',
        'question q2: give 2 scale labels (lowest, highest) or one per point (5)',
      );
      rejects(
        (d) =>
          Object.assign(q(d, 'q1'), {
            type: 'multiple',
            options: [
              { ...yesNo[0], score: 100 },
              { ...yesNo[1], score: 0 },
            ],
          }),
        'sections.0.questions.0.options',
        'question q1: multiple-choice options are not scored',
      );
      rejects((d) => Object.assign(q(d, 'q4'), { type: 'number', min: 10, max: 5 }), 'sections.1.questions.0.min', 'question q4: min is above max');
    });
    it('allows one recommend question only', () =>
      rejects(
        (d) => d.sections[1].questions.push({ ...q(d, 'q5'), id: 'q6' }),
        'sections.1.questions.2.role',
        'question q6: only one question may have role recommend',
      ));
    it('keeps mystery-only settings off other channels', () => {
      rejects((d) => (d.criticalFailure = 'zero'), 'criticalFailure', 'template: criticalFailure applies to mystery-visit templates only');
      rejects((d) => (d.sections[0].weight = 2), 'sections.0.weight', 'section main: section weights apply to mystery-visit templates only');
    });
    it('keeps scored mystery questions to checklist items', () =>
      rejects(
        (d) => {
          d.channel = 'mystery';
          delete q(d, 'q5').role;
        },
        'sections.0.questions.1.type',
        'question q2: scored questions of a mystery visit are checklist items',
      ));
  });

  describe('question count', () => {
    it('needs at least one question', () => rejects((d) => d.sections.forEach((s: Draft) => (s.questions = [])), 'sections', 'template: has no questions'));
    it('allows at most 200 questions', () =>
      rejects(
        (d) => (d.sections[1].questions = Array.from({ length: 199 }, (_, i) => ({ id: `x${i}`, type: 'text', prompt: t('字', 'w'), required: false }))),
        'sections',
        'template: has 202 questions, at most 200',
      ));
  });

  describe('skip logic', () => {
    it('rejects a condition on a later question', () =>
      rejects(
        (d) => (q(d, 'q2').showIf = { questionId: 'q5', op: 'gte', value: 9 }),
        'sections.0.questions.1.showIf.questionId',
        'question q2: condition refers to q5 which comes later',
      ));
    it('reports a cycle as a cycle', () =>
      rejects(
        (d) => (q(d, 'q1').showIf = { questionId: 'q2', op: 'eq', value: 5 }),
        'sections.0.questions.0.showIf.questionId',
        'question q1: skip conditions form a cycle q1 → q2 → q1',
      ));
    it('rejects a condition on itself or on an unknown question', () => {
      rejects(
        (d) => (q(d, 'q3').showIf = { questionId: 'q3', op: 'eq', value: 'yes' }),
        'sections.0.questions.2.showIf.questionId',
        'question q3: condition refers to the question itself',
      );
      rejects(
        (d) => (q(d, 'q3').showIf = { questionId: 'q9', op: 'eq', value: 'yes' }),
        'sections.0.questions.2.showIf.questionId',
        'question q3: condition refers to unknown question q9',
      );
    });
    it('rejects condition values that do not fit the target', () => {
      rejects(
        (d) => (q(d, 'q3').showIf = { questionId: 'q2', op: 'lte', value: 6 }),
        'sections.0.questions.2.showIf.value',
        'question q3: condition value 6 does not fit q2, which takes integers from 1 to 5',
      );
      rejects(
        (d) => (q(d, 'q4').showIf = { questionId: 'q3', op: 'gte', value: 'yes' }),
        'sections.1.questions.0.showIf.value',
        'question q4: condition operator "gte" does not apply to a checklist answer',
      );
      rejects(
        (d) => (q(d, 'q5').showIf = { questionId: 'q4', op: 'eq', value: 'x' }),
        'sections.1.questions.1.showIf.value',
        'question q5: condition refers to q4, a text question, which cannot be a condition',
      );
      rejects(
        (d) => (q(d, 'q3').showIf = { questionId: 'q1', op: 'in', value: 'yes' }),
        'sections.0.questions.2.showIf.value',
        'question q3: condition operator "in" needs a non-empty list of values',
      );
      rejects(
        (d) => (q(d, 'q3').showIf = { questionId: 'q1', op: 'eq', value: 'maybe' }),
        'sections.0.questions.2.showIf.value',
        'question q3: condition value "maybe" does not fit q1, which takes option values of q1',
      );
    });
  });
});

describe('visibleQuestions', () => {
  const content = (): TemplateContent => {
    const d = draft();
    q(d, 'q3').showIf = { questionId: 'q2', op: 'lte', value: 2 };
    return validateTemplate(d);
  };
  const ids = (answers: Record<string, unknown>) => visibleQuestions(content(), answers).map((x) => x.id);

  it('shows a question whose condition is met', () => {
    expect(ids({ q1: 'yes', q2: 1 })).toEqual(['q1', 'q2', 'q3', 'q4', 'q5']);
    expect(ids({ q1: 'yes', q2: 4 })).toEqual(['q1', 'q2', 'q4', 'q5']);
  });
  it('hides a question whose condition target is hidden, whatever its answer', () => {
    expect(ids({ q1: 'no', q2: 1 })).toEqual(['q1', 'q4', 'q5']);
  });
  it('hides conditional questions while their target is unanswered', () => {
    expect(ids({})).toEqual(['q1', 'q4', 'q5']);
  });
});
