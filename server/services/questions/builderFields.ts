/** Builder settings controls that several question types share (see BuilderField); a type may also describe its own. */
import type { BuilderField } from './questionType';

export const SCALE: BuilderField = { kind: 'scale' };
export const CRITICAL: BuilderField = { kind: 'flag', key: 'critical', label: 'builder.critical' };
/** Checklists offer N/A unless switched off; scales only when switched on. */
export const ALLOW_NA: BuilderField = { kind: 'flag', key: 'allowNa', label: 'builder.allowNa', defaultOn: true };
export const ALLOW_NA_OPT_IN: BuilderField = { kind: 'flag', key: 'allowNa', label: 'builder.allowNaScale' };
export const BOUNDS: readonly BuilderField[] = [
  { kind: 'number', key: 'min', label: 'builder.min' },
  { kind: 'number', key: 'max', label: 'builder.max' },
];

const optionLabels = { heading: 'builder.options', add: 'builder.addOption', remove: 'builder.deleteOption', removeN: 'builder.deleteOptionN' };

/** Choice options (value, label in both languages), with a 0–100 score each when `scored`. */
export function optionList(scored: boolean): BuilderField {
  return {
    kind: 'list',
    key: 'options',
    idKey: 'value',
    idPrefix: 'o',
    item: [
      { kind: 'text', key: 'value', label: 'builder.optionValue', size: 8 },
      { kind: 'localized', key: 'label', label: 'builder.optionLabel' },
      ...(scored ? [{ kind: 'number' as const, key: 'score', label: 'builder.optionScore', min: 0, max: 100 }] : []),
    ],
    newItem: { label: { 'zh-CN': '', en: '' } },
    labels: scored ? { ...optionLabels, hint: 'builder.scoreHint' } : optionLabels,
  };
}

/** Two empty options, for a new choice question. */
export const twoOptions = () => ({ options: ['a', 'b'].map((value) => ({ value, label: { 'zh-CN': '', en: '' } })) });
