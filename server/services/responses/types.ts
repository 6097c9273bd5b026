import type { Doc } from '../../store/types';
import type { ResponseContribution } from '../scoring/contributions';
import type { Answers, Channel } from '../templates/types';

/** Which entry point a response came through. */
export type ResponseSource = 'api' | 'link' | 'site-link' | 'call' | 'visit' | 'import' | 'demo';

export interface ResponseDoc extends Doc {
  enterpriseId: string;
  templateId: string;
  templateVersion: number;
  /** The catalogue the template version's indicator codes refer to. */
  catalogue: { code: string; version: string };
  siteId: string;
  siteCode: string;
  channel: Channel;
  source: ResponseSource;
  answers: Answers;
  /**
   * What the response adds to the scores, kept so a rebuild or an un-approval can replay it.
   * Indicator codes contain dots, which document keys may not, so indicators are stored as pairs.
   */
  contribution: StoredContribution;
  /** When the customer answered (the call took place, the visit happened). */
  respondedAt: string;
  /** When the server stored it. */
  submittedAt: string;
  /** When it started counting in the scores (visits: at approval); absent while it does not count. */
  countedAt?: string;
  /** A mystery-channel response that arrived outside a visit: who approved it, and when (absent while it waits). */
  approvedAt?: string;
  approvedBy?: string;
  /** Unique: one response per idempotency key or personal token. */
  dedupeKey: string;
  /** SHA-256 of the submission, to tell a true retry from a reused key. */
  fingerprint: string;
  submittedBy: string;
  refs?: Record<string, string>;
}

export type StoredContribution = Omit<ResponseContribution, 'indicators'> & { indicators: Array<[string, number]> };

export function storeContribution(c: ResponseContribution): StoredContribution {
  return { ...c, indicators: Object.entries(c.indicators) };
}

export function loadContribution(c: StoredContribution): ResponseContribution {
  return { ...c, indicators: Object.fromEntries(c.indicators) };
}
