/**
 * First-run setup: `/setup/<token>` creates the platform operator, logs them in and
 * sends them to the enterprises page. Without the token, or once an operator
 * exists, the page is a 404 like any unknown path.
 */
import { Router, type Request, type Response } from 'express';
import { AppError, NotFoundError } from '../../errors';
import { assertSamePassword, PASSWORD_MIN_LENGTH } from '../../services/accounts/passwordPolicy';
import { createFirstOperator } from '../../services/setup/operator';
import { isSetupTokenValid } from '../../services/setup/token';
import type { Store } from '../../store/types';
import { startSession } from '../auth/routes';
import { param, parse } from '../validate';
import { setupFormSchema } from './schema';

/** Stable error codes (and fields) said in the reader's language; anything else shows its own message. */
const ERROR_KEYS: Record<string, string> = {
  password_too_short: 'setup.error.tooShort',
  password_too_long: 'setup.error.tooLong',
  password_common: 'setup.error.common',
  password_contains_email: 'setup.error.containsEmail',
  password_mismatch: 'setup.error.mismatch',
  conflict: 'setup.error.emailTaken',
};

function errorText(res: Response, err: AppError): string {
  const key = ERROR_KEYS[err.code] ?? (err.field === 'email' ? 'setup.error.email' : undefined);
  return key ? res.locals.t(key, { min: PASSWORD_MIN_LENGTH }) : err.message;
}

function render(req: Request, res: Response, extra: Record<string, unknown> = {}) {
  res.render('pages/setup', { title: res.locals.t('setup.title'), minLength: PASSWORD_MIN_LENGTH, action: req.originalUrl.split('?')[0], ...extra });
}

export function setupRoutes(store: Store) {
  const pages = Router();

  pages.get('/setup/:token', async (req, res) => {
    if (!(await isSetupTokenValid(store, param(req.params.token, 'token')))) throw new NotFoundError('setup page');
    render(req, res);
  });

  pages.post('/setup/:token', async (req, res) => {
    const token = param(req.params.token, 'token');
    // A used or wrong token is a 404 whatever the form holds: its rules are no one else's business.
    if (!(await isSetupTokenValid(store, token))) throw new NotFoundError('setup page');
    const email = typeof req.body?.email === 'string' ? req.body.email : '';
    const name = typeof req.body?.name === 'string' ? req.body.name : '';
    try {
      const input = parse(setupFormSchema, req.body);
      assertSamePassword(input.password, input.passwordConfirm);
      const operator = await createFirstOperator(store, token, input);
      req.log.info({ operator: operator.email }, 'first operator created through the setup page');
      await startSession(req, operator);
      req.session.flash = { kind: 'ok', text: res.locals.t('setup.welcome') };
      res.redirect(303, '/operator/enterprises');
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500 || err.status === 404) throw err;
      res.status(err.status);
      render(req, res, { error: errorText(res, err), errorField: err.field, email, name });
    }
  });

  return { pages };
}
