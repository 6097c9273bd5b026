/**
 * The platform operator's routes: enterprises are the one resource above
 * tenants. A new enterprise's first admin is invited by email (they choose
 * their own password); the operator can invite another admin later.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { createEnterprise, getEnterprise, inviteEnterpriseAdmin, listEnterprises, updateEnterprise } from '../../services/accounts/enterprises';
import { linkBaseUrl } from '../campaigns/baseUrl';
import { allow } from '../middleware/auth';
import { flashAndRedirect } from '../pages';
import { nameEnField, optionalNameEn } from '../nameEnField';
import { param, parse } from '../validate';

const adminSchema = z
  .object({ email: z.string().trim().email('must be an email address').max(254), name: z.string().trim().min(1, 'is required').max(100) })
  .strict();

const enterpriseName = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');

const enterpriseCreateSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'must be 2–40 lowercase letters, digits or -'),
    name: enterpriseName,
    nameEn: optionalNameEn,
    tzOffsetMinutes: z.number().int().min(-720).max(840).optional(),
    admin: adminSchema,
  })
  .strict();

/** The page forms are flat; they map onto the same schemas. */
const enterpriseFormSchema = z
  .object({ code: z.string(), name: z.string(), nameEn: z.string().optional(), adminEmail: z.string(), adminName: z.string(), _csrf: z.string().optional() })
  .strict()
  .transform((f) => ({ code: f.code, name: f.name, nameEn: f.nameEn, admin: { email: f.adminEmail, name: f.adminName } }))
  .pipe(enterpriseCreateSchema);
// The code stays: it is in links and logs. An empty nameEn clears the English name.
const enterpriseUpdateSchema = z.object({ name: enterpriseName.optional(), nameEn: nameEnField.optional() }).strict();
/** The edit row on the enterprises page posts both names (and the CSRF token). */
const enterpriseEditFormSchema = enterpriseUpdateSchema
  .extend({ name: enterpriseName, nameEn: nameEnField, _csrf: z.string().optional() })
  .transform(({ _csrf, ...names }) => names);
const adminFormSchema = z
  .object({ adminEmail: z.string(), adminName: z.string(), _csrf: z.string().optional() })
  .strict()
  .transform((f) => ({ email: f.adminEmail, name: f.adminName }))
  .pipe(adminSchema);

export function enterpriseRoutes(deps: AppDeps) {
  const { store } = deps;
  const api = Router();
  const pages = Router();
  const manage = allow('platform', 'manage');
  const mail = { mailer: deps.mailer, baseUrl: linkBaseUrl(deps.config) };

  api.get('/enterprises', manage, async (req, res) => res.json({ enterprises: await listEnterprises(store, req.actor!) }));
  api.post('/enterprises', manage, async (req, res) => {
    res.status(201).json(await createEnterprise(store, req.actor!, parse(enterpriseCreateSchema, req.body), mail));
  });
  api.put('/enterprises/:id', manage, async (req, res) => {
    res.json({ enterprise: await updateEnterprise(store, req.actor!, param(req.params.id), parse(enterpriseUpdateSchema, req.body)) });
  });
  api.post('/enterprises/:id/admins', manage, async (req, res) => {
    res.status(202).json({ invitation: await inviteEnterpriseAdmin(store, req.actor!, param(req.params.id), parse(adminSchema, req.body), mail) });
  });

  pages.get('/operator/enterprises', manage, async (req, res) => {
    res.render('pages/enterprises', { title: res.locals.t('enterprises.title'), enterprises: await listEnterprises(store, req.actor!) });
  });
  pages.post('/operator/enterprises', manage, async (req, res) => {
    await flashAndRedirect(req, res, '/operator/enterprises', async () => {
      const { enterprise, invitation } = await createEnterprise(store, req.actor!, parse(enterpriseFormSchema, req.body), mail);
      return res.locals.t('accounts.enterpriseCreated', { code: enterprise.code, email: invitation?.email ?? '' });
    });
  });
  pages.post('/operator/enterprises/:id', manage, async (req, res) => {
    const enterprise = await getEnterprise(store, param(req.params.id));
    await flashAndRedirect(req, res, '/operator/enterprises', async () => {
      await updateEnterprise(store, req.actor!, enterprise._id, parse(enterpriseEditFormSchema, req.body));
      return res.locals.t('enterpriseEdit.saved', { code: enterprise.code });
    });
  });
  pages.post('/operator/enterprises/:id/admins', manage, async (req, res) => {
    await flashAndRedirect(req, res, '/operator/enterprises', async () => {
      const invitation = await inviteEnterpriseAdmin(store, req.actor!, param(req.params.id), parse(adminFormSchema, req.body), mail);
      return res.locals.t('accounts.invited', { email: invitation.email });
    });
  });
  return { api, pages };
}
