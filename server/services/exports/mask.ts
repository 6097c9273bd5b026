/**
 * Personal data leaves masked, in exports and on every page and API answer
 * outside the few places that show it whole after a recorded "show" click.
 * Phone numbers never leave in an export: any phone-like run in an answer or
 * a reference (7–15 digits, optionally with +, spaces, dashes, dots or
 * brackets between them) keeps its first 3 and last 4 digits, the rest
 * becomes *. Shorter numbers (7–10 digits, no area code) keep the last 4 only,
 * so at least 3 digits are always hidden. Dates and times are left alone.
 */

// A run that starts and ends with a digit. In free text anything but another digit may touch it
// ("电话13812345678", "Tel13812345678"); in references it must not touch letters or dashes, so ids and UUIDs stay whole.
const IN_TEXT = /(?<!\d)\+?\d[\d\s().\-–—]{5,22}\d(?!\d)/g;
const IN_REFERENCE = /(?<![\w-])\+?\d[\d\s().\-–—]{5,22}\d(?![\w-])/g;
const DATE_OR_TIME = /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}:\d{2}(:\d{2})?$/;

export function maskDigits(digits: string): string {
  const head = digits.length >= 11 ? 3 : 0;
  return digits.slice(0, head) + '*'.repeat(digits.length - head - 4) + digits.slice(-4);
}

export function maskPhones(text: string, kind: 'text' | 'reference' = 'text'): string {
  return text.replace(kind === 'text' ? IN_TEXT : IN_REFERENCE, (run) => {
    const digits = run.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15 || DATE_OR_TIME.test(run.trim())) return run;
    return (run.startsWith('+') ? '+' : '') + maskDigits(digits);
  });
}

/** An answer or reference value as an export cell: strings and long integers masked, lists joined. */
export function maskedCell(value: unknown, kind: 'text' | 'reference' = 'text'): string | number | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return maskPhones(value.map(String).join('; '), kind);
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) >= 1e6 ? maskPhones(String(value), kind) : value;
  return maskPhones(String(value), kind);
}

// An address in free text: enough to find one, not a validator.
const EMAIL_IN_TEXT = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;

/** One address: its first two characters and the domain ("zh***@example.com"). */
export function maskEmail(email?: string): string {
  if (!email) return '';
  const [user, domain] = email.split('@') as [string, string];
  return `${user.slice(0, 2)}***@${domain}`;
}

/** One stored phone number: the first 3 and last 4 characters. */
export function maskPhone(phone?: string): string {
  return phone ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '';
}

/** A person's name: its first character ("张**"). */
export function maskName(name?: string): string {
  return name ? `${[...name][0]}**` : '';
}

/** Free text with every phone number and email address in it masked. */
export function maskContacts(text: string): string {
  return maskPhones(text).replace(EMAIL_IN_TEXT, (address) => maskEmail(address));
}

/** Answers or references with their texts masked (numbers that could be phones too), for API answers and pages. */
export function maskedValues<T extends Record<string, unknown>>(values: T): T {
  const mask = (v: unknown): unknown => {
    if (typeof v === 'string') return maskContacts(v);
    if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) >= 1e6 ? maskPhones(String(v)) : v;
    if (Array.isArray(v)) return v.map(mask);
    return v;
  };
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, mask(v)])) as T;
}
