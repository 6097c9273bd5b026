/**
 * Customer survey campaigns: a published survey version sent to recipients
 * (personal links) and offered at sites (anonymous links), over a period.
 */
import type { Doc } from '../../store/types';
import type { CampaignEmails } from './emailTexts';

export interface ReminderSettings {
  /** Days after the invitation (and after each reminder) before the next reminder. */
  afterDays: number;
  /** At most this many reminders per recipient; 0 sends none. */
  maxCount: number;
}

export interface Campaign extends Doc {
  enterpriseId: string;
  name: string;
  templateId: string;
  templateVersion: number;
  siteIds: string[];
  /** Enterprise-local dates, YYYY-MM-DD; invitations go out from startsOn, links work until the end of endsOn. */
  startsOn: string;
  endsOn: string;
  startsAt: string;
  linksExpireAt: string;
  reminders: ReminderSettings;
  /** Who respondents contact about their data (shown in the privacy notice). */
  privacyContact: string;
  /** The campaign's own invitation and reminder texts; the built-in ones when absent. */
  emails?: CampaignEmails;
  emailsUpdatedAt?: string;
  closedAt?: string;
  invitationsRequestedAt?: string;
  /** Invitations held for a later moment (the send button's schedule); kept after it passes, shown only before. */
  scheduledSend?: ScheduledSend;
  contactsPurgedAt?: string;
  createdAt: string;
  createdBy: string;
}

export interface ScheduledSend {
  /** When the invitations go out (UTC). */
  at: string;
  /** How many recipients were scheduled for it. */
  count: number;
  /** The queued campaign.send job that sends them then. */
  jobId: string;
  by: string;
}

/** `nextMailAt` for a recipient who gets no (further) mail: sorts after every ISO timestamp. */
export const NEVER = '~';

export interface Recipient extends Doc {
  enterpriseId: string;
  campaignId: string;
  importId: string;
  /** Row of the CSV (or position in the API array) it came from. */
  row: number;
  siteId: string;
  siteCode: string;
  name?: string;
  email?: string;
  phone?: string;
  caseId?: string;
  serviceDate?: string;
  /** De-duplication keys, unique per campaign: contact + case id, or a filler unique to the row. */
  emailKey: string;
  phoneKey: string;
  /** The personal link's secret (see docs/campaigns.md for why it is kept, not hashed). */
  token: string;
  expiresAt: string;
  createdAt: string;
  invitedAt?: string;
  invitedVia?: 'email' | 'sms';
  openedAt?: string;
  respondedAt?: string;
  responseId?: string;
  unsubscribedAt?: string;
  bouncedAt?: string;
  bounceReason?: string;
  /** Emails sent: the invitation, then reminders. */
  mailsSent: number;
  remindersSent: number;
  lastMailedAt?: string;
  /** When the next email is due; NEVER when none is. */
  nextMailAt: string;
  /** A sender holds the recipient until then, so two senders never mail it twice. */
  claimUntil: string;
}

/** One recipient as given in a CSV row or the API, before it is stored. */
export type RecipientInput = Pick<Recipient, 'row' | 'siteCode' | 'name' | 'email' | 'phone' | 'caseId' | 'serviceDate'>;

/** What a recipient row or file can break; pages translate by it, the API keeps the English `rule`. */
export type RecipientRule =
  | 'required'
  | 'siteNotInCampaign'
  | 'email'
  | 'mobile'
  | 'contactRequired'
  | 'text'
  | 'date'
  | 'futureDate'
  | 'missingSiteColumn'
  | 'missingContactColumn'
  | 'emptyFile';

export interface RowError {
  row: number;
  field: string;
  /** The rule in English, as API clients have always read it. */
  rule: string;
  /** Absent only on imports staged before rules had codes. */
  code?: RecipientRule;
  params?: Record<string, string | number>;
}

export interface RowDuplicate {
  row: number;
  /** The earlier row of the same file, or 0 when the recipient is already in the campaign. */
  sameAs: number;
}

export type ImportState = 'staged' | 'running' | 'done' | 'failed';

export interface RecipientImport extends Doc {
  enterpriseId: string;
  campaignId: string;
  source: 'csv' | 'api';
  fileName?: string;
  encoding?: string;
  state: ImportState;
  rows: number;
  valid: number;
  errorCount: number;
  /** The first errors (the preview shows them; all of them block the import). */
  errors: RowError[];
  duplicateCount: number;
  duplicates: RowDuplicate[];
  preview: RecipientInput[];
  chunks: number;
  processed: number;
  inserted: number;
  createdAt: string;
  createdBy: string;
  startedAt?: string;
  heartbeatAt?: string;
  finishedAt?: string;
  failure?: string;
}

/** Staged rows of an import, a thousand per document, until the import is committed. */
export interface ImportChunk extends Doc {
  enterpriseId: string;
  importId: string;
  n: number;
  rows: RecipientInput[];
}

/** The anonymous link of one site in one campaign: /f/<_id>, printed as a QR code. */
export interface SiteLink extends Doc {
  enterpriseId: string;
  campaignId: string;
  siteId: string;
  createdAt: string;
}

/** Records a device's answer at a site link for a day (one response per device per day). */
export interface DeviceResponse extends Doc {
  enterpriseId: string;
  campaignId: string;
  siteLinkId: string;
  day: string;
  responseId: string;
  at: string;
}
