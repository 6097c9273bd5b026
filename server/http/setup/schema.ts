import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../../services/accounts/passwordPolicy';

/** The first-run form: the rules beyond length live in services/accounts/passwordPolicy.ts. */
export const setupFormSchema = z
  .object({
    email: z.string().trim().email('must be an email address').max(254),
    name: z.string().trim().max(100, 'must be at most 100 characters').optional(),
    password: z.string().min(1, 'is required').max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`),
    passwordConfirm: z.string().max(PASSWORD_MAX_LENGTH),
    _csrf: z.string().optional(),
  })
  .strict();
