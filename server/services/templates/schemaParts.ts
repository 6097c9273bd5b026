/** The zod pieces templates and question types share (kept apart from schema.ts, which assembles the types' fields). */
import { z } from 'zod';
import type { ChoiceOption, LocalizedText, SkipCondition } from './types';

export const localizedTextSchema: z.ZodType<LocalizedText> = z.object({ 'zh-CN': z.string(), en: z.string() }).strict();

export const finite = z.number().finite();

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
