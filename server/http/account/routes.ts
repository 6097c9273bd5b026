/**
 * A person's own password, as pages and JSON: forgot it (an emailed link),
 * set it through a link (an invitation or a reset), change it while logged in.
 * Asking for a reset answers the same for every address, known or not.
 */
import { Router } from 'express';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { openLink } from '../../services/accounts/invitations';
import { changeOwnPassword, requestPasswordReset, setPasswordWithLink } from '../../services/accounts/passwordChange';
import { publicUser } from '../../services/accounts/users';
import { linkBaseUrl } from '../campaigns/baseUrl';
import { requireLogin } from '../middleware/auth';
import { resetRateLimit } from '../middleware/security';
import { param, parse } from '../validate';
import { changePasswordFormSchema, changePasswordSchema, resetRequestFormSchema, resetRequestSchema, setPasswordFormSchema, setPasswordSchema } from './schema';

export function accountRoutes(deps: AppDeps) {
  const { store, logger } = deps;
  const pages = Router();
  const api = Router();
  // Never the Host header of the anonymous caller: a forged one would send the reset link elsewhere.
  const mail = { mailer: deps.mailer, baseUrl: linkBaseUrl(deps.config) };
  /** The mail goes out after the answer: how long sending takes must not tell which addresses exist. */
  const resetInBackground = (email: string) =>
    void requestPasswordReset(store, mail, email).catch((err) => logger.error({ err }, 'password reset mail failed'));

  api.post('/auth/password-reset', resetRateLimit(), (req, res) => {
    resetInBackground(parse(resetRequestSchema, req.body).email);
    res.status(202).json({ ok: true });
  });
  api.post('/auth/set-password', async (req, res) => {
    const input = parse(setPasswordSchema, req.body);
    res.json({ user: publicUser(await setPasswordWithLink(store, input.token, input.password)) });
  });
  api.post('/me/password', requireLogin, async (req, res) => {
    if (req.actor!.via !== 'session') throw new AppError(400, 'invalid', 'an API token has no password');
    req.session.sessionVersion = await changeOwnPassword(store, req.actor!.userId, parse(changePasswordSchema, req.body));
    res.json({ ok: true });
  });

  pages.get('/forgot-password', (req, res) => res.render('pages/forgot-password', { title: res.locals.t('accounts.forgot.title') }));
  pages.post('/forgot-password', resetRateLimit(), (req, res) => {
    const input = parse(resetRequestFormSchema, req.body);
    resetInBackground(input.email);
    res.render('pages/forgot-password', { title: res.locals.t('accounts.forgot.title'), sent: true });
  });

  pages.get('/set-password/:token', async (req, res) => {
    const link = await openLink(store, param(req.params.token, 'token'));
    res.render('pages/set-password', { title: res.locals.t(`accounts.set.title.${link.purpose}`), email: link.email, purpose: link.purpose });
  });
  pages.post('/set-password/:token', async (req, res, next) => {
    const secret = param(req.params.token, 'token');
    const link = await openLink(store, secret);
    try {
      await setPasswordWithLink(store, secret, parse(setPasswordFormSchema, req.body).password);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) return next(err);
      return res.status(err.status).render('pages/set-password', {
        title: res.locals.t(`accounts.set.title.${link.purpose}`),
        email: link.email,
        purpose: link.purpose,
        error: err.message,
      });
    }
    req.session.flash = { kind: 'ok', text: res.locals.t('accounts.set.done') };
    res.redirect(303, '/login');
  });

  pages.get('/account/password', requireLogin, (req, res) => res.render('pages/account-password', { title: res.locals.t('accounts.password.title') }));
  pages.post('/account/password', requireLogin, async (req, res) => {
    const input = parse(changePasswordFormSchema, req.body);
    try {
      req.session.sessionVersion = await changeOwnPassword(store, req.actor!.userId, {
        currentPassword: input.currentPassword,
        newPassword: input.newPassword,
      });
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      return res
        .status(err.status)
        .render('pages/account-password', { title: res.locals.t('accounts.password.title'), error: res.locals.t('accounts.password.wrong') });
    }
    req.session.flash = { kind: 'ok', text: res.locals.t('accounts.password.changed') };
    res.redirect(303, '/');
  });

  return { pages, api };
}
