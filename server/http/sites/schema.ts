import { z } from 'zod';
import { nameEnField, optionalNameEn } from '../nameEnField';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .optional()
    .transform((v) => (v ? v : undefined));

export const siteCreateSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'must be 1–32 letters, digits, - or _'),
    name: z.string().trim().min(1, 'is required').max(100),
    nameEn: optionalNameEn,
    city: z.string().trim().min(1, 'is required').max(50),
    address: optionalText(200),
    managerEmail: z
      .string()
      .trim()
      .email('must be an email address')
      .optional()
      .or(z.literal('').transform(() => undefined)),
  })
  .strict();

// An empty nameEn on update clears it (the Chinese name shows again in English).
export const siteUpdateSchema = siteCreateSchema.omit({ code: true }).partial().extend({ nameEn: nameEnField.optional() }).strict();

/** The page form also carries the CSRF token. */
export const siteFormSchema = siteCreateSchema.extend({ _csrf: z.string().optional() }).transform(({ _csrf, ...rest }) => rest);
