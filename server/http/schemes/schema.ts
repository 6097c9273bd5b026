/** Request shapes of the scheme routes: the content is the service's own schema (one rule for file, API and page). */
import { z } from 'zod';
import { schemeContentSchema } from '../../services/schemes/types';

export const publishSchema = schemeContentSchema;

/** The page's form sends the scheme as JSON text; a parse failure names the field. */
export const publishFormSchema = z
  .object({ scheme: z.string().min(2, 'is required').max(20_000, 'must be at most 20,000 characters'), _csrf: z.string().optional() })
  .strict()
  .transform((f, ctx) => {
    try {
      return JSON.parse(f.scheme) as unknown;
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['scheme'], message: 'must be valid JSON' });
      return z.NEVER;
    }
  })
  .pipe(schemeContentSchema);

export const schemeRefSchema = z
  .object({ code: z.string().trim().min(1, 'is required').max(60), version: z.coerce.number().int('must be a whole number').min(1, 'must be ≥ 1') })
  .strict();

/** The pin form: "code@version" from a select. */
export const pinFormSchema = z
  .object({ scheme: z.string().regex(/^[a-z0-9][a-z0-9._-]*@\d+$/, 'must be a scheme version'), _csrf: z.string().optional() })
  .strict()
  .transform((f) => ({ code: f.scheme.slice(0, f.scheme.lastIndexOf('@')), version: Number(f.scheme.slice(f.scheme.lastIndexOf('@') + 1)) }));
