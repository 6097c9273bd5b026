import { z } from 'zod';
import { nameEnField, optionalNameEn } from '../nameEnField';

/** A street address shoppers navigate by: one line of text, no control characters. */
const address = z
  .string()
  .trim()
  .max(200, 'must be at most 200 characters')
  // eslint-disable-next-line no-control-regex -- control characters (line breaks among them) are exactly what an address may not hold
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'must be one line without control characters');

export const siteCreateSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'must be 1–32 letters, digits, - or _'),
    name: z.string().trim().min(1, 'is required').max(100),
    nameEn: optionalNameEn,
    city: z.string().trim().min(1, 'is required').max(50),
    address: address.optional().transform((v) => (v ? v : undefined)),
    managerEmail: z
      .string()
      .trim()
      .email('must be an email address')
      .optional()
      .or(z.literal('').transform(() => undefined)),
  })
  .strict();

// An edit may clear the address or the English name (an empty string; the Chinese name then shows in English), which creating has no need to.
export const siteUpdateSchema = siteCreateSchema
  .omit({ code: true, address: true })
  .partial()
  .extend({ nameEn: nameEnField.optional(), address: address.optional() })
  .strict();

/** The edit form on the sites page (its address box posts an empty string to clear it). */
// A blank manager email leaves the stored one as it is (a change has only the fields given).
export const siteEditFormSchema = siteUpdateSchema
  .extend({ _csrf: z.string().optional() })
  .transform(({ _csrf, ...rest }) => Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as typeof rest);

/** The page form also carries the CSRF token. */
export const siteFormSchema = siteCreateSchema.extend({ _csrf: z.string().optional() }).transform(({ _csrf, ...rest }) => rest);
