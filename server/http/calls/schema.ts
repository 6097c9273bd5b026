/**
 * Request shapes for follow-up call routes. One schema serves the JSON API and
 * the page form, whose values arrive as strings (numbers are coerced, an empty
 * field counts as absent). Case rows are checked field by field by the service.
 */
import { z } from 'zod';
import { dayField } from '../dayField';
import { OUTCOMES } from '../../services/calls/types';
import { pageField } from '../pager';

const date = dayField;
const blankIsAbsent = (v: unknown) => (v === '' ? undefined : v);
const num = (min: number, max: number, rule: string, int = false) =>
  z.preprocess(
    blankIsAbsent,
    z.coerce
      .number({ invalid_type_error: rule })
      .refine((n) => Number.isFinite(n) && n >= min && n <= max && (!int || Number.isInteger(n)), rule)
      .optional(),
  );
const id = z.preprocess(blankIsAbsent, z.string().min(1).max(100).optional());

const cell = z.union([z.string().max(300, 'must be at most 300 characters'), z.number()]).optional();
export const caseItemSchema = z.object({ caseId: cell, siteCode: cell, customerName: cell, phone: cell, serviceType: cell, serviceDate: cell }).strict();
export const caseBatchSchema = z
  .object({
    cases: z.array(caseItemSchema).min(1, 'must list at least one case').max(1000, 'must list at most 1,000 cases per request; use the CSV import for more'),
  })
  .strict();

const planFields = {
  siteId: z.string().min(1, 'is required').max(100),
  from: date,
  to: date,
  mode: z.enum(['planner', 'manual']).default('planner'),
  e: num(0.01, 0.5, 'must be a margin of error from 0.01 to 0.5 (0.05 = ±5 points)'),
  p: num(0.01, 0.99, 'must be an expected proportion from 0.01 to 0.99'),
  z: num(0.5, 4, 'must be a z value from 0.5 to 4 (1.96 for 95 %)'),
  quota: num(1, 100_000, 'must be a whole number from 1 to 100000', true),
};

export const planQuerySchema = z.object(planFields).strict();

export const listCreateSchema = z
  .object({
    ...planFields,
    expectedResponseRate: num(0.05, 1, 'must be an expected response rate from 0.05 to 1'),
    maxAttempts: num(1, 10, 'must be a whole number of attempts from 1 to 10', true),
    templateId: id,
    seed: num(0, 4_294_967_295, 'must be a whole number from 0 to 4294967295', true),
    _csrf: z.string().optional(),
  })
  .strict()
  .transform(({ _csrf, ...rest }) => rest);

export const outcomeApiSchema = z
  .object({
    outcome: z.enum(OUTCOMES),
    answers: z.record(z.unknown()).optional(),
    callbackAt: z.string().datetime({ offset: true, message: 'must be a date-time with offset, e.g. 2024-05-06T14:30:00+08:00' }).optional(),
    note: z.string().max(500, 'must be at most 500 characters').optional(),
  })
  .strict();

/** The agent page posts the outcome, an optional note and callback time (local), plus the script's a_<id> fields. */
export const outcomeFormSchema = z.object({
  outcome: z.enum(OUTCOMES),
  callbackAt: z.preprocess(
    blankIsAbsent,
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'must be a date and time')
      .optional(),
  ),
  note: z.string().max(500, 'must be at most 500 characters').optional(),
});

/** `?then=next` (the "complete and take next" button): claim the next case once the outcome is stored. */
export const outcomeQuerySchema = z.object({ then: z.enum(['next']).optional(), lang: z.string().optional() }).strict();

export const periodQuerySchema = z
  .object({ from: z.preprocess(blankIsAbsent, date.optional()), to: z.preprocess(blankIsAbsent, date.optional()), lang: z.string().optional() })
  .strict();

export const caseQuerySchema = z
  .object({
    status: z.preprocess(blankIsAbsent, z.enum(['unsampled', 'open', 'completed', 'refused', 'wrong_number', 'non_contact']).optional()),
    siteId: id,
    callListId: id,
    page: pageField,
    lang: z.string().optional(),
  })
  .strict();

export const nextSchema = z.object({ callListId: id, _csrf: z.string().optional() }).strict();
