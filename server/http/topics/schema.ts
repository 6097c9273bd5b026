/**
 * Validation of the topic pages: the scope filters are the dashboard's own
 * (one period definition everywhere); a topic edit names its field and rule.
 */
import { z } from 'zod';
import { MAX_KEYWORD_LENGTH, MAX_KEYWORDS, MAX_LABEL_LENGTH } from '../../services/topics/topicSets';

const label = (name: string) =>
  z
    .string({ message: `must be the ${name} label` })
    .trim()
    .min(1, `must be 1–${MAX_LABEL_LENGTH} characters`)
    .max(MAX_LABEL_LENGTH, `must be 1–${MAX_LABEL_LENGTH} characters`);
const keyword = z
  .string({ message: 'must be a keyword' })
  .trim()
  .min(1, `must be 1–${MAX_KEYWORD_LENGTH} characters`)
  .max(MAX_KEYWORD_LENGTH, `must be 1–${MAX_KEYWORD_LENGTH} characters`);
const keywords = z.array(keyword, { message: 'must be a list of keywords' }).max(MAX_KEYWORDS, `must hold at most ${MAX_KEYWORDS} keywords`);

/** PUT /api/v1/topics/:code */
export const topicApiSchema = z
  .object({ zh: label('Chinese').optional(), en: label('English').optional(), addKeywords: keywords.optional(), removeKeywords: keywords.optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'give at least one of zh, en, addKeywords, removeKeywords');

/** Keywords typed one a line, or separated by commas (，、,). */
const keywordLines = z
  .string({ message: 'must be keywords, one a line' })
  .max(MAX_KEYWORDS * (MAX_KEYWORD_LENGTH + 1), 'is too long')
  .transform((text) => [
    ...new Set(
      text
        .split(/[\n\r,，、]+/)
        .map((k) => k.trim())
        .filter(Boolean),
    ),
  ])
  .pipe(keywords.min(1, 'must list at least one keyword'));

/** POST /topics/settings/:code (the form): both labels and the whole keyword list. */
export const topicFormSchema = z.object({ _csrf: z.string().optional(), zh: label('Chinese'), en: label('English'), keywords: keywordLines }).strict();
