import { z } from 'zod';
import { CALLBACK_OUTCOMES } from '../../services/alerts/types';

const blankIsAbsent = (v: unknown) => (v === '' ? undefined : v);
const rev = z.preprocess(blankIsAbsent, z.coerce.number().int('must be a whole number').min(1).optional());
const note = z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters');

export const rulesSchema = z
  .object({
    lowOverall: z
      .object({ enabled: z.boolean(), maxRating: z.number().int('must be a whole number').min(1, 'must be 1–4').max(4, 'must be 1–4') })
      .partial()
      .strict(),
    lowNps: z
      .object({ enabled: z.boolean(), maxScore: z.number().int('must be a whole number').min(0, 'must be 0–9').max(9, 'must be 0–9') })
      .partial()
      .strict(),
    criticalMiss: z.object({ enabled: z.boolean() }).strict(),
  })
  .partial()
  .strict();

/** The rules page posts flat fields; an unchecked box is simply absent. */
export const rulesFormSchema = z
  .object({
    _csrf: z.string().optional(),
    lowOverall_enabled: z.literal('on').optional(),
    lowOverall_maxRating: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be 1–4').max(4, 'must be 1–4'),
    lowNps_enabled: z.literal('on').optional(),
    lowNps_maxScore: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must be 0–9').max(9, 'must be 0–9'),
    criticalMiss_enabled: z.literal('on').optional(),
  })
  .strict()
  .transform((f) => ({
    lowOverall: { enabled: f.lowOverall_enabled === 'on', maxRating: f.lowOverall_maxRating },
    lowNps: { enabled: f.lowNps_enabled === 'on', maxScore: f.lowNps_maxScore },
    criticalMiss: { enabled: f.criticalMiss_enabled === 'on' },
  }));

const form = { _csrf: z.string().optional(), rev };
export const assignSchema = z.object({ ...form, assigneeId: z.string().trim().min(1, 'choose a person').max(100) }).strict();
export const callbackSchema = z
  .object({ ...form, outcome: z.enum(CALLBACK_OUTCOMES, { message: `must be one of ${CALLBACK_OUTCOMES.join(', ')}` }), note })
  .strict();
