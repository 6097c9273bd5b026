/** Request helpers shared by the call routes. */
import type { Request } from 'express';

/** ?lang= is read by the locale middleware; query schemas need not know it. */
export function queryOf(req: Request): Record<string, unknown> {
  const { lang: _lang, ...rest } = req.query as Record<string, unknown>;
  return rest;
}
