/** A small template for HTTP and browser tests. */

// Drafts are edited into broken shapes on purpose, hence `any`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Draft = any;

export const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** q1 single (gate), q2 rating shown when q1 = yes, q3 optional nps. */
export function smallSurvey(): Draft {
  return {
    channel: 'survey',
    name: t('维修回访', 'Repair survey'),
    catalogue: { code: 'sbt10401-27', version: '1.0.0' },
    sections: [
      {
        id: 'main',
        title: t('服务', 'Service'),
        questions: [
          {
            id: 'q1',
            type: 'single',
            prompt: t('维修过吗？', 'Had a repair?'),
            required: true,
            options: [
              { value: 'yes', label: t('是', 'Yes') },
              { value: 'no', label: t('否', 'No') },
            ],
          },
          {
            id: 'q2',
            type: 'rating',
            scale: 5,
            prompt: t('维修速度满意吗？', 'Happy with the repair speed?'),
            required: true,
            indicator: 'execution.repair.repair',
            showIf: { questionId: 'q1', op: 'eq', value: 'yes' },
          },
          {
            id: 'q3',
            type: 'nps',
            role: 'recommend',
            prompt: t('您会推荐我们吗？', 'Would you recommend us?'),
            required: false,
            indicator: 'followup.customers.relationship',
          },
        ],
      },
    ],
  };
}

/** smallSurvey under another name, with `questions` as its one section's questions. */
export function surveyWith(name: ReturnType<typeof t>, questions: Draft[]): Draft {
  const draft = smallSurvey();
  draft.name = name;
  draft.sections[0].questions = questions;
  return draft;
}

export const NA_INDICATORS = { REPAIR: 'execution.repair.repair', RELATIONSHIP: 'followup.customers.relationship' } as const;
const { REPAIR, RELATIONSHIP } = NA_INDICATORS;

/** q1 rating that allows N/A, q2 NPS that allows N/A, q3 rating without N/A, all optional. */
export function naSurvey(): Draft {
  return surveyWith(t('不适用测试', 'N/A survey'), [
    { id: 'q1', type: 'rating', scale: 5, allowNa: true, prompt: t('上门安装满意吗？', 'Happy with the installation?'), required: false, indicator: REPAIR },
    { id: 'q2', type: 'nps', allowNa: true, prompt: t('您会推荐我们吗？', 'Would you recommend us?'), required: false, indicator: RELATIONSHIP },
    { id: 'q3', type: 'rating', scale: 5, prompt: t('维修速度满意吗？', 'Happy with the repair speed?'), required: false, indicator: REPAIR },
  ]);
}
