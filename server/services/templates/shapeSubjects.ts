/**
 * What a shape (zod) error of a template is about, said to a builder's user: the
 * question by its prompt or the section by its title, and the field by the label
 * the builder shows for it. The English subject (ids) stays for the API's message.
 */
import { t } from '../../i18n';
import type { LocalizedText } from './types';

/** Builder labels (templates.builder.*) of the template's fields, by field name. */
const FIELD_LABELS: Record<string, string> = {
  name: 'name',
  description: 'description',
  catalogue: 'catalogue',
  channel: 'channel',
  title: 'sectionTitle',
  type: 'type',
  prompt: 'prompt',
  help: 'help',
  required: 'required',
  scale: 'scale',
  scaleLabels: 'perPointLabels',
  critical: 'critical',
  allowNa: 'allowNa',
  min: 'min',
  max: 'max',
  options: 'options',
  label: 'optionLabel',
  score: 'optionScore',
  indicator: 'indicator',
  weight: 'weight',
  role: 'role',
  showIf: 'showIf',
  questionId: 'condQuestion',
  op: 'condOp',
  value: 'condValue',
};

const both = (key: string, vars: Record<string, unknown> = {}): LocalizedText => ({ 'zh-CN': t('zh-CN', key, vars), en: t('en', key, vars) });

/** The field a path names: language halves and list positions belong to the field above them. */
export function fieldNameOf(path: ReadonlyArray<string | number>): string {
  const names = path.filter((p): p is string => typeof p === 'string' && p !== 'zh-CN' && p !== 'en');
  return names[names.length - 1] ?? 'template';
}

/** The builder's label of a field, in both languages; an unknown field is "a setting". */
export function fieldLabel(name: string): LocalizedText {
  const key = FIELD_LABELS[name];
  if (key === 'channel') return both('templates.channel');
  // An option's value and a condition's value share a name; the builder labels both "value".
  return key ? both(`templates.builder.${key}`) : both('templateRules.someField');
}

const textOf = (value: unknown): LocalizedText | undefined => {
  const v = value as Partial<LocalizedText> | undefined;
  if (!v || typeof v !== 'object') return undefined;
  const text = { 'zh-CN': typeof v['zh-CN'] === 'string' ? v['zh-CN'] : '', en: typeof v.en === 'string' ? v.en : '' };
  return text['zh-CN'].trim() || text.en.trim() ? text : undefined;
};

type RawTemplate = { sections?: Array<{ id?: unknown; title?: unknown; questions?: Array<{ id?: unknown; prompt?: unknown }> }> };

export interface ShapeSubject {
  /** For the API's English message, as before: "question q3", "section s1", "template". */
  english: string;
  /** The prompt or title (or its position when the draft has none), for the page language. */
  text?: LocalizedText;
  kind: 'question' | 'section';
}

export function shapeSubject(raw: unknown, path: ReadonlyArray<string | number>): ShapeSubject {
  if (path[0] !== 'sections' || typeof path[1] !== 'number') return { english: 'template', kind: 'section' };
  const si = path[1];
  const section = (raw as RawTemplate | null)?.sections?.[si];
  if (path[2] === 'questions' && typeof path[3] === 'number') {
    const qi = path[3];
    const question = section?.questions?.[qi];
    const id = question?.id;
    return {
      english: typeof id === 'string' ? `question ${id}` : `question ${qi + 1} of section ${si + 1}`,
      text: textOf(question?.prompt) ?? both('templateRules.questionAt', { question: qi + 1, section: si + 1 }),
      kind: 'question',
    };
  }
  return {
    english: typeof section?.id === 'string' ? `section ${section.id}` : `section ${si + 1}`,
    text: textOf(section?.title) ?? both('templateRules.sectionAt', { section: si + 1 }),
    kind: 'section',
  };
}
