/**
 * Case list filters, bulk actions, resolution, saved views and settings: one
 * schema each for the page forms and the JSON API. Blank form fields count as
 * absent; anything else unknown is a 400 naming the field.
 */
import { z } from 'zod';
import { ALERT_RULES } from '../../services/alerts/rules';
import { TASK_STATUSES } from '../../services/alerts/types';
import { CASE_AGES, CASE_SORTS } from '../../services/cases/list';
import { CHANNELS } from '../../services/templates/types';
import { pageField } from '../pager';

const blankIsAbsent = (v: unknown) => (v === '' ? undefined : v);
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(blankIsAbsent, z.enum(values, { message: `must be one of ${values.join(', ')}` }).optional());
const text = (max: number) =>
  z.string({ required_error: 'is required', invalid_type_error: 'must be text' }).trim().min(1, 'is required').max(max, `must be at most ${max} characters`);
const rev = z.preprocess(blankIsAbsent, z.coerce.number().int('must be a whole number').min(1).optional());

export const caseFilterShape = {
  site: z.preprocess(blankIsAbsent, z.string().max(64, 'must be a site code').optional()),
  owner: z.preprocess(blankIsAbsent, z.string().max(100, 'must be a user id or none').optional()),
  status: oneOf(['active', ...TASK_STATUSES] as const),
  rule: oneOf(ALERT_RULES),
  channel: oneOf(CHANNELS as unknown as readonly [string, ...string[]]),
  age: oneOf(CASE_AGES),
  overdue: z.preprocess(blankIsAbsent, z.enum(['1', 'true'], { message: 'must be 1 or true' }).optional()),
  sort: oneOf(CASE_SORTS),
};

/** The list page and API: the filters, a page number and the language switch. */
export const caseListSchema = z
  .object({
    ...caseFilterShape,
    page: pageField,
    lang: z.string().max(10).optional(),
  })
  .strict();
export type CaseListQuery = z.infer<typeof caseListSchema>;

/** The export: the list's filters (no page) and the file format. */
export const caseExportSchema = z
  .object({ ...caseFilterShape, format: z.enum(['csv', 'xlsx'], { message: 'must be csv or xlsx' }), lang: z.string().max(10).optional() })
  .strict();

const form = { _csrf: z.string().optional(), rev };

export const resolveSchema = z
  .object({
    ...form,
    rootCause: text(40),
    action: text(2000),
    note: z.preprocess(blankIsAbsent, z.string().trim().max(2000, 'must be at most 2000 characters').optional()),
  })
  .strict();
export const closeSchema = z.object({ ...form, reason: text(500) }).strict();

/** Bulk actions on ticked cases: a form posts one `ids` field per box, the API an array. */
export const bulkSchema = z
  .object({
    _csrf: z.string().optional(),
    ids: z.preprocess(
      (v) => (typeof v === 'string' ? [v] : v),
      z.array(z.string().min(1).max(200)).min(1, 'tick at least one case').max(500, 'at most 500 cases at once'),
    ),
    action: z.enum(['assign', 'close'], { message: 'must be assign or close' }),
    assigneeId: z.preprocess(blankIsAbsent, z.string().max(100).optional()),
    reason: z.preprocess(blankIsAbsent, z.string().trim().max(500, 'must be at most 500 characters').optional()),
    /** Where the page returns to (the filtered list). */
    back: z.preprocess(
      blankIsAbsent,
      z
        .string()
        .max(2000)
        .regex(/^\/follow-ups(\?[^\s]*)?$/, 'must be a case list address')
        .optional(),
    ),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.action === 'assign' && !v.assigneeId) ctx.addIssue({ code: 'custom', path: ['assigneeId'], message: 'choose a person' });
    if (v.action === 'close' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'give the reason for closing' });
  });

export const saveViewSchema = z
  .object({ _csrf: z.string().optional(), name: text(60), query: z.string().max(1000, 'must be at most 1000 characters') })
  .strict();

