/**
 * One recipient row checked on its own: every problem is reported with its
 * row, field and rule, so a person can fix the file in one go. Contact data is
 * normalised (lower-case email, bare 11-digit mobile) so duplicates are found.
 */
import type { RecipientInput, RecipientRule, RowError } from './types';

const EMAIL = /^[^\s@"'<>,;]+@[^\s@"'<>,;]+\.[^\s@"'<>,;]+$/;
const MOBILE = /^1[3-9]\d{9}$/;
const DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what a cell may not contain
const CONTROL = /[\u0000-\u001f\u007f]/;

export interface RawRecipient {
  name?: unknown;
  email?: unknown;
  phone?: unknown;
  siteCode?: unknown;
  caseId?: unknown;
  serviceDate?: unknown;
}

type Params = Record<string, string | number>;

/** The English text of each rule: the API's wording, unchanged since before rules had codes. */
const RULE_TEXT: Record<RecipientRule, (p: Params) => string> = {
  required: () => 'is required',
  siteNotInCampaign: (p) => `must be a site of this campaign (${p.sites})`,
  email: () => 'must be an email address such as name@example.com',
  mobile: () => 'must be a mainland mobile number: 11 digits starting 13–19',
  contactRequired: () => 'email or phone is required',
  text: (p) => `must be at most ${p.max} characters of text`,
  date: () => 'must be a date as YYYY-MM-DD',
  futureDate: () => 'must not be in the future',
  missingSiteColumn: () => 'missing column site_code (网点代码)',
  missingContactColumn: () => 'missing column email (邮箱) or phone (手机)',
  emptyFile: () => 'the file is empty: it needs a header row and at least one recipient',
};

/** A row error with its rule code and params (pages translate them) and the English rule. */
export function rowError(row: number, field: string, code: RecipientRule, params?: Params): RowError {
  return { row, field, rule: RULE_TEXT[code](params ?? {}), code, ...(params ? { params } : {}) };
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** Digits of a mainland mobile number, without +86 / 0086 and separators; null when it is not one. */
export function normalisePhone(raw: string): string | null {
  const digits = raw.replace(/[\s()-]/g, '').replace(/^(\+86|0086)/, '');
  return MOBILE.test(digits) ? digits : null;
}

function normaliseDate(raw: string, today: string): string | 'bad' | 'future' {
  const m = DATE.exec(raw);
  if (!m) return 'bad';
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) return 'bad';
  return iso > today ? 'future' : iso;
}

/**
 * The row as a RecipientInput, or its errors. `siteCodes` are the campaign's
 * sites; `today` is the enterprise-local date (service dates cannot be later).
 */
export function checkRecipient(row: number, raw: RawRecipient, siteCodes: ReadonlySet<string>, today: string): { input?: RecipientInput; errors: RowError[] } {
  const errors: RowError[] = [];
  const fail = (field: string, code: RecipientRule, params?: Params) => errors.push(rowError(row, field, code, params));
  const input: RecipientInput = { row, siteCode: str(raw.siteCode).toUpperCase() };

  if (!input.siteCode) fail('site_code', 'required');
  else if (!siteCodes.has(input.siteCode)) fail('site_code', 'siteNotInCampaign', { sites: [...siteCodes].join(', ') });

  const email = str(raw.email).toLowerCase();
  if (email) {
    if (email.length > 254 || !EMAIL.test(email)) fail('email', 'email');
    else input.email = email;
  }
  const phoneRaw = str(raw.phone);
  if (phoneRaw) {
    const phone = normalisePhone(phoneRaw);
    if (!phone) fail('phone', 'mobile');
    else input.phone = phone;
  }
  if (!email && !phoneRaw) fail('email', 'contactRequired');

  const name = str(raw.name);
  if (name.length > 100 || CONTROL.test(name)) fail('name', 'text', { max: 100 });
  else if (name) input.name = name;

  const caseId = str(raw.caseId);
  if (caseId.length > 64 || CONTROL.test(caseId)) fail('case_id', 'text', { max: 64 });
  else if (caseId) input.caseId = caseId;

  const dateRaw = str(raw.serviceDate);
  if (dateRaw) {
    const date = normaliseDate(dateRaw, today);
    if (date === 'bad') fail('service_date', 'date');
    else if (date === 'future') fail('service_date', 'futureDate');
    else input.serviceDate = date;
  }
  return errors.length ? { errors } : { input, errors };
}

/** The keys under which a recipient counts as a duplicate: same email or same phone, with the same case id. */
export function dedupeKeysOf(input: Pick<RecipientInput, 'email' | 'phone' | 'caseId'>): string[] {
  const keys: string[] = [];
  if (input.email) keys.push(`e:${input.email}|${input.caseId ?? ''}`);
  if (input.phone) keys.push(`p:${input.phone}|${input.caseId ?? ''}`);
  return keys;
}
