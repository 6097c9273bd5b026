/**
 * One schema for the dashboard's filters, used by its pages, their JSON
 * endpoints, the exports and the report. Blank form fields count as absent;
 * anything else that is not a known value is a 400 naming the field.
 */
import { z } from 'zod';
import { dayField } from '../dayField';
import { COMMENT_KINDS, SCORE_BANDS } from '../../services/dashboard/comments';
import { DASHBOARD_PERIODS } from '../../services/dashboard/filters';
import { SENTIMENTS } from '../../services/topics/sentiment';
import { CHANNELS } from '../../services/templates/types';

const blankIsAbsent = (v: unknown) => (v === '' ? undefined : v);

const day = dayField;

export const filterShape = {
  period: z.preprocess(blankIsAbsent, z.enum(DASHBOARD_PERIODS, { message: `must be one of ${DASHBOARD_PERIODS.join(', ')}` }).optional()),
  at: z.preprocess(blankIsAbsent, day.optional()),
  from: z.preprocess(blankIsAbsent, day.optional()),
  to: z.preprocess(blankIsAbsent, day.optional()),
  site: z.preprocess(blankIsAbsent, z.string().trim().min(1).max(64, 'must be a site code of at most 64 characters').optional()),
  channel: z.preprocess(blankIsAbsent, z.enum(CHANNELS as [string, ...string[]], { message: `must be one of ${CHANNELS.join(', ')}` }).optional()),
  /** The language switch rides along on page URLs; the locale middleware reads it. */
  lang: z.string().max(10).optional(),
};

export const dashboardFilterSchema = z.object(filterShape).strict();

export const commentsQuerySchema = z
  .object({
    ...filterShape,
    q: z.preprocess(blankIsAbsent, z.string().trim().max(100, 'must be at most 100 characters').optional()),
    maxScore: z.preprocess(blankIsAbsent, z.coerce.number({ message: 'must be a number 0–100' }).min(0, 'must be 0–100').max(100, 'must be 0–100').optional()),
    band: z.preprocess(blankIsAbsent, z.enum(SCORE_BANDS, { message: `must be one of ${SCORE_BANDS.join(', ')}` }).optional()),
    kind: z.preprocess(blankIsAbsent, z.enum(COMMENT_KINDS, { message: `must be one of ${COMMENT_KINDS.join(', ')}` }).optional()),
    topic: z.preprocess(blankIsAbsent, z.string().trim().max(40, 'must be a topic code of at most 40 characters').optional()),
    sentiment: z.preprocess(blankIsAbsent, z.enum(SENTIMENTS, { message: `must be one of ${SENTIMENTS.join(', ')}` }).optional()),
    page: z.preprocess(
      blankIsAbsent,
      z.coerce
        .number({ message: 'must be a page number' })
        .int('must be a page number')
        .min(1, 'must be a page number')
        .max(1000, 'must be a page number')
        .optional(),
    ),
  })
  .strict();

export type DashboardQuery = z.infer<typeof dashboardFilterSchema>;
