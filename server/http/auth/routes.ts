/**
 * Login and logout, as a page (form + CSRF) and as JSON (`/api/v1/auth/*`),
 * plus `GET /api/v1/me`. Both paths regenerate the session on login so a
 * session id fixed before login is worthless after it.
 */
import { Router, type Request, type Response } from 'express';
import { AppError } from '../../errors';
import { t } from '../../i18n';
import { actorOf, authenticate, findUserById, publicUser, type User } from '../../services/accounts/users';
import { getEnterprise } from '../../services/accounts/enterprises';
import { rememberLanguage } from '../../services/accounts/language';
import { announceSignOut } from '../../services/accounts/signOut';
import type { Store } from '../../store/types';
import { landingPath } from '../landing';
import { requireLogin } from '../middleware/auth';
import { rememberLocale } from '../middleware/locale';
import { parse } from '../validate';
import { loginFormSchema, loginSchema } from './schema';

/** Only same-site paths may follow a login: no open redirect. */
function safeNext(next: string | undefined): string | null {
  return next && /^\/(?!\/)[^\\]*$/.test(next) ? next : null;
}

/** Starts a fresh session for `user` (also after the first operator is created). */
export function startSession(req: Request, user: User): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((err) => {
      if (err) return reject(err);
      req.session.userId = user._id;
      req.session.loginAt = new Date().toISOString();
      req.session.sessionVersion = user.sessionVersion ?? 0;
      req.session.save((saveErr) => (saveErr ? reject(saveErr) : resolve()));
    });
  });
}

/** The session a logout ends, so that the sockets opened with it close too. */
function endedSession(req: Request): { userId: string; sessionId: string } | null {
  return req.session?.userId ? { userId: req.session.userId, sessionId: req.sessionID } : null;
}

function announce(ended: ReturnType<typeof endedSession>): void {
  if (ended) announceSignOut(ended);
}

/**
 * Signing in through the login page settles the language: one chosen on this browser becomes the account's, else
 * the account's own (chosen on another device) is applied here, so the person reads the pages their mails are
 * written in. A JSON client logging in reads no pages, so its login leaves the language alone.
 */
async function settleLanguage(store: Store, req: Request, res: Response, user: User, secureCookies: boolean): Promise<void> {
  if (req.localeChosen) await rememberLanguage(store, user, req.locale);
  else if (user.locale) {
    rememberLocale(res, user.locale, secureCookies);
    req.locale = user.locale;
  }
}

/** A request with an API token (Authorization header) has no session to start or end. */
const tokenHasNoSession = () => new AppError(400, 'invalid', 'authorization: a request that carries an API token has no session to log in or out of');

export function authRoutes(store: Store, opts: { maxAttempts: number; showDemoHint: boolean; secureCookies: boolean }) {
  const pages = Router();
  const api = Router();

  pages.get('/login', (req, res) => {
    if (req.actor) return res.redirect('/');
    res.render('pages/login', { title: t(req.locale, 'login.title'), next: req.query.next, demoHint: opts.showDemoHint });
  });

  pages.post('/login', async (req, res, next) => {
    const email = typeof req.body?.email === 'string' ? req.body.email : '';
    try {
      const input = parse(loginFormSchema, req.body);
      const user = await authenticate(store, input.email, input.password, { maxAttempts: opts.maxAttempts, address: req.ip ?? '' });
      await startSession(req, user);
      await settleLanguage(store, req, res, user, opts.secureCookies);
      // Straight to the person's work, without a detour through the menu at `/`.
      res.redirect(safeNext(input.next) ?? (await landingPath(store, actorOf(user))) ?? '/');
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) return next(err);
      const key = err.code === 'rate_limited' ? 'accounts.login.slowDown' : 'login.failed';
      res.status(err.status).render('pages/login', {
        title: t(req.locale, 'login.title'),
        error: t(req.locale, key),
        email,
        next: req.body?.next,
        demoHint: opts.showDemoHint,
      });
    }
  });

  pages.post('/logout', (req, res, next) => {
    const ended = endedSession(req);
    req.session.destroy((err) => (err ? next(err) : (announce(ended), res.redirect('/login'))));
  });

  api.post('/auth/login', async (req, res) => {
    if (!req.session) throw tokenHasNoSession();
    const input = parse(loginSchema, req.body);
    const user = await authenticate(store, input.email, input.password, { maxAttempts: opts.maxAttempts, address: req.ip ?? '' });
    await startSession(req, user);
    res.json({ user: publicUser(user) });
  });

  api.post('/auth/logout', (req, res, next) => {
    if (!req.session) throw tokenHasNoSession();
    const ended = endedSession(req);
    req.session.destroy((err) => (err ? next(err) : (announce(ended), res.json({ ok: true }))));
  });

  api.get('/me', requireLogin, async (req, res) => {
    const actor = req.actor!;
    if (actor.via === 'token') return res.json({ token: actor });
    const user = await findUserById(store, actor.userId);
    const enterprise = actor.enterpriseId ? await getEnterprise(store, actor.enterpriseId) : null;
    res.json({ user: user && publicUser(user), enterprise });
  });

  return { pages, api };
}
