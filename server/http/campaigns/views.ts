/** View models for the campaign pages: dates, masked contacts, status rows. */
import type { Site } from '../../services/accounts/sites';
import { isOpen } from '../../services/campaigns/campaigns';
import type { Campaign, Recipient, RecipientImport, RecipientInput, RowError } from '../../services/campaigns/types';
import type { StatusCounts } from '../../services/campaigns/status';
// Contacts are shown masked on pages: the full values leave only through the SMS export and the mail itself.
import { maskEmail, maskName, maskPhone } from '../../services/exports/mask';

type Translate = (key: string, vars?: Record<string, unknown>) => string;

/** A row error in the reader's language, from its rule code; imports staged before codes keep their English rule. */
export function rowErrorRow(e: RowError, t: Translate) {
  return {
    row: e.row,
    field: e.field,
    fieldLabel: t(`campaigns.import.fields.${e.field}`),
    rule: e.code ? t(`campaigns.import.rules.${e.code}`, e.params) : e.rule,
  };
}

export const shortTime = (iso?: string) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');

export type RecipientState = 'responded' | 'unsubscribed' | 'bounced' | 'opened' | 'invited' | 'pending';

export function recipientState(r: Recipient): RecipientState {
  if (r.respondedAt) return 'responded';
  if (r.unsubscribedAt) return 'unsubscribed';
  if (r.bouncedAt) return 'bounced';
  if (r.openedAt) return 'opened';
  if (r.invitedAt) return 'invited';
  return 'pending';
}

export function recipientRow(r: Recipient, t: (key: string) => string) {
  return {
    siteCode: r.siteCode,
    name: maskName(r.name),
    email: maskEmail(r.email),
    phone: maskPhone(r.phone),
    caseId: r.caseId ?? '',
    state: t(`campaigns.state.${recipientState(r)}`),
    mails: r.mailsSent,
  };
}

export function statusRow(c: StatusCounts) {
  return { ...c, responseRate: c.responseRate === null ? '—' : `${c.responseRate}%` };
}

export function campaignSummary(c: Campaign, sites: Site[], templateName: string) {
  return {
    id: c._id,
    name: c.name,
    template: `${templateName} · v${c.templateVersion}`,
    period: `${c.startsOn} – ${c.endsOn}`,
    sites: sites
      .filter((s) => c.siteIds.includes(s._id))
      .map((s) => s.code)
      .join(', '),
    reminders: c.reminders,
    open: isOpen(c),
    privacyContact: c.privacyContact,
  };
}

export function importRow(r: RecipientImport, t: (key: string, vars?: Record<string, unknown>) => string) {
  return {
    id: r._id,
    at: shortTime(r.createdAt),
    fileName: r.fileName ?? t('campaigns.import.viaApi'),
    state: t(`campaigns.import.state.${r.state}`),
    rows: r.rows,
    inserted: r.inserted,
    errors: r.errorCount,
  };
}

export function previewRow(r: RecipientInput) {
  return { ...r, name: maskName(r.name), email: maskEmail(r.email), phone: maskPhone(r.phone) };
}
