import type { Request } from 'express';
import type { Config } from '../../config';

/**
 * The origin written into survey links. PUBLIC_URL when set; otherwise mail
 * uses localhost (development) and admin pages the address the admin is
 * using, never a Host header a respondent could choose.
 */
export function linkBaseUrl(config: Config, req?: Request): string {
  if (config.publicUrl) return config.publicUrl;
  return req ? `${req.protocol}://${req.get('host')}` : `http://localhost:${config.port}`;
}
