/**
 * Enterprise admins manage accounts: invite by email (no one types another
 * person's password), edit role and sites, deactivate and reactivate.
 */
import { Router, type Response } from 'express';
import type { AppDeps } from '../../deps';
import { ENTERPRISE_ROLES } from '../../services/accounts/roles';
import { listSites } from '../../services/accounts/sites';
import { deactivateUser, inviteUser, listInvitations, reactivateUser, updateUser, type AccountChanges } from '../../services/accounts/userAdmin';
import { getUser, listUsers } from '../../services/accounts/users';
import type { TenantContext } from '../../services/context';
import { linkBaseUrl } from '../campaigns/baseUrl';
import { ctxOf, allow } from '../middleware/auth';
import { flashAndRedirect } from '../pages';
import { param, parse } from '../validate';
import { nameIn } from '../../services/accounts/names';
import { userInviteFormSchema, userInviteSchema, userUpdateFormSchema, userUpdateSchema } from './schema';

type Invite = Parameters<typeof inviteUser>[2];

async function formOptions(ctx: TenantContext, res: Response, chosen: { role?: string; siteIds?: string[] } = {}) {
  const roles = ENTERPRISE_ROLES.map((r) => ({ value: r, label: res.locals.t(`role.${r}`), selected: r === chosen.role }));
  const sites = (await listSites(ctx)).map((s) => ({
    id: s._id,
    label: `${s.code} ${nameIn(s, res.locals.locale as string)}`,
    checked: chosen.siteIds?.includes(s._id) ?? false,
  }));
  return { roles, sites };
}

export function userRoutes(deps: AppDeps) {
  const api = Router();
  const pages = Router();
  const manage = allow('users', 'manage');
  // Links in account mails use the configured origin, never the Host of a request.
  const mail = { mailer: deps.mailer, baseUrl: linkBaseUrl(deps.config) };

  api.get('/users', manage, async (req, res) => res.json({ users: await listUsers(ctxOf(req)), invitations: await listInvitations(ctxOf(req)) }));
  api.get('/users/:id', manage, async (req, res) => res.json({ user: await getUser(ctxOf(req), param(req.params.id)) }));
  api.post('/users', manage, async (req, res) => {
    res.status(202).json({ invitation: await inviteUser(ctxOf(req), mail, parse(userInviteSchema, req.body) as Invite) });
  });
  api.patch('/users/:id', manage, async (req, res) => {
    res.json({ user: await updateUser(ctxOf(req), param(req.params.id), parse(userUpdateSchema, req.body) as AccountChanges) });
  });
  api.post('/users/:id/deactivate', manage, async (req, res) => res.json({ user: await deactivateUser(ctxOf(req), param(req.params.id)) }));
  api.post('/users/:id/reactivate', manage, async (req, res) => res.json({ user: await reactivateUser(ctxOf(req), param(req.params.id)) }));

  pages.get('/admin/users', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const t = res.locals.t;
    const users = (await listUsers(ctx)).map((u) => ({ ...u, roleLabel: t(`role.${u.role}`) }));
    const invitations = (await listInvitations(ctx)).map((i) => ({
      ...i,
      roleLabel: t(`role.${i.invite?.role}`),
      expires: i.expiresAt.slice(0, 16).replace('T', ' '),
    }));
    res.render('pages/users', { title: t('users.title'), users, invitations, ...(await formOptions(ctx, res)) });
  });
  pages.post('/admin/users', manage, async (req, res) => {
    await flashAndRedirect(req, res, '/admin/users', async () => {
      const invitation = await inviteUser(ctxOf(req), mail, parse(userInviteFormSchema, req.body) as Invite);
      return res.locals.t('accounts.invited', { email: invitation.email });
    });
  });
  pages.get('/admin/users/:id', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const user = await getUser(ctx, param(req.params.id));
    res.render('pages/user-edit', {
      title: `${res.locals.t('accounts.edit.title')} · ${user.name}`,
      account: user,
      isSelf: user._id === ctx.actor.userId,
      ...(await formOptions(ctx, res, user)),
    });
  });
  pages.post('/admin/users/:id', manage, async (req, res) => {
    const ctx = ctxOf(req);
    const id = (await getUser(ctx, param(req.params.id)))._id;
    await flashAndRedirect(req, res, `/admin/users/${encodeURIComponent(id)}`, async () => {
      await updateUser(ctx, id, parse(userUpdateFormSchema, req.body) as AccountChanges);
      return res.locals.t('accounts.saved');
    });
  });
  for (const action of ['deactivate', 'reactivate'] as const) {
    pages.post(`/admin/users/:id/${action}`, manage, async (req, res) => {
      const ctx = ctxOf(req);
      const id = (await getUser(ctx, param(req.params.id)))._id;
      await flashAndRedirect(req, res, `/admin/users/${encodeURIComponent(id)}`, async () => {
        const user = await (action === 'deactivate' ? deactivateUser : reactivateUser)(ctx, id);
        return res.locals.t(`accounts.${action}d`, { name: user.name });
      });
    });
  }

  return { api, pages };
}
