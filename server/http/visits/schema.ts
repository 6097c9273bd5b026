/** Request shapes of the visit routes; one schema per action serves the page form and the JSON API. */
import { z } from 'zod';
import { dayField } from '../dayField';
import { SLOTS } from '../../services/visits/types';

const id = z.string().trim().min(1, 'is required').max(100);
/** A form posts one checkbox as a string and several as an array; none at all as nothing. */
const list = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item).max(50, 'must list at most 50 values'));
const int = (min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
const optionalText = (max: number) => z.string().max(max, `must be at most ${max} characters`).optional();
const withCsrf = <T extends z.ZodRawShape>(shape: T) => z.object({ ...shape, _csrf: z.string().optional() }).strict();

const planShape = {
  siteId: id,
  name: optionalText(100),
  from: dayField,
  to: dayField,
  visits: int(1, 500),
  templateId: id,
  templateVersion: z.preprocess((v) => (v === '' ? undefined : v), int(1, 1_000_000).optional()),
  slots: list(z.enum(SLOTS, { errorMap: () => ({ message: `must be one of ${SLOTS.join(', ')}` }) })).refine(
    (s) => s.length > 0,
    'choose at least one time slot',
  ),
  revisitDays: z.preprocess((v) => (v === '' ? undefined : v), int(1, 365).optional()),
};
export const planSchema = z.object(planShape).strict();
export const planFormSchema = withCsrf(planShape);

export const assignSchema = withCsrf({ shopperId: id });
export const declineSchema = withCsrf({ reason: optionalText(500) });

const profileShape = {
  regions: list(z.string().trim().min(1).max(50)),
  availability: list(z.enum(SLOTS, { errorMap: () => ({ message: `must be one of ${SLOTS.join(', ')}` }) })),
};
export const profileSchema = withCsrf(profileShape);

export const reportSchema = z
  .object({
    visitDate: optionalText(10),
    startTime: optionalText(8),
    endTime: optionalText(8),
    answers: z.record(z.unknown()).optional(),
    itemComments: z.record(z.string()).optional(),
    comments: optionalText(4000),
  })
  .strict();

export const returnSchema = withCsrf({ comments: z.string().max(2000, 'must be at most 2000 characters') });
export const correctionSchema = withCsrf({ questionId: id, value: z.unknown(), reason: z.string().max(2000, 'must be at most 2000 characters') });

/** The review page's form: the question, a reason (its rules are the service's, said in the page language) and the a_<id> answer field. */
export const correctionFormSchema = z.object({ questionId: id, reason: z.string().default(''), _csrf: z.string().optional() }).passthrough();

export const periodQuery = z
  .object({
    from: dayField.optional().or(z.literal('').transform(() => undefined)),
    to: dayField.optional().or(z.literal('').transform(() => undefined)),
    lang: z.string().optional(),
  })
  .strict();
