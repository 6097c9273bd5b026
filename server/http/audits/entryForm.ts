/**
 * The entry page's form (works without JavaScript): one radio group and a few
 * fields per indicator, named `<field>:<indicator code>`, plus the site's bonus.
 * Parsed into the same changes the JSON API takes; the service judges them.
 */
import { ValidationError } from '../../errors';
import type { LoadedCatalogue } from '../../services/catalogues';
import type { BonusInput } from '../../services/audits/adjustments';
import type { EntryStatus } from '../../services/audits/types';
import type { SiteEntryChange } from '../../services/audits/entries';

export interface FormRow {
  status: string;
  fraction: string;
  reason: string;
  nc: { note: string; evidence: string; dueDate: string };
  rev: number;
}

export interface SiteForm {
  rows: Map<string, FormRow>;
  changes: SiteEntryChange[];
  bonus: { input: BonusInput | null; rev: number };
  bonusRow: { points: string; reason: string; rev: number };
}

const ROW_FIELDS = ['status', 'fraction', 'reason', 'ncNote', 'ncEvidence', 'ncDue', 'rev'] as const;
const SITE_FIELDS = new Set(['_csrf', 'bonusPoints', 'bonusReason', 'bonusRev']);

function single(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  if (v === undefined) return '';
  if (typeof v !== 'string') throw new ValidationError(`${name}: must be given once`, name);
  return v.trim();
}

function revOf(value: string, name: string): number {
  if (value === '') return 0;
  if (!/^\d{1,9}$/.test(value)) throw new ValidationError(`${name}: must be a whole number`, name);
  return Number(value);
}

export function parseSiteForm(catalogue: LoadedCatalogue, body: Record<string, unknown>): SiteForm {
  const codes = new Set(catalogue.indicators.map((n) => n.code));
  for (const name of Object.keys(body)) {
    const [field, code] = name.split(/:(.*)/s);
    const known = SITE_FIELDS.has(name) || ((ROW_FIELDS as readonly string[]).includes(field) && codes.has(code ?? ''));
    if (!known) throw new ValidationError(`${name}: unknown field, not allowed here`, name);
  }
  const rows = new Map<string, FormRow>();
  const changes: SiteEntryChange[] = [];
  for (const code of codes) {
    // A row whose radio group was not posted is not part of this save.
    if (body[`status:${code}`] === undefined) continue;
    const get = (field: string) => single(body, `${field}:${code}`);
    const row: FormRow = {
      status: get('status'),
      fraction: get('fraction'),
      reason: get('reason'),
      nc: { note: get('ncNote'), evidence: get('ncEvidence'), dueDate: get('ncDue') },
      rev: revOf(get('rev'), `rev:${code}`),
    };
    rows.set(code, row);
    if (row.status === '') {
      changes.push({ code, entry: null, rev: row.rev });
      continue;
    }
    const hasNc = row.nc.note || row.nc.evidence || row.nc.dueDate;
    const fraction = row.fraction === '' ? undefined : Number(row.fraction.replace(',', '.'));
    changes.push({
      code,
      rev: row.rev,
      entry: {
        status: row.status as EntryStatus,
        // A fraction typed before choosing another status is left out, not refused.
        ...(row.status === 'fraction' ? { fraction: fraction ?? Number.NaN } : {}),
        ...(row.reason ? { reason: row.reason } : {}),
        nonconformity: hasNc ? { ...row.nc } : null,
      },
    });
  }
  const bonusRow = { points: single(body, 'bonusPoints'), reason: single(body, 'bonusReason'), rev: revOf(single(body, 'bonusRev'), 'bonusRev') };
  let input: BonusInput | null = null;
  if (bonusRow.points || bonusRow.reason) {
    // Not a number: the service refuses it by name, and the page keeps what was typed.
    input = { points: bonusRow.points === '' ? Number.NaN : Number(bonusRow.points.replace(',', '.')), reason: bonusRow.reason };
  }
  return { rows, changes, bonus: { input, rev: bonusRow.rev }, bonusRow };
}

/** The indicator a service error is about, from its field (`entries.3.reason` or `reason` for a single change). */
export function errorCode(changes: SiteEntryChange[], field: string | undefined): string | null {
  if (!field) return null;
  const m = /^entries\.(\d+)\./.exec(field);
  if (m) return changes[Number(m[1])]?.code ?? null;
  return changes.length === 1 && !field.startsWith('bonus') ? changes[0].code : null;
}
