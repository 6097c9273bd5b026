import { Router } from 'express';
import { ENTERPRISE_ROLES } from '../../services/accounts/roles';
import { createUser, getUser, listUsers } from '../../services/accounts/users';
import { ctxOf, allow } from '../middleware/auth';
import { flashAndRedirect } from '../pages';
import { param, parse } from '../validate';
import { userCreateSchema, userFormSchema } from './schema';

type NewUser = Parameters<typeof createUser>[1];

export function userRoutes() {
  const api = Router();
  const pages = Router();
  const manage = allow('users', 'manage');

  api.get('/users', manage, async (req, res) => res.json({ users: await listUsers(ctxOf(req)) }));
  api.get('/users/:id', manage, async (req, res) => res.json({ user: await getUser(ctxOf(req), param(req.params.id)) }));
  api.post('/users', manage, async (req, res) => {
    const input = parse(userCreateSchema, req.body) as NewUser;
    res.status(201).json({ user: await createUser(ctxOf(req), input) });
  });

  pages.get('/admin/users', manage, async (req, res) => {
    const roles = ENTERPRISE_ROLES.map((r) => ({ value: r, label: res.locals.t(`role.${r}`) }));
    const users = (await listUsers(ctxOf(req))).map((u) => ({ ...u, roleLabel: res.locals.t(`role.${u.role}`) }));
    res.render('pages/users', { title: res.locals.t('users.title'), users, roles });
  });
  pages.post('/admin/users', manage, async (req, res) => {
    await flashAndRedirect(req, res, '/admin/users', async () => {
      const user = await createUser(ctxOf(req), parse(userFormSchema, req.body) as NewUser);
      return `${user.email} ✓`;
    });
  });

  return { api, pages };
}
