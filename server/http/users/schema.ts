import { z } from 'zod';
import { ENTERPRISE_ROLES } from '../../services/accounts/roles';

const role = z.enum(ENTERPRISE_ROLES as [string, ...string[]], { message: `must be one of ${ENTERPRISE_ROLES.join(', ')}` });
const siteIds = z.array(z.string().uuid('must be a site id')).max(500);
const name = z.string().trim().min(1, 'is required').max(100);

/** An invitation: the invitee chooses their own password through the emailed link. */
export const userInviteSchema = z
  .object({ email: z.string().trim().email('must be an email address').max(254), name, role, siteIds: siteIds.optional() })
  .strict();

/** Role, sites and name; an empty siteIds lifts the site limit. */
export const userUpdateSchema = z.object({ name: name.optional(), role: role.optional(), siteIds: siteIds.optional() }).strict();

/** A form sends one checkbox value as a string, several as a list, none as nothing. */
const formSites = z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), siteIds);

export const userInviteFormSchema = userInviteSchema.extend({ siteIds: formSites, _csrf: z.string().optional() }).transform(({ _csrf, ...rest }) => rest);

export const userUpdateFormSchema = z
  .object({ name, role, siteIds: formSites, _csrf: z.string().optional() })
  .strict()
  .transform(({ _csrf, ...rest }) => rest);
