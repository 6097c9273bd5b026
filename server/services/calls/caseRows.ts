/**
 * One service case checked on its own, for CSV rows and API items alike: every
 * problem is reported with its field and rule (never the value, which may be a
 * phone number), so a person can fix a whole file in one go.
 */
import { normalisePhone } from './phone';
import type { CaseRule, RowError } from './types';

export interface CaseInput {
  caseId: string;
  siteCode: string;
  customerName: string;
  phone: string;
  serviceType: string;
  serviceDate: string;
}

export type RawCase = Partial<Record<keyof CaseInput, unknown>>;

/** The field names people see in files and API errors. */
export const CASE_FIELDS: Record<keyof CaseInput, string> = {
  caseId: 'case_id',
  siteCode: 'site_code',
  customerName: 'customer_name',
  phone: 'phone',
  serviceType: 'service_type',
  serviceDate: 'service_date',
};

const DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what a cell may not contain
const CONTROL = /[\u0000-\u001f\u007f]/;
const CASE_ID = /^[\p{L}\p{N}][\p{L}\p{N}_\-./#:]{0,63}$/u;

type Params = Record<string, string | number>;

/** The English text of each rule: the API's wording, unchanged since before rules had codes. */
const RULE_TEXT: Record<CaseRule, (p: Params) => string> = {
  required: () => 'is required',
  text: (p) => `must be at most ${p.max} characters of text`,
  caseIdChars: () => 'must be letters, digits and - _ . / # : (at most 64)',
  siteNotYours: (p) => `must be one of your site codes (${p.sites})`,
  phone: () => 'must be a mainland mobile (11 digits starting 13–19) or a landline with area code, e.g. 010-12345678',
  date: () => 'must be a date as YYYY-MM-DD',
  futureDate: () => 'must not be in the future',
};

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : '');

/** YYYY-MM-DD from 2024-3-5, 2024/03/05 or 2024.3.5; 'bad' for anything else or an impossible date. */
export function normaliseDate(raw: string): string | 'bad' {
  const m = DATE.exec(raw);
  if (!m) return 'bad';
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? 'bad' : iso;
}

/**
 * The case as stored, or its errors. `siteCodes` are the sites the caller may
 * import into; `today` is the enterprise-local date (a service cannot be later).
 */
export function checkCaseRow(row: number, raw: RawCase, siteCodes: ReadonlySet<string>, today: string): { input?: CaseInput; errors: RowError[] } {
  const errors: RowError[] = [];
  const fail = (field: keyof CaseInput, code: CaseRule, params?: Params) =>
    errors.push({ row, field: CASE_FIELDS[field], rule: RULE_TEXT[code](params ?? {}), code, ...(params ? { params } : {}) });
  const text = (field: keyof CaseInput, max: number): string => {
    const value = str(raw[field]);
    if (!value) fail(field, 'required');
    else if (value.length > max || CONTROL.test(value)) fail(field, 'text', { max });
    return value;
  };

  const caseId = text('caseId', 64);
  if (caseId && !errors.length && !CASE_ID.test(caseId)) fail('caseId', 'caseIdChars');
  const siteCode = str(raw.siteCode).toUpperCase();
  if (!siteCode) fail('siteCode', 'required');
  else if (!siteCodes.has(siteCode)) fail('siteCode', 'siteNotYours', { sites: [...siteCodes].sort().join(', ') });
  const customerName = text('customerName', 100);
  const phoneRaw = str(raw.phone);
  const phone = phoneRaw ? normalisePhone(phoneRaw) : null;
  if (!phoneRaw) fail('phone', 'required');
  else if (!phone) fail('phone', 'phone');
  const serviceType = text('serviceType', 40);
  const dateRaw = str(raw.serviceDate);
  const serviceDate = dateRaw ? normaliseDate(dateRaw) : 'bad';
  if (!dateRaw) fail('serviceDate', 'required');
  else if (serviceDate === 'bad') fail('serviceDate', 'date');
  else if (serviceDate > today) fail('serviceDate', 'futureDate');

  if (errors.length) return { errors };
  return { input: { caseId, siteCode, customerName, phone: phone!, serviceType, serviceDate }, errors };
}
