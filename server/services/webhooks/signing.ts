/**
 * Delivery signatures: HMAC-SHA256 with the endpoint's secret over
 * `<timestamp>.<body>`, sent as `ServiceStar-Signature: v1=<hex>` beside
 * `ServiceStar-Timestamp` (Unix seconds). A receiver recomputes it over the
 * raw body and rejects old timestamps, so a captured request cannot be replayed
 * later. docs/webhooks.md shows the check.
 */
import crypto from 'node:crypto';

export const HEADER = {
  id: 'ServiceStar-Event-Id',
  event: 'ServiceStar-Event',
  delivery: 'ServiceStar-Delivery-Id',
  timestamp: 'ServiceStar-Timestamp',
  signature: 'ServiceStar-Signature',
} as const;

export function newSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString('base64url')}`;
}

export function signature(secret: string, timestamp: number, body: string): string {
  return `v1=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The receiver's check: the signature matches and the timestamp is at most `toleranceS` away from now. */
export function verifySignature(
  secret: string,
  header: { timestamp: string; signature: string },
  body: string,
  nowS = Math.floor(Date.now() / 1000),
  toleranceS = 300,
): boolean {
  const timestamp = Number(header.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowS - timestamp) > toleranceS) return false;
  const expected = Buffer.from(signature(secret, timestamp, body));
  const given = Buffer.from(header.signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
