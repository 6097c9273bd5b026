/**
 * The survey template model shared by the builder, the respondent forms, the
 * channels and scoring. A template version is immutable once published.
 */

// The channel list lives in its registry (services/channels); re-exported where the template model always offered it.
import type { Channel } from '../channels';
export { CHANNELS, type Channel } from '../channels';

export type Locale = 'zh-CN' | 'en';
/** Every text shown to a respondent exists in both languages. */
export interface LocalizedText {
  'zh-CN': string;
  en: string;
}

/**
 * The question types, each one module under services/questions/types/. A type that needs
 * more names itself there, by augmenting this interface (and Question, AnswerShapes).
 */
export interface QuestionTypes {
  rating: true; // k-point scale, 1..k, labels per point optional
  nps: true; // 0..10 likelihood
  checklist: true; // yes / no / na
  single: true; // one option
  multiple: true; // several options
  text: true; // free text
  number: true; // e.g. wait minutes
  time: true; // HH:MM
  photo: true; // evidence upload (mystery visits)
}
export type QuestionType = keyof QuestionTypes;

/** Roles that the familiar measures (CSAT, ACSI-style index, NPS, CES) look for. */
export type QuestionRole = 'overall' | 'recommend' | 'effort';

export interface ChoiceOption {
  value: string;
  label: LocalizedText;
  /** Optional score 0–100 when a choice question is scored. */
  score?: number;
}

/** Show the question only when an earlier answer meets the condition. */
export interface SkipCondition {
  questionId: string;
  op: 'eq' | 'ne' | 'lte' | 'gte' | 'in';
  value: string | number | Array<string | number>;
}

export interface Question {
  id: string;
  type: QuestionType;
  prompt: LocalizedText;
  help?: LocalizedText;
  required: boolean;
  /** Indicator code in the template's catalogue; present exactly when the question is scored. */
  indicator?: string;
  /** Weight within its indicator for one response; default 1. */
  weight?: number;
  role?: QuestionRole;
  /** rating: number of points k (2..11). */
  scale?: number;
  /** rating: labels for the lowest and highest points (and optionally every point). */
  scaleLabels?: LocalizedText[];
  /** checklist: a "no" fails the whole mystery visit. */
  critical?: boolean;
  /** checklist: whether N/A may be chosen (default true). */
  allowNa?: boolean;
  /** single / multiple */
  options?: ChoiceOption[];
  /** number: bounds */
  min?: number;
  max?: number;
  showIf?: SkipCondition;
}

export interface Section {
  id: string;
  title: LocalizedText;
  /** Mystery visits: optional section weight in the visit score (default 1). */
  weight?: number;
  questions: Question[];
}

export interface TemplateContent {
  channel: Channel;
  name: LocalizedText;
  description?: LocalizedText;
  /** Catalogue code and version the indicator codes refer to. */
  catalogue: { code: string; version: string };
  sections: Section[];
  /** Mystery visits: a critical "no" sets the visit score to 0 ('zero') or only flags it ('flag'). */
  criticalFailure?: 'zero' | 'flag';
  /** Marked by the builder: the template collects answers only (no score), so it may publish without a scored question. */
  unscored?: boolean;
}

/** The stored shapes of answers, by kind; a question type whose answer has parts adds its shape here. */
export interface AnswerShapes {
  /** null means skipped; 'na' is N/A (checklists, and scales that allow it), stored apart from a skip. */
  plain: number | string | string[] | 'yes' | 'no' | 'na' | null;
}
/** One answer as stored. */
export type AnswerValue = AnswerShapes[keyof AnswerShapes];
export type Answers = Record<string, AnswerValue>;
