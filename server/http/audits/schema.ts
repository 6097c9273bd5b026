/**
 * Shapes of the audit API and forms. Domain rules (fraction 0–1 with a reason,
 * N/A with a reason, indicator in the catalogue, site in scope) are checked by
 * the services, so page forms and the API refuse the same things alike.
 */
import { z } from 'zod';
import { dayField } from '../dayField';
import { AUDIT_KINDS, AUDIT_STATUSES, ENTRY_STATUSES } from '../../services/audits/types';
import { RECORDED_STATUSES } from '../../services/audits/timeline';

const day = dayField;
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { message: `must be one of ${values.join(', ')}` });

export const auditCreateSchema = z
  .object({
    kind: oneOf(AUDIT_KINDS),
    plannedDate: day,
    evidenceFrom: day.optional(),
    evidenceTo: day.optional(),
    siteIds: z.array(z.string().max(100)).max(500).nullable().optional(),
    note: text(2000).optional(),
  })
  .strict();

export const auditUpdateSchema = z
  .object({
    plannedDate: day.optional(),
    evidenceFrom: day.optional(),
    evidenceTo: day.optional(),
    note: text(2000).optional(),
    status: oneOf(AUDIT_STATUSES).optional(),
  })
  .strict();

export const nonconformitySchema = z.object({ note: text(2000), evidence: text(4000), dueDate: z.string().max(10) }).strict();

export const entrySchema = z
  .object({
    status: oneOf(ENTRY_STATUSES),
    fraction: z.number({ invalid_type_error: 'must be a number from 0 to 1' }).optional(),
    reason: text(1000).optional(),
    nonconformity: nonconformitySchema.nullable().optional(),
    /** The entry's rev it was edited from; a newer entry is then a 409, not an overwrite. */
    rev: z.number().int().min(0).optional(),
  })
  .strict();

/** A site's entries at once; `status: null` clears an entry. */
export const siteEntriesSchema = z
  .object({
    entries: z.array(entrySchema.extend({ code: z.string().max(120), status: oneOf(ENTRY_STATUSES).nullable() })).max(200),
    bonus: z
      .object({ points: z.number(), reason: text(1000) })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();

export const bonusSchema = z
  .object({ points: z.number({ invalid_type_error: 'must be a number' }).min(0, 'must be ≥ 0 (a bonus cannot be negative)'), reason: text(1000) })
  .strict();

export const deductionSchema = z.object({ reason: text(1000), evidence: text(4000).optional() }).strict();

export const stageSchema = z.object({ status: oneOf(RECORDED_STATUSES), date: day.nullable().optional(), note: text(2000).optional() }).strict();
