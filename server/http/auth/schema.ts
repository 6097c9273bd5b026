import { z } from 'zod';

export const loginSchema = z
  .object({
    email: z.string().trim().email('must be an email address').max(254),
    password: z.string().min(1, 'is required').max(200),
  })
  .strict();

/** The login form also carries the CSRF token and where to go next. */
export const loginFormSchema = loginSchema.extend({
  _csrf: z.string().optional(),
  next: z.string().max(500).optional(),
});
