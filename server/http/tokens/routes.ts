import { Router } from 'express';
import { z } from 'zod';
import { createApiToken, listApiTokens, revokeApiToken } from '../../services/accounts/apiTokens';
import { TOKEN_ROLES } from '../../services/accounts/roles';
import { ctxOf, allow } from '../middleware/auth';
import { param, parse } from '../validate';

const tokenCreateSchema = z
  .object({
    name: z.string().trim().min(1, 'is required').max(100),
    role: z.enum(TOKEN_ROLES as [string, ...string[]], { message: `must be one of ${TOKEN_ROLES.join(', ')}` }),
    _csrf: z.string().optional(),
  })
  .strict();

type TokenInput = Parameters<typeof createApiToken>[1];

export function tokenRoutes() {
  const api = Router();
  const pages = Router();
  const manage = allow('tokens', 'manage');

  api.get('/tokens', manage, async (req, res) => res.json({ tokens: await listApiTokens(ctxOf(req)) }));
  api.post('/tokens', manage, async (req, res) => {
    const { name, role } = parse(tokenCreateSchema, req.body);
    res.status(201).json(await createApiToken(ctxOf(req), { name, role } as TokenInput));
  });
  api.delete('/tokens/:id', manage, async (req, res) => {
    await revokeApiToken(ctxOf(req), param(req.params.id));
    res.status(204).end();
  });

  const render = async (req: Parameters<Parameters<typeof pages.get>[1]>[0], res: Parameters<Parameters<typeof pages.get>[1]>[1], created?: string) => {
    const roles = TOKEN_ROLES.map((r) => ({ value: r, label: res.locals.t(`role.${r}`) }));
    res.render('pages/tokens', { title: res.locals.t('tokens.title'), tokens: await listApiTokens(ctxOf(req)), roles, created });
  };
  pages.get('/admin/tokens', manage, (req, res) => render(req, res));
  // The secret is rendered directly in the response (never flashed into the session store).
  pages.post('/admin/tokens', manage, async (req, res) => {
    const { name, role } = parse(tokenCreateSchema, req.body);
    const { token } = await createApiToken(ctxOf(req), { name, role } as TokenInput);
    await render(req, res, token);
  });
  pages.post('/admin/tokens/:id/revoke', manage, async (req, res) => {
    await revokeApiToken(ctxOf(req), param(req.params.id));
    res.redirect(303, '/admin/tokens');
  });

  return { api, pages };
}
