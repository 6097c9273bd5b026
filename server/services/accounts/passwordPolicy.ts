/**
 * What a new password must be, following NIST SP 800-63B: length over composition
 * rules, and none of the passwords people (or this project's demo) use first.
 * Each broken rule has a stable code, so pages can say it in the reader's language.
 */
import { ValidationError } from '../../errors';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

/** The first guesses of any attacker, and ours: the demo password and the product's name. */
const COMMON = new Set([
  'password',
  'password1',
  'password123',
  'passw0rd',
  'qwerty',
  'qwertyuiop',
  'qwerty123',
  'iloveyou',
  'admin',
  'admin123',
  'administrator',
  'letmein',
  'welcome',
  'welcome1',
  'changeme',
  'abc123',
  'abcdef',
  'abcdefgh',
  'abcdefghijkl',
  'demo',
  'demo1234',
  'servicestar',
  'servicestar1',
  'servicestar123',
  'operator',
  'operator123',
  'woaini',
  'woaini1314',
]);

export type PasswordRule = 'password_too_short' | 'password_too_long' | 'password_common' | 'password_contains_email' | 'password_mismatch';

function broken(message: string, code: PasswordRule): never {
  throw new ValidationError(`password: ${message}`, 'password', code);
}

/** Throws a ValidationError on `password` naming the first rule the new password breaks. */
export function assertAcceptablePassword(password: string, email: string): void {
  if ([...password].length < PASSWORD_MIN_LENGTH) broken(`must be at least ${PASSWORD_MIN_LENGTH} characters`, 'password_too_short');
  if (password.length > PASSWORD_MAX_LENGTH) broken(`must be at most ${PASSWORD_MAX_LENGTH} characters`, 'password_too_long');
  const lower = password.toLowerCase();
  // One character repeated, or a run like 123456789012, is as weak as a listed password.
  const oneCharacter = new Set(lower).size === 1;
  const digitsRun = '01234567890123456789'.includes(lower) || '98765432109876543210'.includes(lower);
  if (COMMON.has(lower) || COMMON.has(lower.replace(/\d+$/, '')) || oneCharacter || digitsRun)
    broken('is too common: choose one that others would not guess', 'password_common');
  const localPart = email.trim().toLowerCase().split('@')[0];
  if (localPart.length >= 3 && lower.includes(localPart)) broken('must not contain your email address', 'password_contains_email');
}

/** The password typed twice must match. */
export function assertSamePassword(password: string, confirmation: string): void {
  if (password !== confirmation) throw new ValidationError('passwordConfirm: must match the password', 'passwordConfirm', 'password_mismatch');
}
