/** A survey whose first question is a dropdown, scored per option into an indicator. */
import { NA_INDICATORS, surveyWith, t, type Draft } from './templateDrafts';

const { REPAIR } = NA_INDICATORS;

/** d1: how long the customer waited for the engineer (scored per option, tied to repair); q2 asks why, only after "later". */
export function dropdownSurvey(): Draft {
  return surveyWith(t('下拉测试', 'Dropdown survey'), [
    {
      id: 'd1',
      type: 'dropdown',
      prompt: t('报修后多久有人上门？', 'How soon did an engineer come?'),
      required: true,
      indicator: REPAIR,
      options: [
        { value: 'same_day', label: t('当天', 'Same day'), score: 100 },
        { value: 'next_day', label: t('次日', 'Next day'), score: 60 },
        { value: 'later', label: t('两天以上', 'Two days or more'), score: 0 },
      ],
    },
    { id: 'q2', type: 'text', prompt: t('为什么等了这么久？', 'Why so long?'), required: false, showIf: { questionId: 'd1', op: 'eq', value: 'later' } },
  ]);
}
