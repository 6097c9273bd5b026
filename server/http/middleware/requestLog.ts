/**
 * What the request log may hold. Survey links (/s/, /u/, /f/) and set-password
 * links carry secrets in their path; a query or a path may carry a phone number
 * or an address. Every URL is written with those replaced, the referrer too (a
 * survey page's assets are fetched with the survey link as referrer).
 */
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { HttpLogger, Options } from 'pino-http';
import { maskContacts, maskPhones } from '../../services/exports/mask';

/** Path prefixes whose next segment is a secret (a survey token, a walk-in link id, a set-password link). */
const SECRET_SEGMENT = /^\/(s|u|f|set-password)\/[^/?#]+/;
const SECRET_PARAMS = new Set(['token', 'secret', 'password']);

export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const [rawPath, query] = url.split(/\?(.*)/s, 2) as [string, string | undefined];
  // Ids and UUIDs stay whole ('reference' rules): only free-standing phone-like runs are masked.
  const path = maskPhones(rawPath.replace(SECRET_SEGMENT, '/$1/:secret'), 'reference');
  if (query === undefined) return path;
  const params = new URLSearchParams(query);
  const shown = [...params].map(([k, v]) => `${k}=${SECRET_PARAMS.has(k.toLowerCase()) ? '[redacted]' : maskContacts(v)}`);
  return `${path}?${shown.join('&')}`;
}

/** A referrer is a full URL: its path and query get the same treatment, its origin stays. */
function redactReferrer(referrer: unknown): unknown {
  if (typeof referrer !== 'string') return referrer;
  try {
    const u = new URL(referrer);
    return `${u.origin}${redactUrl(u.pathname + u.search)}`;
  } catch {
    return '[unreadable]';
  }
}

type LoggedRequest = { url?: string; query?: unknown; params?: unknown; headers?: Record<string, unknown> };
type LoggedResponse = { headers?: Record<string, unknown> };

export const requestLogOptions: Pick<Options, 'redact' | 'serializers'> = {
  redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
  serializers: {
    req: (req: LoggedRequest) => {
      // The route's params and parsed query repeat what the URL held: left out, the URL is enough.
      const { query: _q, params: _p, ...rest } = req;
      return { ...rest, url: redactUrl(req.url), ...(req.headers ? { headers: { ...req.headers, referer: redactReferrer(req.headers.referer) } } : {}) };
    },
    res: (res: LoggedResponse) => (res.headers?.location ? { ...res, headers: { ...res.headers, location: redactUrl(String(res.headers.location)) } } : res),
  },
};

/**
 * Runs the request log only while its lines are written (level info or
 * below; pino-http writes even failed requests at info). Otherwise it would
 * still build a child logger per request, running the serialisers and
 * redaction above on every request only to drop the result (about 2% of
 * the server's CPU in the load proof, which runs at LOG_LEVEL=error).
 * `req.log` is then the app's logger itself, without the request's fields.
 */
export function whileRequestsLogged(logger: Logger, requestLog: HttpLogger): RequestHandler {
  // pino-http writes through a child made when it was created, which keeps the level the logger had then.
  if (requestLog.logger.isLevelEnabled('info')) return requestLog;
  return (req, _res, next) => {
    req.log = logger;
    next();
  };
}
