/**
 * Password hashing with Node's built-in scrypt (no native dependency to build).
 * Format: scrypt$N$r$p$saltB64$hashB64, so the cost can be raised later and
 * old hashes still verify.
 */
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

/** scrypt's cost factor for new hashes. Each hash records its own N, so a hash made at another cost still verifies. */
export const PRODUCTION_COST = 16384;
let N = PRODUCTION_COST;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, KEY_LENGTH, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltB64, hashB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, 'base64');
  const actual = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return crypto.timingSafeEqual(actual, expected);
}

/** A hash of a random password, for timing-equal checks of unknown accounts. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  return dummyHash;
}

/**
 * Jest's setup (test/helpers/hashCost.setup.ts) is the only caller: suites create
 * thousands of users, and at full cost their hashing was minutes of CPU per run.
 * What is tested (hash, verify, refusal of a wrong password) does not depend on N.
 */
export function lowerHashCostForTests(n = 1024): void {
  if (process.env.NODE_ENV !== 'test') throw new Error('the password hash cost is lowered only under jest (NODE_ENV=test)');
  N = n;
}
