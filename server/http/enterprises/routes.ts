import { Router } from 'express';
import { z } from 'zod';
import { createEnterprise, listEnterprises } from '../../services/accounts/enterprises';
import { allow } from '../middleware/auth';
import { flashAndRedirect } from '../pages';
import { parse } from '../validate';
import type { Store } from '../../store/types';

const enterpriseCreateSchema = z
  .object({
    code: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'must be 2–40 lowercase letters, digits or -'),
    name: z.string().trim().min(1, 'is required').max(100),
    tzOffsetMinutes: z.number().int().min(-720).max(840).optional(),
    admin: z
      .object({
        email: z.string().trim().email('must be an email address'),
        name: z.string().trim().min(1, 'is required').max(100),
        password: z.string().min(8, 'must be at least 8 characters').max(200),
      })
      .strict(),
  })
  .strict();

/** The page form is flat; it maps onto the same schema. */
const enterpriseFormSchema = z
  .object({ code: z.string(), name: z.string(), adminEmail: z.string(), adminName: z.string(), adminPassword: z.string(), _csrf: z.string().optional() })
  .strict()
  .transform((f) => ({ code: f.code, name: f.name, admin: { email: f.adminEmail, name: f.adminName, password: f.adminPassword } }))
  .pipe(enterpriseCreateSchema);

/** The platform operator's routes: enterprises are the one resource above tenants. */
export function enterpriseRoutes(store: Store) {
  const api = Router();
  const pages = Router();
  const manage = allow('platform', 'manage');

  api.get('/enterprises', manage, async (req, res) => res.json({ enterprises: await listEnterprises(store, req.actor!) }));
  api.post('/enterprises', manage, async (req, res) => {
    res.status(201).json(await createEnterprise(store, req.actor!, parse(enterpriseCreateSchema, req.body)));
  });

  pages.get('/operator/enterprises', manage, async (req, res) => {
    res.render('pages/enterprises', { title: res.locals.t('enterprises.title'), enterprises: await listEnterprises(store, req.actor!) });
  });
  pages.post('/operator/enterprises', manage, async (req, res) => {
    await flashAndRedirect(req, res, '/operator/enterprises', async () => {
      const { enterprise } = await createEnterprise(store, req.actor!, parse(enterpriseFormSchema, req.body));
      return `${enterprise.code} ✓`;
    });
  });
  return { api, pages };
}
