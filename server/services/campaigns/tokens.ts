/**
 * Secrets in public links. A personal token is 144 random bits (24 base64url
 * characters): guessing one is hopeless, so a URL cannot be enumerated. Site
 * link ids are 128 bits (22 characters): public on a poster, yet no one can
 * walk the id space to find other enterprises' sites. Ids of 96 bits (16
 * characters) made before still open, as QR posters already printed carry them.
 */
import crypto from 'node:crypto';

export const TOKEN_BYTES = 18;
export const SITE_LINK_BYTES = 16;
const EARLIER_SITE_LINK_BYTES = 12;

export function newToken(): string {
  return crypto.randomBytes(TOKEN_BYTES).toString('base64url');
}

export function newSiteLinkId(): string {
  return crypto.randomBytes(SITE_LINK_BYTES).toString('base64url');
}

const base64urlOf = (bytes: number) => `[A-Za-z0-9_-]{${Math.ceil((bytes * 4) / 3)}}`;
const TOKEN = new RegExp(`^${base64urlOf(TOKEN_BYTES)}$`);
const SITE_LINK = new RegExp(`^(?:${base64urlOf(SITE_LINK_BYTES)}|${base64urlOf(EARLIER_SITE_LINK_BYTES)})$`);

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