const hours = (field: string) =>
  z.coerce
    .number({ message: `${field}: must be a number of hours` })
    .int('must be a whole number of hours')
    .min(1, 'must be 1–1440 hours')
    .max(1440, 'must be 1–1440 hours');

/** Root causes as the settings page edits them: one per line, `code | 中文 | English`. */
const rootCauseLines = z
  .string()
  .max(5000)
  .transform((raw, ctx) => {
    const causes = raw
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .map((line) => line.split('|').map((p) => p.trim()));
    for (const [i, parts] of causes.entries()) {
      if (parts.length !== 3 || !/^[A-Za-z][\w-]{0,39}$/.test(parts[0]!) || !parts[1] || !parts[2]) {
        ctx.addIssue({ code: 'custom', message: `line ${i + 1}: must be code | 中文名称 | English name (code: letters, digits, - or _)` });
        return z.NEVER;
      }
    }
    if (!causes.length) ctx.addIssue({ code: 'custom', message: 'list at least one root cause' });
    return causes.map(([code, zh, en]) => ({ code: code!, zh: zh!, en: en! }));
  });

export const settingsFormSchema = z
  .object({
    _csrf: z.string().optional(),
    slaCritical: hours('slaCritical'),
    slaNormal: hours('slaNormal'),
    escalateAdminsAfter: z.coerce
      .number({ message: 'must be a number of hours' })
      .int('must be a whole number of hours')
      .min(0, 'must be 0–720 hours')
      .max(720, 'must be 0–720 hours'),
    rootCauses: rootCauseLines,
    recoverySurvey: z.literal('on').optional(),
  })
  .catchall(z.string().max(100))
  .transform((f) => {
    const siteOwners: Record<string, string> = {};
    for (const [key, value] of Object.entries(f)) if (key.startsWith('owner_') && value) siteOwners[key.slice('owner_'.length)] = String(value);
    return {
      slaHours: { critical: f.slaCritical, normal: f.slaNormal },
      escalation: [
        { to: 'siteManager' as const, afterHours: 0 },
        { to: 'admins' as const, afterHours: f.escalateAdminsAfter },
      ],
      rootCauses: f.rootCauses,
      recoverySurvey: f.recoverySurvey === 'on',
      siteOwners,
    };
  });

export const recoveryAnswerSchema = z
  .object({
    solved: z.enum(['yes', 'no'], { message: 'choose yes or no' }),
    rating: z.coerce.number({ message: 'choose 1–5 stars' }).int('choose 1–5 stars').min(1, 'choose 1–5 stars').max(5, 'choose 1–5 stars'),
    lang: z.string().max(10).optional(),
  })
  .strict();

/** The JSON API's settings: any part, each validated; escalation levels may mail fixed addresses. */
export const settingsApiSchema = z
  .object({
    slaHours: z
      .object({ critical: hours('slaHours.critical'), normal: hours('slaHours.normal') })
      .partial()
      .strict(),
    escalation: z
      .array(
        z
          .object({
            to: z.union([
              z.enum(['siteManager', 'admins']),
              z.array(z.string().trim().email('must be an email address')).min(1, 'list at least one address').max(20),
            ]),
            afterHours: z.number().int('must be a whole number of hours').min(0, 'must be 0–720 hours').max(720, 'must be 0–720 hours'),
          })
          .strict(),
      )
      .max(5, 'at most 5 levels'),
    rootCauses: z
      .array(z.object({ code: z.string().regex(/^[A-Za-z][\w-]{0,39}$/, 'must be letters, digits, - or _'), zh: text(40), en: text(60) }).strict())
      .min(1, 'list at least one root cause')
      .max(30, 'at most 30 root causes'),
    siteOwners: z.record(z.string().max(64), z.string().max(100)),
    recoverySurvey: z.boolean(),
  })
  .partial()
  .strict();
