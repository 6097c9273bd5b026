import { z } from 'zod';
import { ENTERPRISE_ROLES } from '../../services/accounts/roles';

export const userCreateSchema = z
  .object({
    email: z.string().trim().email('must be an email address').max(254),
    name: z.string().trim().min(1, 'is required').max(100),
    role: z.enum(ENTERPRISE_ROLES as [string, ...string[]], { message: `must be one of ${ENTERPRISE_ROLES.join(', ')}` }),
    password: z.string().min(8, 'must be at least 8 characters').max(200),
    siteIds: z.array(z.string().uuid('must be a site id')).max(500).optional(),
  })
  .strict();

export const userFormSchema = userCreateSchema
  .omit({ siteIds: true })
  .extend({ _csrf: z.string().optional() })
  .transform(({ _csrf, ...rest }) => rest);
