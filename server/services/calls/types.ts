/**
 * Follow-up calls (回访): service cases imported from the enterprise's systems,
 * call lists sampled from them per site and period, and the attempts agents
 * make. The phone number is stored whole and leaves the server whole only to
 * the agent holding the case (see phone.ts and views.ts).
 */
import type { Doc } from '../../store/types';

export const OUTCOMES = ['completed', 'no_answer', 'busy', 'refused', 'wrong_number', 'callback'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Where a case stands: open while it waits in a list, otherwise closed with its final outcome. */
export type CaseStatus = 'unsampled' | 'open' | 'completed' | 'refused' | 'wrong_number' | 'non_contact';
export const CLOSED_STATUSES: readonly CaseStatus[] = ['completed', 'refused', 'wrong_number', 'non_contact'];

export type Daypart = 'morning' | 'afternoon' | 'evening';

/** No claim: an ISO time before any real one, so "claim expired" is one range condition for every store. */
export const NO_CLAIM = '1970-01-01T00:00:00.000Z';

export interface CallCase extends Doc {
  enterpriseId: string;
  /** The enterprise's own case (work order) id; unique within the enterprise. */
  caseId: string;
  siteId: string;
  siteCode: string;
  customerName: string;
  /** Normalised: 11-digit mobile, or area code-number for a landline. Never sent unmasked except to the holder. */
  phone: string;
  serviceType: string;
  /** Enterprise-local date, YYYY-MM-DD. */
  serviceDate: string;
  importedAt: string;
  importedBy: string;
  source: 'csv' | 'api' | 'demo';
  status: CaseStatus;
  callListId?: string;
  sampledAt?: string;
  /** When the next attempt may be made (open cases only). */
  dueAt?: string;
  /** 0 for a callback the customer asked for, 1 otherwise: callbacks are served first once due. */
  priority?: number;
  holderId?: string;
  claimExpiresAt: string;
  attempts: number;
  /** Part of the day of each attempt so far, in order. */
  dayparts: Daypart[];
  /** Someone answered at least once (completed, refused or asked for a callback). */
  contacted: boolean;
  lastOutcome?: Outcome;
  lastAttemptAt?: string;
  callbackAt?: string;
  closedAt?: string;
  responseId?: string;
}

export interface QuotaPlan {
  mode: 'planner' | 'manual';
  z?: number;
  p?: number;
  e?: number;
  /** Population: eligible cases at the draw. */
  N: number;
  nInfinite?: number;
  nFpc?: number;
  method?: string;
}

export interface CallList extends Doc {
  enterpriseId: string;
  siteId: string;
  siteCode: string;
  /** Enterprise-local dates, inclusive. */
  periodFrom: string;
  periodTo: string;
  /** Completed calls wanted. */
  quota: number;
  plan: QuotaPlan;
  /** Share of sampled cases expected to complete; the draw is quota ÷ this, at most N. */
  expectedResponseRate: number;
  sampleSize: number;
  /** 32-bit seed of the draw; with the population it reproduces the sample exactly. */
  seed: number;
  /** SHA-256 of the sorted case ids the draw chose from. */
  populationHash: string;
  drawnAt: string;
  maxAttempts: number;
  templateId: string;
  templateVersion: number;
  createdBy: string;
  createdAt: string;
}

export interface CallAttempt extends Doc {
  enterpriseId: string;
  /** Our _id of the case. */
  caseRef: string;
  callListId: string;
  siteId: string;
  agentId: string;
  at: string;
  outcome: Outcome;
  daypart: Daypart;
  number: number;
  callbackAt?: string;
  note?: string;
  responseId?: string;
}

/** What a service-case row can break; pages translate by it, the API keeps the English `rule`. */
export type CaseRule = 'required' | 'text' | 'caseIdChars' | 'siteNotYours' | 'phone' | 'date' | 'futureDate';

/** One problem in an imported row, for a person fixing the file. */
export interface RowError {
  row: number;
  field: string;
  /** The rule in English, as API clients have always read it. */
  rule: string;
  /** Absent only on imports made before rules had codes. */
  code?: CaseRule;
  params?: Record<string, string | number>;
}

export const collections = {
  cases: 'callCases',
  lists: 'callLists',
  attempts: 'callAttempts',
} as const;
