/**
 * The one place errors become responses. AppErrors keep their status and code;
 * body-parser errors become 400/413/415; anything else is a logged 500 with no
 * internals in the body. The API answers JSON, pages render the error page.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, StoreUnavailableError } from '../../errors';
import { t } from '../../i18n';
import { storeUnavailableError } from '../../services/health/storeFaults';
import { redactUrl } from './requestLog';

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  code?: string;
  expose?: boolean;
  message?: string;
}

export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  // Disk full, read-only, I/O error: the server's condition, not the request's (by code, see store/faults.ts).
  const unavailable = storeUnavailableError(err);
  if (unavailable) return unavailable;
  const e = err as HttpishError;
  if (e?.code === 'EBADCSRFTOKEN') return new AppError(403, 'csrf', 'the form token is missing or invalid: reload the page');
  switch (e?.type) {
    case 'entity.parse.failed':
      return new AppError(400, 'malformed_json', 'the request body is not valid JSON');
    case 'entity.too.large':
      return new AppError(413, 'too_large', 'the request body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(415, 'unsupported_encoding', e.message ?? 'unsupported encoding');
    case 'request.aborted':
      return new AppError(400, 'aborted', 'the request was aborted');
  }
  const status = e?.status ?? e?.statusCode;
  if (status && status >= 400 && status < 500) return new AppError(status, 'bad_request', e.expose ? (e.message ?? 'bad request') : 'bad request');
  return null;
}

export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const known = toAppError(err);
    if (!known) logger.error({ err, url: redactUrl(req.originalUrl) }, 'unhandled error');
    const appError = known ?? new AppError(500, 'internal', 'internal error');
    if (appError instanceof StoreUnavailableError) logger.warn({ fault: appError.fault, url: req.originalUrl }, 'write refused: the store cannot save now');
    if (res.headersSent) return void res.end();
    res.status(appError.status);
    if (appError instanceof StoreUnavailableError) res.set('Retry-After', String(appError.retryAfterSeconds));
    if (req.originalUrl.startsWith('/api/') || req.originalUrl === '/healthz' || req.originalUrl === '/readyz' || !req.accepts('html')) {
      res.json(appError.toJSON());
      return;
    }
    const locale = req.locale ?? 'zh-CN';
    if (appError instanceof StoreUnavailableError) {
      res.render('pages/error', { title: t(locale, 'storeUnavailable.title'), message: t(locale, 'storeUnavailable.message'), status: appError.status });
      return;
    }
    const messageKey =
      appError.status === 404 ? 'error.notFound' : appError.status === 403 ? (appError.code === 'csrf' ? 'error.csrf' : 'error.forbidden') : 'error.generic';
    res.render('pages/error', {
      title: t(locale, 'error.title'),
      message: t(locale, messageKey, { message: appError.message }),
      status: appError.status,
    });
  };
}

export function notFound(req: Request, _res: Response, next: NextFunction): void {
  next(new AppError(404, 'not_found', `no route for ${req.method} ${req.path}`));
}
