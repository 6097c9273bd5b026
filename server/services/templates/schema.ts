/**
 * The shape of a template, as zod schemas: strict objects, so a misspelt field is rejected
 * instead of silently ignored. The rules between fields live in validate.ts.
 */
import { z } from 'zod';
import { channels } from '../channels';
import type { ChoiceOption, LocalizedText, Question, Section, SkipCondition, TemplateContent } from './types';

export const MAX_QUESTIONS = 200;
export const QUESTION_ID = /^[a-z][a-z0-9_]{0,39}$/;

export const localizedTextSchema: z.ZodType<LocalizedText> = z.object({ 'zh-CN': z.string(), en: z.string() }).strict();

const finite = z.number().finite();

export const choiceOptionSchema: z.ZodType<ChoiceOption> = z
  .object({
    value: z.string().min(1).max(60),
    label: localizedTextSchema,
    score: finite.min(0).max(100).optional(),
  })
  .strict();

export const skipConditionSchema: z.ZodType<SkipCondition> = z
  .object({
    questionId: z.string(),
    op: z.enum(['eq', 'ne', 'lte', 'gte', 'in']),
    value: z.union([z.string(), finite, z.array(z.union([z.string(), finite]))]),
  })
  .strict();

export const questionSchema: z.ZodType<Question> = z
  .object({
    id: z.string(),
    type: z.enum(['rating', 'nps', 'checklist', 'single', 'multiple', 'text', 'number', 'time', 'photo']),
    prompt: localizedTextSchema,
    help: localizedTextSchema.optional(),
    required: z.boolean(),
    indicator: z.string().optional(),
    weight: finite.optional(),
    role: z.enum(['overall', 'recommend', 'effort']).optional(),
    scale: z.number().int().optional(),
    scaleLabels: z.array(localizedTextSchema).optional(),
    critical: z.boolean().optional(),
    allowNa: z.boolean().optional(),
    options: z.array(choiceOptionSchema).optional(),
    min: finite.optional(),
    max: finite.optional(),
    showIf: skipConditionSchema.optional(),
  })
  .strict();

export const sectionSchema: z.ZodType<Section> = z
  .object({
    id: z.string(),
    title: localizedTextSchema,
    weight: finite.optional(),
    questions: z.array(questionSchema),
  })
  .strict();

export const templateContentSchema: z.ZodType<TemplateContent> = z
  .object({
    channel: channels.codeSchema,
    name: localizedTextSchema,
    description: localizedTextSchema.optional(),
    catalogue: z.object({ code: z.string().min(1), version: z.string().min(1) }).strict(),
    sections: z.array(sectionSchema).min(1),
    criticalFailure: z.enum(['zero', 'flag']).optional(),
    unscored: z.boolean().optional(),
  })
  .strict();
