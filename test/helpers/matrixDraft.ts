/** A survey whose one question is a rating grid (matrix): three rows on a 5-point scale, each tied to an indicator. */
import { NA_INDICATORS, surveyWith, t, type Draft } from './templateDrafts';

export const MATRIX_INDICATORS = NA_INDICATORS;
const { REPAIR, RELATIONSHIP } = NA_INDICATORS;

/** m1: rows r1 (repair), r2 (relationship), r3 (repair, English left empty); N/A allowed; then an optional text q2. */
export function matrixSurvey(): Draft {
  return surveyWith(t('矩阵测试', 'Grid survey'), [
    {
      id: 'm1',
      type: 'matrix',
      prompt: t('请为以下方面打分', 'Rate each of these'),
      required: true,
      scale: 5,
      scaleLabels: [t('很不满意', 'Very unhappy'), t('很满意', 'Very happy')],
      allowNa: true,
      rows: [
        { id: 'r1', prompt: t('上门准时', 'On time'), indicator: REPAIR },
        { id: 'r2', prompt: t('沟通态度', 'Manner'), indicator: RELATIONSHIP },
        { id: 'r3', prompt: t('维修质量', ''), indicator: REPAIR },
      ],
    },
    { id: 'q2', type: 'text', prompt: t('其他建议', 'Anything else'), required: false },
  ]);
}
