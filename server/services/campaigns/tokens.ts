/**
 * Secrets in public links. A personal token is 144 random bits (24 base64url
 * characters): guessing one is hopeless, so a URL cannot be enumerated. Site
 * link ids are shorter (96 bits): they only say which site a walk-in rates.
 */
import crypto from 'node:crypto';

export const TOKEN_BYTES = 18;
export const SITE_LINK_BYTES = 12;

export function newToken(): string {
  return crypto.randomBytes(TOKEN_BYTES).toString('base64url');
}

export function newSiteLinkId(): string {
  return crypto.randomBytes(SITE_LINK_BYTES).toString('base64url');
}

const TOKEN = new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((TOKEN_BYTES * 4) / 3)}}$`);
const SITE_LINK = new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((SITE_LINK_BYTES * 4) / 3)}}$`);

/** Whether a URL segment could be a token at all; anything else is not looked up. */
export function looksLikeToken(value: string): boolean {
  return TOKEN.test(value);
}

export function looksLikeSiteLinkId(value: string): boolean {
  return SITE_LINK.test(value);
}

/** A device cookie is stored only as a hash, so a response's dedupe key cannot identify the cookie. */
export function deviceDigest(deviceId: string): string {
  return crypto.createHash('sha256').update(deviceId).digest('base64url').slice(0, 32);
}
