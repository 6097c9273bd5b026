/**
 * The shape of a template, as zod schemas: strict objects, so a misspelt field is rejected
 * instead of silently ignored. A question's shared fields are here, its type's own fields
 * come from the type's module. The rules between fields live in validate.ts.
 */
import { z } from 'zod';
import { channels } from '../channels';
import { allQuestionTypes, QUESTION_TYPES } from '../questions/registry';
import { choiceOptionSchema, finite, localizedTextSchema, skipConditionSchema } from './schemaParts';
import type { Question, Section, TemplateContent } from './types';

export { choiceOptionSchema, localizedTextSchema, skipConditionSchema };

export const MAX_QUESTIONS = 200;
export const QUESTION_ID = /^[a-z][a-z0-9_]{0,39}$/;

/** Every type's fields are accepted by the shape; validate.ts refuses those a question's own type does not use. */
const typeFields = Object.assign({}, ...allQuestionTypes().map((m) => m.schema)) as Record<string, z.ZodTypeAny>;

export const questionSchema = z
  .object({
    id: z.string(),
    type: z.enum(QUESTION_TYPES),
    prompt: localizedTextSchema,
    help: localizedTextSchema.optional(),
    required: z.boolean(),
    indicator: z.string().optional(),
    weight: finite.optional(),
    role: z.enum(['overall', 'recommend', 'effort']).optional(),
    showIf: skipConditionSchema.optional(),
    ...typeFields,
  })
  .strict() as unknown as z.ZodType<Question>;

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
