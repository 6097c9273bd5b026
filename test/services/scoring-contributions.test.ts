import { contributionOf, npsClass, type ScoringResponse } from '../../server/services/scoring';
import type { Answers, Question, Section, TemplateContent } from '../../server/services/templates/types';

const text = { 'zh-CN': '文', en: 'text' };
const Q = (id: string, type: Question['type'], extra: Partial<Question> = {}): Question => ({
  id,
  type,
  prompt: text,
  required: false,
  ...extra,
});
const section = (id: string, questions: Question[], weight?: number): Section => ({
  id,
  title: text,
  questions,
  ...(weight === undefined ? {} : { weight }),
});
const template = (channel: TemplateContent['channel'], sections: Section[], extra: Partial<TemplateContent> = {}) =>
  ({ channel, name: text, catalogue: { code: 'cat', version: '1' }, sections, ...extra }) as TemplateContent;
const response = (content: TemplateContent, answers: Answers): ScoringResponse => ({
  content,
  answers,
  siteId: 's1',
  at: '2024-03-01T02:00:00Z',
});

// The survey of docs/scoring.md §2, worked example.
const survey = template('survey', [
  section('s1', [
    Q('q1', 'rating', { scale: 5, indicator: 'I1', weight: 2 }),
    Q('q2', 'checklist', { indicator: 'I1' }),
    Q('q3', 'checklist', { indicator: 'I1' }),
    Q('q4', 'nps', { indicator: 'I2', role: 'recommend' }),
    Q('q5', 'rating', { scale: 5, role: 'overall' }),
    Q('q6', 'text'),
    Q('q7', 'single', {
      indicator: 'I2',
      options: [
        { value: 'a', label: text, score: 100 },
        { value: 'b', label: text, score: 50 },
        { value: 'c', label: text },
      ],
    }),
    Q('q8', 'rating', { scale: 7, role: 'effort' }),
  ]),
]);
const answers: Answers = { q1: 4, q2: 'yes', q3: 'na', q4: 9, q5: 5, q6: 'quick', q7: 'b', q8: 6 };

describe('contributionOf: one survey response', () => {
  const c = contributionOf(response(survey, answers));

  test('indicator value = weighted mean of the applicable items', () => {
    // I1: q1 4/5 → 75 (weight 2), q2 yes → 100 (weight 1), q3 N/A left out
    //     (2·75 + 1·100)/(2 + 1) = 250/3 = 83.333…
    expect(c.indicators.I1).toBeCloseTo(250 / 3, 10);
    // I2: q4 9 → 90, q7 'b' → 50: (90 + 50)/2 = 70
    expect(c.indicators.I2).toBe(70);
  });

  test('N/A is excluded, never scored 0', () => {
    // Had q3 N/A counted as 0: (150 + 100 + 0)/4 = 62.5.
    expect(c.indicators.I1).not.toBeCloseTo(62.5, 3);
  });

  test('the familiar measures', () => {
    expect(c.overall).toBe(100); // q5: 5 of 5 → 100
    expect(c.csatSatisfied).toBe(true); // 5 ∈ {4, 5}
    expect(c.npsRaw).toBe(9);
    expect(c.nps).toBe('promoter');
    expect(c.effort).toBeCloseTo(500 / 6, 10); // q8 6 of 7 → 5/6·100
    expect(c.visitScore).toBeUndefined(); // not a mystery visit
    expect(c.visitFailed).toBeUndefined();
  });

  test('an indicator whose items are all N/A or skipped does not count', () => {
    const r = contributionOf(response(survey, { ...answers, q1: null, q2: 'na' }));
    expect(r.indicators).not.toHaveProperty('I1');
    expect(r.indicators.I2).toBe(70);
  });

  test('CSAT counts 4–5 as satisfied: 3 is not', () => {
    expect(contributionOf(response(survey, { ...answers, q5: 4 })).csatSatisfied).toBe(true);
    expect(contributionOf(response(survey, { ...answers, q5: 3 })).csatSatisfied).toBe(false);
    expect(contributionOf(response(survey, { ...answers, q5: null })).csatSatisfied).toBeUndefined();
  });

  test('NPS classes: 9–10 promoter, 7–8 passive, 0–6 detractor', () => {
    expect([10, 9, 8, 7, 6, 0].map(npsClass)).toEqual(['promoter', 'promoter', 'passive', 'passive', 'detractor', 'detractor']);
  });
});

describe('contributionOf: mystery visit score', () => {
  // S1 (weight 2): c1 yes, c2 no (critical), c3 N/A → pass 1/2
  // S2 (weight 1): c4 yes, c5 yes → pass 2/2
  // S3 (weight 1): c6 N/A only → no applicable item, leaves the denominator
  // visit = (2·½ + 1·1)/(2 + 1) = 2/3 → 66.667
  const sections = [
    section(
      'S1',
      [Q('c1', 'checklist', { indicator: 'I1' }), Q('c2', 'checklist', { indicator: 'I1', critical: true }), Q('c3', 'checklist', { indicator: 'I1' })],
      2,
    ),
    section('S2', [Q('c4', 'checklist', { indicator: 'I2', critical: true }), Q('c5', 'checklist', { indicator: 'I2' })]),
    section('S3', [Q('c6', 'checklist', { indicator: 'I3' }), Q('note', 'text')]),
  ];
  const visitAnswers: Answers = { c1: 'yes', c2: 'no', c3: 'na', c4: 'yes', c5: 'yes', c6: 'na', note: 'ok' };

  test('section-weighted share of passed items, without a critical miss', () => {
    const c = contributionOf(response(template('mystery', sections), { ...visitAnswers, c2: 'yes' }));
    // S1 now 2/2: (2·1 + 1·1)/3 = 100
    expect(c.visitScore).toBe(100);
    expect(c.visitFailed).toBe(false);
  });

  test("critical 'no' with criticalFailure 'zero': score 0, failed", () => {
    const c = contributionOf(response(template('mystery', sections, { criticalFailure: 'zero' }), visitAnswers));
    expect(c.visitScore).toBe(0);
    expect(c.visitFailed).toBe(true);
  });

  test("critical 'no' with criticalFailure 'flag': score kept (2/3), failed", () => {
    const c = contributionOf(response(template('mystery', sections, { criticalFailure: 'flag' }), visitAnswers));
    expect(c.visitScore).toBeCloseTo(200 / 3, 10);
    expect(c.visitFailed).toBe(true);
  });

  test("without criticalFailure the default is 'zero'", () => {
    expect(contributionOf(response(template('mystery', sections), visitAnswers)).visitScore).toBe(0);
  });

  test('a critical failure does not change item answers or indicator values', () => {
    const zero = contributionOf(response(template('mystery', sections, { criticalFailure: 'zero' }), visitAnswers));
    const flag = contributionOf(response(template('mystery', sections, { criticalFailure: 'flag' }), visitAnswers));
    // I1: c1 yes 100, c2 no 0, c3 N/A → 50; I2: 100; I3 only N/A → absent
    expect(zero.indicators).toEqual({ I1: 50, I2: 100 });
    expect(flag.indicators).toEqual(zero.indicators);
  });

  test('a visit with every checklist item N/A has no visit score and is not failed', () => {
    const allNa: Answers = { c1: 'na', c2: 'na', c3: 'na', c4: 'na', c5: 'na', c6: 'na' };
    const c = contributionOf(response(template('mystery', sections), allNa));
    expect(c.visitScore).toBeUndefined();
    expect(c.visitFailed).toBe(false);
    expect(c.indicators).toEqual({});
  });
});
