/**
 * Request shapes for campaign routes. One schema serves the JSON API and the
 * page form (whose values arrive as strings: `version` as "<templateId>@<n>",
 * sites as one or several `siteIds` fields).
 */
import { z } from 'zod';
import { dayField } from '../dayField';
import { LOCALES } from '../../i18n';
import { LIST_STATUSES } from '../../services/campaigns/recipientList';
import { pageField } from '../pager';

const date = dayField;
const reminders = z
  .object({
    afterDays: z.coerce.number().int('must be a whole number').min(1, 'must be 1 to 60 days').max(60, 'must be 1 to 60 days'),
    maxCount: z.coerce.number().int('must be a whole number').min(0, 'must be 0 to 5').max(5, 'must be 0 to 5'),
  })
  .strict();

export const campaignCreateSchema = z
  .object({
    name: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
    templateId: z.string().min(1, 'is required').max(100),
    templateVersion: z.number().int('must be a whole number').min(1, 'must be 1 or more'),
    siteIds: z.array(z.string().min(1).max(100)).min(1, 'choose at least one site').max(500),
    startsOn: date,
    endsOn: date,
    reminders,
    privacyContact: z.string().trim().min(3, 'is required: an email or phone respondents can ask about their data').max(200),
  })
  .strict();

const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export const campaignFormSchema = z
  .object({
    _csrf: z.string().optional(),
    name: z.string(),
    version: z.string().regex(/^[^@]{1,100}@[1-9]\d{0,5}$/, 'choose a published survey version'),
    siteIds: z.preprocess(list, z.array(z.string())),
    startsOn: z.string(),
    endsOn: z.string(),
    afterDays: z.string(),
    maxCount: z.string(),
    privacyContact: z.string(),
  })
  .strict()
  .transform(({ version, afterDays, maxCount, _csrf, ...rest }) => {
    const at = version.lastIndexOf('@');
    return { ...rest, templateId: version.slice(0, at), templateVersion: Number(version.slice(at + 1)), reminders: { afterDays, maxCount } };
  })
  .pipe(campaignCreateSchema);

const cell = z.union([z.string().max(300), z.number()]).optional();

/** API recipients: the same fields as the CSV columns, checked row by row by the service. */
export const recipientsApiSchema = z
  .array(z.object({ name: cell, email: cell, phone: cell, siteCode: cell, caseId: cell, serviceDate: cell }).strict(), {
    invalid_type_error: 'must be a JSON array of recipients',
  })
  .min(1, 'must list at least one recipient')
  .max(10_000, 'must list at most 10,000 recipients per call; use the CSV upload for more');

export const uploadFieldsSchema = z
  .object({ _csrf: z.string().optional(), encoding: z.enum(['auto', 'utf-8', 'gbk'], { message: 'must be auto, utf-8 or gbk' }).default('auto') })
  .strict();

/** The recipient list's query string: search, status filter and page, as the list's form and links send them. */
export const recipientListQuerySchema = z
  .object({
    q: z.string().max(100, 'must be at most 100 characters').optional(),
    status: z.preprocess((v) => (v === '' ? undefined : v), z.enum(LIST_STATUSES, { message: `must be one of ${LIST_STATUSES.join(', ')}` }).optional()),
    page: pageField,
    // The header's language switch adds ?lang= to whatever page is open.
    lang: z.string().max(10).optional(),
  })
  .strict();

/** The send confirmation's form: now, or later at an enterprise-local date and time (a datetime-local value). */
export const invitationFormSchema = z
  .object({
    _csrf: z.string().optional(),
    when: z.enum(['now', 'later'], { message: 'must be now or later' }).default('now'),
    sendAt: z
      .string()
      .regex(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})?$/, 'must be a date and time as YYYY-MM-DDTHH:MM')
      .optional(),
  })
  .strict()
  .refine((v) => v.when === 'now' || Boolean(v.sendAt), { message: 'is required to send later', path: ['sendAt'] });

/** The API's send request: at once, or at a later moment given as an ISO 8601 timestamp. */
export const invitationApiSchema = z
  .object({ sendAt: z.string().datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2026-12-08T09:00:00+08:00' }).optional() })
  .strict();

/** The SMS export: its texts in Chinese unless `language=en` asks for English (`language`, not `lang`, which would switch the reader's pages). */
export const smsExportQuerySchema = z
  .object({
    language: z.enum(LOCALES, { message: `must be one of ${LOCALES.join(', ')}` }).default('zh-CN'),
    // The language switch may ride along; the locale middleware reads it.
    lang: z.string().max(10).optional(),
  })
  .strict();
