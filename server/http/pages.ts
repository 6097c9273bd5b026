/**
 * Shared behaviour of server-rendered admin forms: run the action, then
 * redirect with a flash message (post/redirect/get, so a reload never re-posts).
 * A 4xx becomes an error flash naming the field; anything else propagates.
 */
import type { Request, Response } from 'express';
import { AppError } from '../errors';

export async function flashAndRedirect(req: Request, res: Response, to: string, action: () => Promise<string>): Promise<void> {
  try {
    req.session.flash = { kind: 'ok', text: await action() };
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    req.session.flash = { kind: 'error', text: err.message };
  }
  res.redirect(303, to);
}
